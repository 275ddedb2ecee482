import { randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { signAccessToken } from '@garda/service-kit';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

const [alice, bob] = DemoTenant.agents;

/**
 * The desk's HTTP API through the gateway on the real services: an agent reads only the
 * customers of conversations assigned to them (supervisors their tenant, nobody another tenant),
 * sees their pending offers and routing's after-contact work, and transfers their own contact only.
 */
describe("the agent desk's HTTP API", () => {
  const platform = new Platform();
  const customers: WebChatCustomer[] = [];
  let agent: AgentClient;
  const tokens = { alice: '', bob: '', supervisor: '', admin: '', otherTenant: '' };

  const call = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    token: string,
    body?: unknown,
    service: 'gateway' | 'routing' = 'gateway',
  ) => {
    const response = await fetch(`${platform.url(service)}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => undefined)) as Record<string, unknown> & Array<Record<string, unknown>>,
    };
  };

  /** A web-chat customer writes; Alice (the only agent available) is offered the contact and accepts it. */
  const contactAcceptedByAlice = async (name: string, text: string) => {
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name, email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@example.com`, topic: 'support' });
    customers.push(customer);
    await customer.say(text);
    const offer = (await agent.waitFor('offer:new', (o) => o.preview === text)).payload as {
      contactId: string;
      conversationId: string;
      customerId: string;
    };
    return { offer, accept: () => agent.send('offer:accept', { contactId: offer.contactId }) };
  };
  const recorded = (conversationId: string) =>
    waitUntil(
      async () => {
        const { status, body } = await call('GET', `/conversations/${conversationId}`, tokens.alice);
        return status === 200 && body.assignedAgentId === alice.id ? body : undefined;
      },
      15_000,
      'the assignment recorded by tickets',
    );

  beforeAll(async () => {
    await platform.start();
    const gateway = platform.url('gateway');
    [tokens.alice, tokens.bob, tokens.supervisor, tokens.admin] = await Promise.all(
      [alice.email, bob.email, DemoTenant.supervisor.email, DemoTenant.admin.email].map(
        async (email) => (await login(gateway, email)).token,
      ),
    );
    tokens.otherTenant = signAccessToken(
      { sub: randomUUID(), tenantId: randomUUID(), role: 'supervisor', name: 'Olga Other' },
      platform.env.JWT_SECRET,
    );
    // Five seconds of after-contact work on "support", as an admin would configure it.
    const support = DemoTenant.queues[0];
    const queue = await call(
      'PUT',
      `/queues/${support.name}`,
      tokens.admin,
      { requiredSkills: support.requiredSkills, isDefault: true, afterContactWorkSeconds: 5 },
      'routing',
    );
    expect(queue.status).toBe(200);
    agent = new AgentClient(gateway, tokens.alice);
    await agent.connected();
    await agent.goAvailable();
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await platform.stop();
  });

  it("lists an agent's pending offers (the desk reloads them after a disconnect), and only theirs", async () => {
    const { offer, accept } = await contactAcceptedByAlice('Ada', 'Hello, my parcel has not arrived');
    const mine = await call('GET', '/me/offers', tokens.alice);
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({
        contactId: offer.contactId,
        agentId: alice.id,
        queueName: 'support',
        channel: 'webchat',
        preview: 'Hello, my parcel has not arrived',
      }),
    ]);
    expect((await call('GET', '/me/offers', tokens.bob)).body).toEqual([]);
    await accept();
    await recorded(offer.conversationId);
    expect((await call('GET', '/me/offers', tokens.alice)).body).toEqual([]);
  });

  it('shows an agent the customers of their own conversations only; supervisors their tenant; another tenant nothing', async () => {
    const [conversation] = (await call('GET', '/conversations', tokens.alice)).body;
    const customerId = conversation.customerId as string;

    for (const path of [`/customers/${customerId}`, `/customers/${customerId}/tickets`, `/customers/${customerId}/timeline`]) {
      expect({ path, status: (await call('GET', path, tokens.alice)).status }).toEqual({ path, status: 200 });
      expect({ path, status: (await call('GET', path, tokens.supervisor)).status }).toEqual({ path, status: 200 });
      expect({ path, status: (await call('GET', path, tokens.bob)).status }).toEqual({ path, status: 403 });
    }
    expect((await call('GET', `/customers/${customerId}`, tokens.alice)).body).toMatchObject({ id: customerId, displayName: 'Ada' });
    const timeline = (await call('GET', `/customers/${customerId}/timeline`, tokens.alice)).body as unknown as {
      conversations: Array<{ id: string; channel: string }>;
      messages: Array<Record<string, unknown>>;
    };
    expect(timeline.conversations).toEqual([expect.objectContaining({ id: conversation.id, channel: 'webchat' })]);
    expect(timeline.messages).toEqual([
      expect.objectContaining({ conversationId: conversation.id, channel: 'webchat', text: 'Hello, my parcel has not arrived' }),
    ]);

    // Another tenant's supervisor learns nothing about this customer.
    expect((await call('GET', `/customers/${customerId}`, tokens.otherTenant)).status).toBe(404);
    expect((await call('GET', `/customers/${customerId}/tickets`, tokens.otherTenant)).body).toEqual([]);
    expect((await call('GET', `/customers/${customerId}/timeline`, tokens.otherTenant)).body).toMatchObject({
      conversations: [],
      messages: [],
    });
    expect((await call('GET', '/customers/not-a-uuid', tokens.alice)).status).toBe(400);
  });

  it("transfers an agent's own contact only, and the customer leaves their desk with it", async () => {
    const [conversation] = (await call('GET', '/conversations', tokens.alice)).body;
    const contactId = conversation.contactId as string;
    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.bob, { queue: 'support' })).status).toBe(403);
    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.alice, {})).status).toBe(400);
    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.alice, { queue: 'no-such-queue' })).status).toBe(404);
    // Bob is offline: routing refuses to hand him anything, and he is not among the desk's targets.
    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.alice, { agentId: bob.id })).status).toBe(409);
    expect((await call('GET', '/me/transfer-targets', tokens.alice)).body).toEqual({ queues: ['sales', 'support'], agents: [] });

    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.alice, { queue: 'sales' })).status).toBe(200);
    await agent.waitFor('contact:transferred', (event) => event.contactId === contactId && event.fromAgentId === alice.id);
    await waitUntil(
      async () => ((await call('GET', '/conversations', tokens.alice)).body.length === 0 ? true : undefined),
      15_000,
      'the conversation off her list',
    );
    expect((await call('GET', `/customers/${conversation.customerId as string}`, tokens.alice)).status).toBe(403);
    expect((await call('POST', `/me/contacts/${contactId}/transfer`, tokens.alice, { queue: 'support' })).status).toBe(403);
    // Alice is the only agent available with the sales skill: the contact comes back to her, and with it the customer.
    await agent.waitFor('offer:new', (o) => o.contactId === contactId && o.queueName === 'sales');
    await agent.send('offer:accept', { contactId });
    await recorded(conversation.id as string);
    expect((await call('GET', `/customers/${conversation.customerId as string}`, tokens.alice)).status).toBe(200);
  });

  it("puts the agent in routing's after-contact work on wrap-up, with its end, and says so to the desk", async () => {
    const { offer, accept } = await contactAcceptedByAlice('Grace', 'Is anyone there?');
    await accept();
    await recorded(offer.conversationId);
    const closedAt = Date.now();
    expect((await call('POST', `/conversations/${offer.conversationId}/close`, tokens.alice, { disposition: 'Resolved' })).status).toBe(
      201,
    );
    const pushed = await agent.waitFor('agent:status', (status) => status.state === 'after-contact-work');
    const until = Date.parse(pushed.payload.until as string);
    expect(until - closedAt).toBeGreaterThan(3_000);
    expect(until - closedAt).toBeLessThan(15_000);
    const state = await call('GET', '/me/state', tokens.alice);
    expect(state.body).toMatchObject({ agentId: alice.id, state: 'after-contact-work', until: pushed.payload.until });
    // When routing's timer runs out the agent is available again, without anyone asking.
    await agent.waitFor(
      'agent:status',
      (status) => status.state === 'available' && Date.parse(status.changedAt as string) >= until - 1000,
      20_000,
    );
    expect((await call('GET', '/me/state', tokens.alice)).body).toMatchObject({ state: 'available' });
    expect((await call('GET', '/me/state', tokens.alice)).body.until).toBeUndefined();
  });
});

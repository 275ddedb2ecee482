import { randomInt, randomUUID } from 'node:crypto';
import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from '../support/actors';
import { Platform } from '../support/platform';
import { pendingOutboxRows, searchEverySchema } from './personal-data-search';

jest.setTimeout(300_000);

const alice = DemoTenant.agents[0];

interface ErasureView {
  id: string;
  status: 'pending' | 'done';
  services: Array<{ service: string; done: boolean; rowsAffected: number | null }>;
}

/**
 * A customer's right to their data (export) and to be forgotten (erasure), on the whole platform:
 * real services as processes, a real Kafka broker, a real PostgreSQL. The customer writes on web
 * chat with their name, e-mail and phone, an agent answers; then an admin exports and erases them,
 * and a search of every column of every table of every schema finds none of it any more.
 */
describe('a customer is exported and erased across every service', () => {
  const platform = new Platform();
  let agent: AgentClient;
  let adminToken: string;
  let agentToken: string;
  const customer = {
    name: `Kartika Wulandari`,
    email: `kartika.${randomUUID().slice(0, 8)}@example.id`,
    phone: `+62812${randomInt(1e6, 1e7)}`,
  };
  let chat: WebChatCustomer;
  let customerId: string;

  const gateway = async (method: 'GET' | 'POST', path: string, token = adminToken) => {
    const response = await fetch(`${platform.url('gateway')}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
  const terms = () => [customer.name, customer.email, customer.phone, chat.sessionId];

  beforeAll(async () => {
    await platform.start(['customers', 'tickets', 'routing', 'channels-ingest', 'gateway', 'analytics', 'notifications']);
    adminToken = (await login(platform.url('gateway'), DemoTenant.admin.email)).token;
    agentToken = (await login(platform.url('gateway'), alice.email)).token;
    agent = new AgentClient(platform.url('gateway'), agentToken);
    await agent.connected();
    await agent.goAvailable();

    chat = new WebChatCustomer(platform.url('channels-ingest'));
    await chat.open({ name: customer.name, email: customer.email, topic: 'support' });
    const text = `My order has not arrived, please call me on ${customer.phone}`;
    expect((await chat.say(text)).status).toBe(202);
    const offer = await agent.waitFor('offer:new', (o) => o.preview === text, 60_000);
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    const conversationId = offer.payload.conversationId as string;
    await agent.waitFor('contact:assigned', (a) => a.conversationId === conversationId);
    await agent.send('conversation:reply', {
      conversationId,
      messageId: randomUUID(),
      text: `Thank you ${customer.name}, we will call ${customer.phone}`,
    });
    await chat.waitForReply((reply) => reply.text.startsWith('Thank you'));
    customerId = await waitUntil(
      async () => {
        const response = await gateway('GET', `/conversations/${conversationId}`, agentToken);
        const messages = (response.body.messages as unknown[] | undefined) ?? [];
        return messages.length === 2 ? (response.body.customerId as string) : undefined;
      },
      30_000,
      'both messages on the conversation',
    );
    // Every service that keeps something of the person has it now: the search is not vacuous.
    await waitUntil(
      async () => {
        const schemas = new Set((await searchEverySchema(platform.env.DATABASE_URL, terms())).map((finding) => finding.schema));
        return ['customers', 'tickets', 'routing', 'channels_ingest', 'notifications'].every((schema) => schemas.has(schema))
          ? true
          : undefined;
      },
      60_000,
      "the customer's data in every service",
    );
  }, 300_000);

  afterAll(async () => {
    agent?.close();
    chat?.close();
    await platform.stop();
  });

  it('exports everything Garda holds about the customer as one JSON document, for admins only', async () => {
    const exported = await gateway('GET', `/privacy/customers/${customerId}/export`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toContain(`customer-${customerId}.json`);
    const services = exported.body.services as Record<string, Record<string, unknown>>;
    expect(services.customers.customer).toMatchObject({ id: customerId, displayName: customer.name, email: customer.email });
    expect((services.customers.identities as Array<{ value: string }>).map((identity) => identity.value)).toEqual(
      expect.arrayContaining([chat.sessionId, customer.email]),
    );
    expect((services.tickets.messages as Array<{ text: string }>).map((message) => message.text)).toEqual([
      `My order has not arrived, please call me on ${customer.phone}`,
      `Thank you ${customer.name}, we will call ${customer.phone}`,
    ]);
    expect((services.routing.contacts as Array<{ customer_name: string }>)[0].customer_name).toBe(customer.name);
    expect((services['channels-ingest'].webchatTranscript as unknown[]).length).toBe(2);
    expect((services.notifications.recipients as unknown[]).length).toBe(1);
    expect((services.analytics.conversations as unknown[]).length).toBe(1);

    expect((await gateway('GET', `/privacy/customers/${customerId}/export`, agentToken)).status).toBe(403);
    expect((await gateway('GET', `/privacy/customers/${randomUUID()}/export`)).status).toBe(404);
    expect((await gateway('GET', `/privacy/customers/not-a-uuid/export`)).status).toBe(400);
  });

  it('erases the customer in every service, reports done, and leaves no name, e-mail, phone or identity in any schema', async () => {
    expect((await gateway('POST', `/privacy/customers/${customerId}/erasure`, agentToken)).status).toBe(403);
    const requested = await gateway('POST', `/privacy/customers/${customerId}/erasure`);
    expect(requested.status).toBe(202);
    const requestId = requested.body.id as string;
    // Asked again while it runs: the same request, not a second one.
    const again = await gateway('POST', `/privacy/customers/${customerId}/erasure`);
    if (again.status === 200) expect(again.body.id).toBe(requestId);
    else expect((await gateway('GET', `/privacy/erasures/${requestId}`)).body.status).toBe('done');

    const done = await waitUntil(
      async () => {
        const view = (await gateway('GET', `/privacy/erasures/${requestId}`)).body as unknown as ErasureView;
        return view.status === 'done' ? view : undefined;
      },
      60_000,
      'the erasure request to show done',
    );
    expect(done.services.map((service) => service.service).sort()).toEqual([
      'channels-ingest',
      'customers',
      'notifications',
      'routing',
      'tickets',
    ]);
    expect(done.services.every((service) => service.done && (service.rowsAffected ?? 0) > 0)).toBe(true);

    await waitUntil(
      async () => ((await pendingOutboxRows(platform.env.DATABASE_URL)) === 0 ? true : undefined),
      30_000,
      'outboxes drained',
    );
    expect(await searchEverySchema(platform.env.DATABASE_URL, terms())).toEqual([]);

    // What is left is the shape of the contact, not the person: the conversation and its two messages, erased.
    const conversations = (await gateway('GET', `/privacy/customers/${customerId}/export`)).body.services as Record<
      string,
      Record<string, unknown>
    >;
    expect(conversations.customers.customer).toMatchObject({ displayName: null, email: null, phone: null });
    expect((conversations.tickets.messages as Array<{ text: string }>).map((message) => message.text)).toEqual(['[erased]', '[erased]']);
  });

  it('a second erasure of the same customer finds nothing left to change', async () => {
    const second = await gateway('POST', `/privacy/customers/${customerId}/erasure`);
    expect(second.status).toBe(202);
    const done = await waitUntil(
      async () => {
        const view = (await gateway('GET', `/privacy/erasures/${second.body.id as string}`)).body as unknown as ErasureView;
        return view.status === 'done' ? view : undefined;
      },
      60_000,
      'the second erasure to show done',
    );
    expect(done.services.map((service) => service.rowsAffected)).toEqual([0, 0, 0, 0, 0]);
    const list = await gateway('GET', '/privacy/erasures');
    expect((list.body as unknown as ErasureView[]).map((request) => request.id)).toContain(second.body.id);
  });
});

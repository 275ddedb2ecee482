import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { Platform } from './support/platform';

const alice = DemoTenant.agents[0];

/** Routing crashes (SIGKILL, no goodbye) in the middle of the flow; nothing is lost. */
describe('routing restarts without losing a contact', () => {
  const platform = new Platform();
  let agent: AgentClient;
  let supervisorToken: string;
  const customers: WebChatCustomer[] = [];

  beforeAll(async () => {
    await platform.start();
    const { token } = await login(platform.url('gateway'), alice.email);
    supervisorToken = (await login(platform.url('gateway'), DemoTenant.supervisor.email)).token;
    agent = new AgentClient(platform.url('gateway'), token);
    await agent.connected();
    await agent.goAvailable();
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customers.forEach((customer) => customer.close());
    await platform.stop();
  });

  const customerSays = async (name: string, text: string) => {
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name, topic: 'support' });
    customers.push(customer);
    expect((await customer.say(text)).status).toBe(202);
    return customer;
  };

  it('a contact that arrives while routing is down is offered once routing is back', async () => {
    await platform.kill('routing');
    await customerSays('Linus', 'Routing is down right now');

    // The rest of the platform keeps working: the conversation is opened and waits for routing.
    await waitUntil(
      async () => {
        const response = await fetch(`${platform.url('tickets')}/conversations`, {
          headers: { authorization: `Bearer ${supervisorToken}` },
        });
        const conversations = (await response.json()) as Array<{ customerName: string }>;
        return conversations.find((c) => c.customerName === 'Linus');
      },
      30_000,
      'the conversation to be opened',
    );
    expect(agent.count('offer:new', (o) => o.preview === 'Routing is down right now')).toBe(0);

    await platform.startOne('routing');
    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Routing is down right now', 60_000);
    expect(offer.payload.agentId).toBe(alice.id);
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    await agent.waitFor('contact:assigned', (a) => a.contactId === offer.payload.contactId);
  });

  it('an offer made before a crash can still be accepted after the restart, and only once', async () => {
    await customerSays('Barbara', 'Offer then crash');
    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Offer then crash');

    await platform.kill('routing');
    await platform.startOne('routing');

    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    await agent.waitFor('contact:assigned', (a) => a.contactId === offer.payload.contactId, 60_000);
    // A second accept of the same offer changes nothing: still exactly one assignment.
    await agent.send('offer:accept', { contactId: offer.payload.contactId as string });
    const response = await fetch(`${platform.url('routing')}/agents`, { headers: { authorization: `Bearer ${supervisorToken}` } });
    const agents = (await response.json()) as Array<{ agentId: string; load: Record<string, { used: number }> }>;
    expect(agents.find((a) => a.agentId === alice.id)?.load.webchat.used).toBe(2);
    expect(agent.count('contact:assigned', (a) => a.contactId === offer.payload.contactId)).toBe(1);
  });
});

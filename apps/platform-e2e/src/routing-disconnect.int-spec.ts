import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createLogger } from '@garda/service-kit';
import { AgentClient, login } from './support/actors';
import { Platform } from './support/platform';

const tenantId = DemoTenant.id;
const [alice, bob, carol] = DemoTenant.agents;
const logger = createLogger('routing-disconnect-int-spec', 'warn');

/**
 * An agent's connection drops with an offer on their screen: the gateway tells routing (their
 * last socket closed), routing takes them offline and offers the contact to the next agent at
 * once — the offer is cancelled, not left to expire (ADR 0011).
 */
describe('an agent whose last socket closes', () => {
  const platform = new Platform();
  let publisher: EventPublisher;
  let supervisor: AgentClient;
  let bobDesk: AgentClient;
  const sockets: AgentClient[] = [];

  const connect = async (email: string) => {
    const socket = new AgentClient(platform.url('gateway'), (await login(platform.url('gateway'), email)).token);
    sockets.push(socket);
    await socket.connected();
    return socket;
  };

  beforeAll(async () => {
    await platform.start(['routing', 'gateway']);
    publisher = new EventPublisher(
      createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'routing-disconnect-int-spec', logger }),
      logger,
    );
    await publisher.connect();
    supervisor = await connect(DemoTenant.supervisor.email);
  }, 300_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await publisher?.disconnect();
    await platform.stop();
  });

  it('has the offer cancelled and made to another agent, not left to time out', async () => {
    // An offer that would stay on Alice's screen for five minutes if nobody noticed she left.
    const admin = (await login(platform.url('gateway'), DemoTenant.admin.email)).token;
    const support = DemoTenant.queues[0];
    const saved = await fetch(`${platform.url('routing')}/queues/${support.name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requiredSkills: support.requiredSkills, isDefault: support.isDefault, offerTimeoutSeconds: 300 }),
    });
    expect(saved.status).toBe(200);

    // Alice goes available first, so the longest-idle strategy offers her the contact.
    const aliceDesk = await connect(alice.email);
    await aliceDesk.goAvailable();
    bobDesk = await connect(bob.email);
    await bobDesk.goAvailable();

    const contactId = randomUUID();
    await publisher.publish(
      Topics.RoutingRequested,
      {
        tenantId,
        contactId,
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
        channel: 'webchat',
        queue: support.name,
        requiredSkills: [],
        priority: 0,
        preview: 'are you still there?',
        requestedAt: new Date().toISOString(),
      },
      { tenantId, key: tenantId },
    );
    const first = await aliceDesk.waitFor('offer:new', (o) => o.contactId === contactId, 60_000);
    expect(first.payload.agentId).toBe(alice.id);

    aliceDesk.close();

    const second = await bobDesk.waitFor('offer:new', (o) => o.contactId === contactId, 60_000);
    expect(second.payload.agentId).toBe(bob.id);
    // Alice's offer was withdrawn because she left, not because its five minutes ran out…
    const closed = await supervisor.waitFor('offer:closed', (c) => c.contactId === contactId && c.agentId === alice.id);
    expect(closed.payload.reason).toBe('cancelled');
    expect(supervisor.count('offer:closed', (c) => c.contactId === contactId && c.reason === 'expired')).toBe(0);
    // …and routing has her offline because her connection dropped.
    const status = await supervisor.waitFor('agent:status', (s) => s.agentId === alice.id && s.state === 'offline');
    expect(status.payload.reason).toBe('disconnected');

    // Bob can take it as usual.
    await bobDesk.send('offer:accept', { contactId });
    await bobDesk.waitFor('contact:assigned', (a) => a.contactId === contactId && a.agentId === bob.id);
  });

  it('keeps an agent who still has another tab open', async () => {
    const carolDesk = await connect(carol.email);
    await carolDesk.goAvailable();
    const bobsOtherTab = await connect(bob.email);

    // Bob closes one of his two tabs, then Carol her only one. The gateway settles disconnects in
    // the order the sockets closed, and routing reads them from one partition (keyed by tenant):
    // by the time Carol is offline, a disconnect for Bob's first tab would have been applied too.
    bobDesk.close();
    // Only puts the two closes in order; were they to swap, the check below would prove less, never fail wrongly.
    await new Promise((resolve) => setTimeout(resolve, 300));
    carolDesk.close();
    const carolGone = await supervisor.waitFor('agent:status', (s) => s.agentId === carol.id && s.state === 'offline', 60_000);
    expect(carolGone.payload.reason).toBe('disconnected');
    expect(supervisor.count('agent:status', (s) => s.agentId === bob.id && s.state === 'offline')).toBe(0);

    // His last tab closing is his leaving.
    bobsOtherTab.close();
    const bobGone = await supervisor.waitFor('agent:status', (s) => s.agentId === bob.id && s.state === 'offline', 60_000);
    expect(bobGone.payload.reason).toBe('disconnected');
  });
});

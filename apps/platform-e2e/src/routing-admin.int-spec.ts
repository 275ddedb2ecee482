import { randomUUID } from 'node:crypto';
import { DemoTenant, Topics } from '@garda/contracts';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createLogger } from '@garda/service-kit';
import { AgentClient, login, waitUntil } from './support/actors';
import { Platform } from './support/platform';

const tenantId = DemoTenant.id;
const bob = DemoTenant.agents[1];
const logger = createLogger('routing-admin-int-spec', 'warn');

/**
 * The routing admin API against the real service: roles, validation, and configuration that the
 * engine acts on at once (relaxation steps firing from the database timers, transfers, manual
 * assignment that never goes over capacity).
 */
describe('routing admin API', () => {
  const platform = new Platform();
  let publisher: EventPublisher;
  let admin: string;
  let supervisor: string;
  let agentToken: string;
  let agent: AgentClient;

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${platform.url('routing')}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as Record<string, unknown> & unknown[] };
  };

  const requestRouting = async (queue: string, preview: string) => {
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
        queue,
        requiredSkills: [],
        priority: 0,
        preview,
        requestedAt: new Date().toISOString(),
      },
      { tenantId, key: tenantId },
    );
    return contactId;
  };

  beforeAll(async () => {
    await platform.start(['routing', 'gateway']);
    const gateway = platform.url('gateway');
    admin = (await login(gateway, DemoTenant.admin.email)).token;
    supervisor = (await login(gateway, DemoTenant.supervisor.email)).token;
    agentToken = (await login(gateway, bob.email)).token;
    publisher = new EventPublisher(createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'routing-admin-int-spec', logger }), logger);
    await publisher.connect();
    agent = new AgentClient(gateway, agentToken);
    await agent.connected();
    await agent.send('agent:set-state', { state: 'available' });
    await agent.waitFor('agent:status', (status) => status.state === 'available', 60_000);
  }, 300_000);

  afterAll(async () => {
    agent?.close();
    await publisher?.disconnect();
    await platform.stop();
  });

  it('lets supervisors read, only admins change, and agents neither', async () => {
    expect((await call('GET', '/queues', supervisor)).status).toBe(200);
    expect((await call('GET', '/contacts?status=waiting', supervisor)).status).toBe(200);
    expect((await call('GET', '/queues', agentToken)).status).toBe(403);
    expect((await call('PUT', '/queues/vip', supervisor, { requiredSkills: [] })).status).toBe(403);
    expect((await call('POST', `/contacts/${randomUUID()}/assign`, agentToken, { agentId: bob.id })).status).toBe(403);
  });

  it('answers bad configuration with a 400 that says what is wrong', async () => {
    const steps = await call('PUT', '/queues/vip', admin, { requirements: [{ requires: { skill: 'support', minLevel: 5 } }, { requires: { anyAgent: true } }] });
    expect(steps.status).toBe(400);
    expect(JSON.stringify(steps.body)).toMatch(/forSeconds/);
    expect((await call('PUT', '/queues/vip', admin, { maxWaitSeconds: 60, overflowQueue: 'nowhere' })).status).toBe(400);
    expect((await call('PUT', '/queues/vip', admin, { overflowQueue: 'support' })).status).toBe(400);
    expect((await call('PUT', '/queues/vip', admin, { requirements: [{ requires: { skill: 'support', minLevel: 9 } }] })).status).toBe(400);
    expect((await call('PUT', '/queues/Not_A_Name', admin, {})).status).toBe(400);
    expect((await call('PUT', `/agents/${randomUUID()}/profile`, admin, { name: 'X', skills: { support: 7 }, capacity: {} })).status).toBe(400);
    expect((await call('PUT', `/agents/not-a-uuid/profile`, admin, { name: 'X', skills: {}, capacity: {} })).status).toBe(400);
    expect((await call('GET', '/contacts?status=gone', supervisor)).status).toBe(400);
    expect((await call('POST', `/contacts/${randomUUID()}/transfer`, supervisor, {})).status).toBe(400);
  });

  it('relaxes a queue’s requirement after its step, offers, transfers and assigns by hand', async () => {
    // Bob has support 3: the vip queue wants 5 for its first 2 seconds, then anyone who serves it.
    const saved = await call('PUT', '/queues/vip', admin, {
      requirements: [{ requires: { skill: 'support', minLevel: 5 }, forSeconds: 2 }, { requires: { skill: 'support', minLevel: 1 } }],
      offerTimeoutSeconds: 30,
      maxWaitSeconds: 600,
      overflowQueue: 'support',
    });
    expect(saved.status).toBe(200);
    const queues = (await call('GET', '/queues', supervisor)).body as unknown as Array<{ name: string; requirements: unknown[]; overflowQueue: string }>;
    expect(queues.find((q) => q.name === 'vip')).toMatchObject({ overflowQueue: 'support', requirements: [{ forSeconds: 2 }, {}] });

    const requestedAt = Date.now();
    const contactId = await requestRouting('vip', 'needs an expert first');
    const offer = await agent.waitFor('offer:new', (o) => o.contactId === contactId, 60_000);
    expect(offer.payload).toMatchObject({ agentId: bob.id, queueName: 'vip' });
    // Not before the first step ended: nobody had level 5.
    expect(Date.parse(offer.payload.offeredAt as string) - requestedAt).toBeGreaterThanOrEqual(1900);

    // To the sales queue: Bob has no sales skill, Carol is offline, so it waits there.
    const moved = await call('POST', `/contacts/${contactId}/transfer`, supervisor, { queue: 'sales' });
    expect(moved.status).toBe(200);
    await agent.waitFor('offer:closed', (c) => c.contactId === contactId && c.reason === 'cancelled');
    const waiting = (await call('GET', '/contacts?status=waiting', supervisor)).body as unknown as Array<{ id: string; queue: string }>;
    expect(waiting.find((c) => c.id === contactId)).toMatchObject({ queue: 'sales' });

    // A supervisor gives it to Bob anyway (skills aside); a second time is refused.
    expect((await call('POST', `/contacts/${contactId}/assign`, supervisor, { agentId: bob.id })).status).toBe(200);
    await agent.waitFor('contact:assigned', (a) => a.contactId === contactId && a.agentId === bob.id);
    expect((await call('POST', `/contacts/${contactId}/assign`, supervisor, { agentId: bob.id })).status).toBe(409);
    expect((await call('POST', `/contacts/${randomUUID()}/assign`, supervisor, { agentId: bob.id })).status).toBe(404);
    expect((await call('POST', `/contacts/${contactId}/transfer`, supervisor, { queue: 'nowhere' })).status).toBe(404);

    // Bob holds a web chat now: his web-chat capacity cannot drop to 0 under him.
    const shrink = await call('PUT', `/agents/${bob.id}/profile`, admin, { name: bob.name, skills: bob.skills, capacity: { ...bob.capacity, webchat: 0 } });
    expect(shrink.status).toBe(409);
    const agents = (await call('GET', '/agents', supervisor)).body as unknown as Array<{ agentId: string; load: Record<string, { used: number; capacity: number }> }>;
    expect(agents.find((a) => a.agentId === bob.id)?.load.webchat).toEqual({ used: 1, capacity: bob.capacity.webchat });
  });

  it('routes at once to an agent whose profile gains the skill and the queue', async () => {
    // A sales contact waits: the only available agent, Bob, has no sales skill and does not serve sales.
    const contactId = await requestRouting('sales', 'sales question');
    await waitUntil(
      async () => ((await call('GET', '/contacts?status=waiting', supervisor)).body as unknown as Array<{ id: string }>).some((c) => c.id === contactId),
      30_000,
      'the sales contact to wait',
    );
    expect(agent.count('offer:new', (o) => o.contactId === contactId)).toBe(0);
    const updated = await call('PUT', `/agents/${bob.id}/profile`, admin, {
      name: bob.name,
      skills: { ...bob.skills, sales: 2 },
      capacity: bob.capacity,
      queues: ['support', 'sales'],
    });
    expect(updated.status).toBe(200);
    const offer = await agent.waitFor('offer:new', (o) => o.contactId === contactId, 30_000);
    expect(offer.payload).toMatchObject({ agentId: bob.id, queueName: 'sales' });
  });
});

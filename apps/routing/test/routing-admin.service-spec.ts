// routing's admin API in the service tier: queues, agents' routing profiles and the skill catalogue
// written by the real repositories under the tenant lock on a migrated database of its own, and
// the engine acting on them (an offer holding capacity) — events delivered and published without a broker.
import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { ServiceTier } from '@garda/testing';
import { routingService } from '../src/routing.service-definition';

const tenantId = randomUUID();

interface QueueRow {
  id: string;
  name: string;
  isDefault: boolean;
  overflowQueue: string | null;
  waiting: number;
}
interface AgentRow {
  agentId: string;
  name: string;
  state: string;
  load: Record<string, { capacity: number; used: number }>;
}

describe('routing admin (service tier: real PostgreSQL, no broker)', () => {
  let routing: ServiceTier;
  let admin: string;
  let supervisor: string;

  const put = (path: string, body: unknown) => routing.request('PUT', path, { token: admin, body });
  const queues = async () => (await routing.request('GET', '/queues', { token: supervisor })).body as QueueRow[];
  const agents = async () => (await routing.request('GET', '/agents', { token: supervisor })).body as AgentRow[];
  const message = (body: unknown) => String((body as { message?: unknown }).message);

  beforeAll(async () => {
    routing = await ServiceTier.start(routingService);
    admin = routing.token(tenantId, 'admin');
    supervisor = routing.token(tenantId, 'supervisor');
  });
  afterAll(async () => {
    await routing?.close();
  });

  it('lets supervisors read and only admins change queues; agents neither', async () => {
    const agent = routing.token(tenantId, 'agent');
    expect((await routing.request('GET', '/queues', { token: agent })).status).toBe(403);
    expect((await routing.request('PUT', '/queues/support', { token: supervisor, body: {} })).status).toBe(403);
    expect((await routing.request('GET', '/queues', { token: supervisor })).status).toBe(200);
  });

  it('creates a queue, updates it in place and moves the default flag to the queue that takes it', async () => {
    const created = await put('/queues/support', { isDefault: true, offerTimeoutSeconds: 20 });
    expect(created).toMatchObject({ status: 200, body: { name: 'support', isDefault: true, offerTimeoutSeconds: 20 } });
    const updated = await put('/queues/support', { isDefault: true, offerTimeoutSeconds: 45 });
    expect(updated.body).toMatchObject({ id: (created.body as QueueRow).id, offerTimeoutSeconds: 45 });

    await put('/queues/sales', { isDefault: true });
    const defaults = (await queues()).filter((queue) => queue.isDefault).map((queue) => queue.name);
    expect(defaults).toEqual(['sales']);
  });

  it('refuses an overflow to the queue itself or to a queue that does not exist with 400, writing nothing', async () => {
    const itself = await put('/queues/billing', { maxWaitSeconds: 60, overflowQueue: 'billing' });
    expect(itself.status).toBe(400);
    expect(itself.body).toMatchObject({ field: 'overflowQueue', message: 'A queue cannot overflow to itself' });
    const missing = await put('/queues/billing', { maxWaitSeconds: 60, overflowQueue: 'nowhere' });
    expect(missing.status).toBe(400);
    expect(message(missing.body)).toContain('nowhere');
    expect((await queues()).map((queue) => queue.name)).not.toContain('billing');
  });

  it('refuses to delete the default queue or one another queue overflows to (409), deletes a plain one, 404 for none', async () => {
    await put('/queues/default-q', { isDefault: true });
    await put('/queues/spill', {});
    await put('/queues/busy', { maxWaitSeconds: 60, overflowQueue: 'spill' });
    const remove = (name: string) => routing.request('DELETE', `/queues/${name}`, { token: admin });

    expect(await remove('default-q')).toMatchObject({ status: 409 });
    const overflowTarget = await remove('spill');
    expect(overflowTarget.status).toBe(409);
    expect(message(overflowTarget.body)).toContain('busy');
    expect((await remove('busy')).status).toBe(204);
    expect((await remove('busy')).status).toBe(404);
    expect((await queues()).map((queue) => queue.name)).not.toContain('busy');
  });

  it('saves an agent profile with its channel capacities and refuses an agent id of another tenant with 409', async () => {
    const agentId = randomUUID();
    const saved = await put(`/agents/${agentId}/profile`, {
      name: 'Alice Agent',
      skills: { support: 4 },
      capacity: { webchat: 2, email: 5 },
    });
    expect(saved.status).toBe(200);
    const row = (await agents()).find((agent) => agent.agentId === agentId);
    expect(row).toMatchObject({
      name: 'Alice Agent',
      state: 'offline',
      load: { webchat: { capacity: 2, used: 0 }, email: { capacity: 5, used: 0 } },
    });

    const foreign = await routing.request('PUT', `/agents/${agentId}/profile`, {
      token: routing.token(randomUUID(), 'admin'),
      body: { name: 'Mallory', skills: {}, capacity: { webchat: 1 } },
    });
    expect(foreign.status).toBe(409);
    expect((await agents()).find((agent) => agent.agentId === agentId)?.name).toBe('Alice Agent');
  });

  it('keeps capacity an offer holds: no shrinking below it and no removing its channel while it is held (409)', async () => {
    await put('/queues/chat', { isDefault: true });
    const agentId = randomUUID();
    await put(`/agents/${agentId}/profile`, { name: 'Bob Agent', skills: {}, capacity: { webchat: 1 }, queues: ['chat'] });
    const now = new Date().toISOString();
    await routing.deliver(
      Topics.AgentStateRequested,
      { tenantId, agentId, state: 'available', requestedBy: agentId, requestedAt: now },
      { tenantId, key: tenantId },
    );
    const contactId = randomUUID();
    await routing.deliver(
      Topics.RoutingRequested,
      {
        tenantId,
        contactId,
        conversationId: randomUUID(),
        ticketId: randomUUID(),
        customerId: randomUUID(),
        channel: 'webchat',
        queue: 'chat',
        requiredSkills: [],
        priority: 0,
        preview: 'Hello?',
        requestedAt: now,
      },
      { tenantId, key: tenantId },
    );
    const [offer] = routing.published.on(Topics.OfferMade, (value) => value.contactId === contactId);
    expect(offer.value).toMatchObject({ agentId });
    expect((await agents()).find((agent) => agent.agentId === agentId)?.load.webchat).toEqual({ capacity: 1, used: 1 });

    const shrink = await put(`/agents/${agentId}/profile`, { name: 'Bob Agent', skills: {}, capacity: { webchat: 0 }, queues: ['chat'] });
    expect(shrink.status).toBe(409);
    const drop = await put(`/agents/${agentId}/profile`, { name: 'Bob Agent', skills: {}, capacity: { email: 3 }, queues: ['chat'] });
    expect(drop.status).toBe(409);
    expect(message(drop.body)).toContain('webchat');
    expect((await agents()).find((agent) => agent.agentId === agentId)?.load).toEqual({ webchat: { capacity: 1, used: 1 } });
  });

  it('only lets queues and profiles name catalogued skills once the tenant has a catalogue (400 naming the skill)', async () => {
    const catalogue = await put('/skills', { skills: [{ name: 'support' }, { name: 'lang:fr', kind: 'language', languageCode: 'fr' }] });
    expect(catalogue.status).toBe(200);
    const unknown = await put('/queues/french', { requiredSkills: [{ skill: 'lang:de', minLevel: 1 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ field: 'requiredSkills' });
    expect(message(unknown.body)).toContain('lang:de');
    expect((await put('/queues/french', { requiredSkills: [{ skill: 'lang:fr', minLevel: 1 }] })).status).toBe(200);
  });
});

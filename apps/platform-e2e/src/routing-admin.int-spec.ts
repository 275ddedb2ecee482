import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
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
    publisher = new EventPublisher(
      createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'routing-admin-int-spec', logger }),
      logger,
    );
    await publisher.connect();
    agent = new AgentClient(gateway, agentToken);
    await agent.connected();
    await agent.goAvailable();
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
    expect((await call('GET', '/skills', supervisor)).status).toBe(200);
    expect((await call('GET', '/skills', agentToken)).status).toBe(403);
    expect((await call('PUT', '/skills', supervisor, { skills: [] })).status).toBe(403);
    expect((await call('DELETE', '/queues/sales', supervisor)).status).toBe(403);
    expect((await call('DELETE', `/agents/${bob.id}/profile`, supervisor)).status).toBe(403);
    expect((await call('DELETE', `/agents/${bob.id}/profile`, agentToken)).status).toBe(403);
  });

  it('answers bad configuration with a 400 that says what is wrong', async () => {
    const steps = await call('PUT', '/queues/vip', admin, {
      requirements: [{ requires: { skill: 'support', minLevel: 5 } }, { requires: { anyAgent: true } }],
    });
    expect(steps.status).toBe(400);
    expect(JSON.stringify(steps.body)).toMatch(/forSeconds/);
    expect((await call('PUT', '/queues/vip', admin, { maxWaitSeconds: 60, overflowQueue: 'nowhere' })).status).toBe(400);
    expect((await call('PUT', '/queues/vip', admin, { overflowQueue: 'support' })).status).toBe(400);
    expect((await call('PUT', '/queues/vip', admin, { requirements: [{ requires: { skill: 'support', minLevel: 9 } }] })).status).toBe(400);
    expect((await call('PUT', '/queues/Not_A_Name', admin, {})).status).toBe(400);
    expect((await call('PUT', `/agents/${randomUUID()}/profile`, admin, { name: 'X', skills: { support: 7 }, capacity: {} })).status).toBe(
      400,
    );
    expect((await call('PUT', `/agents/not-a-uuid/profile`, admin, { name: 'X', skills: {}, capacity: {} })).status).toBe(400);
    expect((await call('GET', '/contacts?status=gone', supervisor)).status).toBe(400);
    expect((await call('POST', `/contacts/${randomUUID()}/transfer`, supervisor, {})).status).toBe(400);
    // A misspelt field is named, not silently ignored.
    const typo = await call('PUT', '/queues/vip', admin, { maxWait: 60 });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body)).toMatch(/Unrecognized key.*maxWait/);
    const nested = await call('PUT', '/queues/vip', admin, { serviceLevel: { percent: 80, second: 20 } });
    expect(nested.status).toBe(400);
    expect(JSON.stringify(nested.body)).toMatch(/Unrecognized key.*second/);
    const profileTypo = await call('PUT', `/agents/${bob.id}/profile`, admin, {
      name: bob.name,
      skills: bob.skills,
      capacity: bob.capacity,
      queue: ['support'],
    });
    expect(profileTypo.status).toBe(400);
    expect(JSON.stringify(profileTypo.body)).toMatch(/Unrecognized key.*queue/);
    const skillsBefore = (await call('GET', '/skills', supervisor)).body;
    for (const bad of [
      { skills: [{ name: 'support' }, { name: 'support' }] },
      { skills: [{ name: 'Has Spaces' }] },
      { skills: [{ name: 'support', languageCode: 'en' }] },
      { skills: [{ name: 'german', kind: 'language', languageCode: 'German' }] },
      { skills: [{ name: 'support', level: 3 }] },
      { skill: [] },
    ]) {
      const refused = await call('PUT', '/skills', admin, bad);
      expect({ bad, status: refused.status }).toEqual({ bad, status: 400 });
    }
    expect((await call('GET', '/skills', supervisor)).body).toEqual(skillsBefore);
    // Nothing was created by the refused queue saves.
    const names = ((await call('GET', '/queues', supervisor)).body as unknown as Array<{ name: string }>).map((q) => q.name);
    expect(names).not.toContain('vip');
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
    const queues = (await call('GET', '/queues', supervisor)).body as unknown as Array<{
      name: string;
      requirements: unknown[];
      overflowQueue: string;
    }>;
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
    const shrink = await call('PUT', `/agents/${bob.id}/profile`, admin, {
      name: bob.name,
      skills: bob.skills,
      capacity: { ...bob.capacity, webchat: 0 },
    });
    expect(shrink.status).toBe(409);
    const agents = (await call('GET', '/agents', supervisor)).body as unknown as Array<{
      agentId: string;
      load: Record<string, { used: number; capacity: number }>;
    }>;
    expect(agents.find((a) => a.agentId === bob.id)?.load.webchat).toEqual({ used: 1, capacity: bob.capacity.webchat });
  });

  it('routes at once to an agent whose profile gains the skill and the queue', async () => {
    // A sales contact waits: the only available agent, Bob, has no sales skill and does not serve sales.
    const contactId = await requestRouting('sales', 'sales question');
    await waitUntil(
      async () =>
        ((await call('GET', '/contacts?status=waiting', supervisor)).body as unknown as Array<{ id: string }>).some(
          (c) => c.id === contactId,
        ),
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

  it('keeps a catalogue of skills and languages that queues and profiles must use', async () => {
    const catalogue = (await call('GET', '/skills', supervisor)).body as unknown as {
      skills: Array<{ name: string; kind: string; usedBy: { queues: string[]; agents: number } }>;
    };
    expect(catalogue.skills.find((s) => s.name === 'french')).toMatchObject({ kind: 'language', usedBy: { queues: [], agents: 1 } });
    expect(catalogue.skills.find((s) => s.name === 'support')?.usedBy.queues).toEqual(expect.arrayContaining(['support', 'vip']));

    // A skill nobody listed is refused by name; listed, it is accepted.
    const unlisted = await call('PUT', '/queues/billing', admin, { requiredSkills: [{ skill: 'billing', minLevel: 2 }] });
    expect(unlisted.status).toBe(400);
    expect(JSON.stringify(unlisted.body)).toMatch(/billing/);
    const kept = catalogue.skills.map(({ name, kind }) => ({ name, kind }));
    const extended = await call('PUT', '/skills', admin, {
      skills: [...kept, { name: 'billing', label: 'Billing' }, { name: 'german', kind: 'language', languageCode: 'de' }],
    });
    expect(extended.status).toBe(200);
    expect((await call('PUT', '/queues/billing', admin, { requiredSkills: [{ skill: 'billing', minLevel: 2 }] })).status).toBe(200);
    const withGerman = await call('PUT', `/agents/${randomUUID()}/profile`, admin, {
      name: 'Greta',
      skills: { german: 5, billing: 3 },
      capacity: { email: 2 },
    });
    expect(withGerman.status).toBe(200);

    // A skill still in use cannot leave the catalogue; the answer says who uses it.
    const dropping = await call('PUT', '/skills', admin, { skills: kept.filter((s) => s.name !== 'french') });
    expect(dropping.status).toBe(409);
    expect(JSON.stringify(dropping.body)).toMatch(/french.*agent/);
    expect(
      ((await call('GET', '/skills', supervisor)).body as unknown as { skills: Array<{ name: string }> }).skills.map((s) => s.name),
    ).toContain('german');
  });

  it('removes a channel left out of a profile, unless the agent holds something on it', async () => {
    const { sms, ...withoutSms } = bob.capacity;
    expect(sms).toBeGreaterThan(0);
    const saved = await call('PUT', `/agents/${bob.id}/profile`, admin, {
      name: bob.name,
      skills: { ...bob.skills, sales: 2 },
      capacity: withoutSms,
      queues: ['support', 'sales'],
    });
    expect(saved.status).toBe(200);
    const agents = (await call('GET', '/agents', supervisor)).body as unknown as Array<{ agentId: string; load: Record<string, unknown> }>;
    expect(Object.keys(agents.find((a) => a.agentId === bob.id)!.load)).not.toContain('sms');

    const { webchat, ...withoutWebchat } = withoutSms;
    expect(webchat).toBeGreaterThan(0);
    const refused = await call('PUT', `/agents/${bob.id}/profile`, admin, { name: bob.name, skills: bob.skills, capacity: withoutWebchat });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/webchat/);
    const after = (await call('GET', '/agents', supervisor)).body as unknown as Array<{
      agentId: string;
      skills: Record<string, number>;
      load: Record<string, { capacity: number }>;
    }>;
    expect(after.find((a) => a.agentId === bob.id)).toMatchObject({
      skills: { sales: 2 },
      load: { webchat: { capacity: bob.capacity.webchat } },
    });
  });

  it('deletes a queue only once nobody waits in it, and never the default one', async () => {
    // Nobody has the billing skill: the contact waits in the billing queue.
    const contactId = await requestRouting('billing', 'invoice question');
    const waitingIn = async (queue: string) =>
      ((await call('GET', '/contacts?status=waiting', supervisor)).body as unknown as Array<{ id: string; queue: string }>).find(
        (c) => c.id === contactId && c.queue === queue,
      );
    await waitUntil(() => waitingIn('billing'), 30_000, 'the contact to wait in billing');
    const busy = await call('DELETE', '/queues/billing', admin);
    expect(busy.status).toBe(409);
    expect(JSON.stringify(busy.body)).toMatch(/1 waiting/);

    expect((await call('POST', `/contacts/${contactId}/transfer`, supervisor, { queue: 'sales' })).status).toBe(200);
    expect((await call('DELETE', '/queues/billing', admin)).status).toBe(204);
    const names = ((await call('GET', '/queues', supervisor)).body as unknown as Array<{ name: string }>).map((q) => q.name);
    expect(names).not.toContain('billing');
    expect((await call('DELETE', '/queues/billing', admin)).status).toBe(404);

    const defaultQueue = await call('DELETE', '/queues/support', admin);
    expect(defaultQueue.status).toBe(409);
    expect(JSON.stringify(defaultQueue.body)).toMatch(/default/);
    // vip overflows to support… and a queue others overflow to cannot go either.
    expect((await call('PUT', '/queues/overflow-target', admin, {})).status).toBe(200);
    expect((await call('PUT', '/queues/vip', admin, { maxWaitSeconds: 600, overflowQueue: 'overflow-target' })).status).toBe(200);
    const target = await call('DELETE', '/queues/overflow-target', admin);
    expect(target.status).toBe(409);
    expect(JSON.stringify(target.body)).toMatch(/vip/);
  });

  it('deletes an agent’s profile, sending their pending offer back to the queue, but not while they hold contacts', async () => {
    const busy = await call('DELETE', `/agents/${bob.id}/profile`, admin);
    expect(busy.status).toBe(409);
    expect(JSON.stringify(busy.body)).toMatch(/holds 1 contact/);

    // Dora, driven over Kafka as the gateway would, is the only agent serving the returns queue.
    const dora = randomUUID();
    expect((await call('PUT', '/queues/returns', admin, { requiredSkills: [{ skill: 'billing', minLevel: 1 }] })).status).toBe(200);
    expect(
      (
        await call('PUT', `/agents/${dora}/profile`, admin, {
          name: 'Dora',
          skills: { billing: 4 },
          capacity: { webchat: 1 },
          queues: ['returns'],
        })
      ).status,
    ).toBe(200);
    await publisher.publish(
      Topics.AgentStateRequested,
      { tenantId, agentId: dora, state: 'available', requestedBy: dora, requestedAt: new Date().toISOString() },
      { tenantId, key: tenantId },
    );
    const contactId = await requestRouting('returns', 'where is my parcel');
    const contactNow = async (status: string) =>
      ((await call('GET', `/contacts?status=${status}`, supervisor)).body as unknown as Array<{ id: string; agentId: string | null }>).find(
        (c) => c.id === contactId,
      );
    expect(await waitUntil(() => contactNow('offered'), 30_000, 'the offer to Dora')).toMatchObject({ agentId: dora });

    expect((await call('DELETE', `/agents/${dora}/profile`, admin)).status).toBe(204);
    expect(await contactNow('waiting')).toMatchObject({ agentId: null });
    const agents = (await call('GET', '/agents', supervisor)).body as unknown as Array<{ agentId: string }>;
    expect(agents.map((a) => a.agentId)).not.toContain(dora);
    expect((await call('DELETE', `/agents/${dora}/profile`, admin)).status).toBe(404);
  });
});

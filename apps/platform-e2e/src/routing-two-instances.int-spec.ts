import { randomUUID } from 'node:crypto';
import { type Channel, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createLogger, pgRows } from '@garda/service-kit';
import type { Consumer } from 'kafkajs';
import { Client } from 'pg';
import { AgentClient, login, waitUntil } from './support/actors';
import { freePort, Platform, type ServiceHandle } from './support/platform';
import { platformServices as services } from '@garda/testing';
import { z } from 'zod';

const tenantId = DemoTenant.id;
const logger = createLogger('routing-two-instances-int-spec', 'warn');
/** Contacts routed while both instances run, then after one of them died (the survivor must take its partitions). */
const BEFORE_KILL = 160;
const AFTER_KILL = 80;
const CONTACTS = BEFORE_KILL + AFTER_KILL;

/** GET /routing/engine-stats: operations and decisions by origin (a Kafka topic, 'timers', 'http'). */
interface EngineStats {
  operations: number;
  rebuilds: number;
  inputs: Partial<Record<string, { operations: number; decisions: number }>>;
}
const routedFromKafka = (stats: EngineStats) => stats.inputs[Topics.RoutingRequested]?.decisions ?? 0;

/** Deterministic pseudo-random numbers, so a failing run can be replayed with its seed. */
function random(seed: number) {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

interface Extra {
  id: string;
  name: string;
  skills: Record<string, number>;
  capacity: Partial<Record<Channel, number>>;
}

/** Agents beyond the three demo ones; they are driven over Kafka as the gateway would drive them. */
const EXTRA_AGENTS: Extra[] = [
  { id: randomUUID(), name: 'Xavi', skills: { support: 3 }, capacity: { webchat: 2, email: 2 } },
  { id: randomUUID(), name: 'Yara', skills: { support: 1, sales: 1 }, capacity: { webchat: 3 } },
  { id: randomUUID(), name: 'Zeno', skills: { sales: 4 }, capacity: { webchat: 1, email: 1 } },
  { id: randomUUID(), name: 'Wim', skills: { support: 2 }, capacity: { email: 3 } },
  { id: randomUUID(), name: 'Vera', skills: { support: 4, sales: 2 }, capacity: { webchat: 2, email: 1 } },
];

/**
 * Two routing instances against one broker and one database, bursts of contacts, agents who
 * accept, reject or ignore offers at random, and the instance consuming the tenant's routing
 * requests killed midway (a rebalance hands its partitions to the other), then more contacts. The
 * database and the events must show: no contact assigned twice, no agent over capacity on any
 * channel at any moment, and every contact offered, assigned, completed, or waiting with no
 * eligible agent free.
 */
describe('two routing instances racing on one tenant', () => {
  const platform = new Platform();
  let second: ServiceHandle | undefined;
  let publisher: EventPublisher;
  let consumer: Consumer;
  let db: Client;
  const sockets: AgentClient[] = [];
  const seed = Date.now();
  const rnd = random(seed);

  beforeAll(async () => {
    await platform.start(['routing', 'gateway']);
    const port = await freePort();
    second = await services.startService('routing', { env: { ...platform.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port });
    const kafka = createKafkaClient({ brokers: platform.env.KAFKA_BROKERS.split(','), clientId: 'routing-two-instances', logger });
    publisher = new EventPublisher(kafka, logger);
    await publisher.connect();
    consumer = kafka.consumer({ groupId: `routing-two-instances-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    db = new Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
  }, 400_000);

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await consumer?.disconnect();
    await publisher?.disconnect();
    await db?.end();
    await second?.stop();
    await platform.stop();
  });

  it('never assigns a contact twice and never puts an agent over capacity', async () => {
    process.stderr.write(`routing-two-instances seed ${seed}\n`);
    const gateway = platform.url('gateway');
    const admin = (await login(gateway, DemoTenant.admin.email)).token;
    const supervisor = (await login(gateway, DemoTenant.supervisor.email)).token;
    const routingUrls = [platform.url('routing'), second!.url];
    const call = async (url: string, method: string, token: string, body?: unknown) => {
      const response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };

    // Configuration through either instance; short offer timeouts so ignored offers come back quickly.
    for (const [index, queue] of DemoTenant.queues.entries()) {
      const saved = await call(`${routingUrls[index % 2]}/queues/${queue.name}`, 'PUT', admin, {
        requiredSkills: queue.requiredSkills,
        isDefault: queue.isDefault,
        offerTimeoutSeconds: 5,
        strategy: index === 0 ? 'least-occupied' : 'longest-idle',
      });
      expect(saved.status).toBe(200);
    }
    for (const [index, agent] of EXTRA_AGENTS.entries()) {
      const saved = await call(`${routingUrls[index % 2]}/agents/${agent.id}/profile`, 'PUT', admin, {
        name: agent.name,
        skills: agent.skills,
        capacity: agent.capacity,
      });
      expect(saved.status).toBe(200);
    }

    // What every agent receives, and what routing publishes, recorded from the broker.
    const ours = new Set<string>();
    const events: Array<{ topic: string; payload: Record<string, string> }> = [];
    let mode: 'race' | 'settle' = 'race';
    const pending: Array<Promise<unknown>> = [];
    const later = (ms: number, work: () => Promise<unknown>) =>
      pending.push(
        new Promise((resolve) => setTimeout(resolve, ms))
          .then(work)
          .catch((error: unknown) => logger.warn({ err: error }, 'test actor failed')),
      );
    const command = <T extends typeof Topics.OfferResponded | typeof Topics.AgentStateRequested | typeof Topics.ConversationClosed>(
      topic: T,
      payload: Parameters<EventPublisher['publish']>[1],
    ) => publisher.publish(topic, payload as never, { tenantId, key: tenantId });
    const setState = (agentId: string, state: 'available' | 'away') =>
      command(Topics.AgentStateRequested, { tenantId, agentId, state, requestedBy: agentId, requestedAt: new Date().toISOString() });

    await consumer.subscribe({
      topics: [Topics.OfferMade, Topics.OfferClosed, Topics.ContactAssigned, Topics.AgentStatusChanged],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const payload = JSON.parse(message.value!.toString()) as Record<string, string>;
        if (payload.tenantId !== tenantId) return;
        if (topic === Topics.AgentStatusChanged) {
          // An agent sent away for missed offers comes back, as a real one would after a nudge.
          if (payload.state === 'away' && payload.reason === 'missed offers') later(300, () => setState(payload.agentId, 'available'));
          return;
        }
        if (!ours.has(payload.contactId)) return;
        events.push({ topic, payload });
        if (topic === Topics.OfferMade) {
          const roll = mode === 'settle' ? 0 : rnd();
          if (roll >= 0.85) return; // ignored: the offer times out
          const response = roll < 0.65 ? 'accept' : 'reject';
          later(Math.floor(rnd() * 300), () =>
            command(Topics.OfferResponded, {
              tenantId,
              agentId: payload.agentId,
              contactId: payload.contactId,
              response,
              respondedAt: new Date().toISOString(),
            }),
          );
        } else if (topic === Topics.ContactAssigned && mode === 'race' && rnd() < 0.8) {
          later(200 + Math.floor(rnd() * 1500), () =>
            command(Topics.ConversationClosed, {
              tenantId,
              conversationId: payload.conversationId,
              ticketId: payload.ticketId,
              contactId: payload.contactId,
              agentId: payload.agentId,
              closedAt: new Date().toISOString(),
            }),
          );
        }
      },
    });

    // The demo agents go available over the gateway socket, the others over Kafka.
    for (const agent of DemoTenant.agents) {
      const socket = new AgentClient(gateway, (await login(gateway, agent.email)).token);
      sockets.push(socket);
      await socket.connected();
      await socket.goAvailable();
    }
    for (const agent of EXTRA_AGENTS) await setState(agent.id, 'available');

    // A burst: contacts arrive in small batches while both instances race.
    let sent = 0;
    const burst = async (count: number) => {
      for (const until = sent + count; sent < until;) {
        const batch = Array.from({ length: Math.min(10, until - sent) }, () => {
          const contactId = randomUUID();
          ours.add(contactId);
          return {
            tenantId,
            contactId,
            conversationId: randomUUID(),
            ticketId: randomUUID(),
            customerId: randomUUID(),
            customerName: `Customer ${++sent}`,
            channel: (rnd() < 0.7 ? 'webchat' : 'email') as Channel,
            queue: rnd() < 0.7 ? 'support' : 'sales',
            requiredSkills: [],
            priority: rnd() < 0.1 ? 5 : 0,
            preview: `burst ${sent}`,
            requestedAt: new Date().toISOString(),
          };
        });
        for (const request of batch) await publisher.publish(Topics.RoutingRequested, request, { tenantId, key: tenantId });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await burst(BEFORE_KILL);
    const completed = async () =>
      Number(
        (await db.query(`SELECT count(*) FROM "routing"."contact" WHERE "status" = 'completed' AND "id" = ANY($1)`, [[...ours]])).rows[0]
          .count,
      );
    const stats = async (url: string) => (await call(`${url}/routing/engine-stats`, 'GET', supervisor)).body as EngineStats;

    // Meanwhile a supervisor hands waiting contacts to agents and moves them between queues,
    // through both instances, so both act on the tenant at the same time as the consumers.
    let supervising = true;
    let alive = [...routingUrls];
    const supervisorActions = { assigned: 0, transferred: 0, refused: 0 };
    const everyone = [...DemoTenant.agents.map((a) => a.id), ...EXTRA_AGENTS.map((a) => a.id)];
    const supervisorLoop = (async () => {
      for (let turn = 0; supervising; turn++) {
        const url = alive[turn % alive.length];
        const waiting = (await call(`${url}/contacts?status=waiting`, 'GET', supervisor).catch(() => ({ status: 0, body: [] })))
          .body as Array<{ id: string }>;
        const candidates = waiting.filter((c) => ours.has(c.id));
        if (candidates.length > 0) {
          const contact = candidates[Math.floor(rnd() * candidates.length)];
          const kind = rnd() < 0.5 ? 'assigned' : 'transferred';
          const result =
            kind === 'assigned'
              ? await call(`${url}/contacts/${contact.id}/assign`, 'POST', supervisor, {
                  agentId: everyone[Math.floor(rnd() * everyone.length)],
                }).catch(() => ({ status: 0 }))
              : await call(`${url}/contacts/${contact.id}/transfer`, 'POST', supervisor, {
                  queue: rnd() < 0.5 ? 'support' : 'sales',
                }).catch(() => ({ status: 0 }));
          if (result.status === 200) supervisorActions[kind] += 1;
          else if (result.status === 409) supervisorActions.refused += 1;
          else if (result.status !== 0) throw new Error(`supervisor action answered ${result.status}: ${JSON.stringify(result)}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();

    // Midway through the race the instance consuming the tenant's routing requests dies without a
    // goodbye. Every routing input is keyed by tenant, so one partition per topic carries them and
    // one instance owns it; admin and supervisor calls reach both, but only Kafka-driven decisions
    // show which one owns it.
    await waitUntil(async () => (await completed()) >= 30, 300_000, '30 conversations to be completed');
    const statsBeforeKill = await Promise.all(routingUrls.map(stats));
    const victim = routedFromKafka(statsBeforeKill[0]) >= routedFromKafka(statsBeforeKill[1]) ? 0 : 1;
    const survivor = 1 - victim;
    expect(routedFromKafka(statsBeforeKill[victim])).toBeGreaterThan(0);
    alive = [routingUrls[survivor]];
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (victim === 0) await platform.kill('routing');
    else await second!.kill();

    // More contacts: only a survivor that took the partition over can route them.
    await burst(AFTER_KILL);
    await waitUntil(
      async () => routedFromKafka(await stats(routingUrls[survivor])) > routedFromKafka(statsBeforeKill[survivor]),
      120_000,
      'the survivor to route requests',
    );
    await waitUntil(async () => (await completed()) >= 70, 300_000, '70 conversations to be completed');
    supervising = false;
    await supervisorLoop;
    expect(supervisorActions.assigned + supervisorActions.transferred).toBeGreaterThan(0);

    // Every request reached routing (the survivor took over the dead instance's partitions).
    await waitUntil(
      async () =>
        Number((await db.query(`SELECT count(*) FROM "routing"."contact" WHERE "id" = ANY($1)`, [[...ours]])).rows[0].count) === CONTACTS,
      180_000,
      'every contact to reach routing',
    );
    // Settle: agents accept everything and nobody completes; routing must reach a state where no
    // offer is open and no waiting contact has an eligible agent with room.
    mode = 'settle';
    const idleButEligible = async () => {
      const { rows } = await db.query(
        `SELECT c."id", c."channel", q."name" AS "queue", p."agent_id"
         FROM "routing"."contact" c JOIN "routing"."queue" q ON q."id" = c."queue_id"
         JOIN "routing"."agent_profile" p ON p."tenant_id" = c."tenant_id" AND p."state" = 'available'
         JOIN "routing"."agent_channel_load" l ON l."agent_id" = p."agent_id" AND l."channel" = c."channel" AND l."reserved" < l."capacity"
         WHERE c."status" = 'waiting' AND c."id" = ANY($1)
           AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(q."required_skills") r
                           WHERE COALESCE((p."skills" ->> (r ->> 'skill'))::int, 0) < COALESCE((r ->> 'minLevel')::int, 1))`,
        [[...ours]],
      );
      return rows as Array<{ id: string; agent_id: string }>;
    };
    const openOffers = async () =>
      Number(
        (await db.query(`SELECT count(*) FROM "routing"."offer" WHERE "status" = 'pending' AND "contact_id" = ANY($1)`, [[...ours]]))
          .rows[0].count,
      );
    await waitUntil(async () => (await openOffers()) === 0 && (await idleButEligible()).length === 0, 120_000, 'routing to settle');
    await Promise.all(pending);
    const agentsNow = await pgRows(
      db,
      z.unknown(),
      `SELECT p."name", p."state", p."state_reason", jsonb_object_agg(l."channel", l."reserved" || '/' || l."capacity") AS "load"
       FROM "routing"."agent_profile" p JOIN "routing"."agent_channel_load" l ON l."agent_id" = p."agent_id" GROUP BY p."agent_id"`,
    );
    const statusCounts = await pgRows(db, z.unknown(), `SELECT "status", count(*)::int AS "n" FROM "routing"."contact" GROUP BY "status"`);
    process.stderr.write(`routing-two-instances state: ${JSON.stringify({ agentsNow, statusCounts, events: events.length })}\n`);

    // 1. Never twice: a contact is with one agent at a time in the database (a contact transferred
    // while assigned is assigned again, only after its previous assignment ended), and the bus
    // carries exactly one ContactAssigned per assignment.
    const assignments = await pgRows(
      db,
      z.object({ contact_id: z.string(), agent_id: z.string(), assigned_at: z.date(), released_at: z.date().nullable() }),
      `SELECT "contact_id", "agent_id", "assigned_at", "released_at" FROM "routing"."assignment" WHERE "contact_id" = ANY($1) ORDER BY "assigned_at"`,
      [[...ours]],
    );
    expect(assignments.length).toBeGreaterThan(20);
    const overlapping = assignments.filter((a, i) =>
      assignments
        .slice(i + 1)
        .some((b) => b.contact_id === a.contact_id && (a.released_at === null || a.released_at.getTime() > b.assigned_at.getTime())),
    );
    expect(overlapping).toEqual([]);
    await waitUntil(
      () => events.filter((e) => e.topic === Topics.ContactAssigned).length >= assignments.length || undefined,
      60_000,
      'assignment events',
    );
    const pairs = (list: Array<{ contact: string; agent: string }>) => list.map((p) => `${p.contact}>${p.agent}`).sort();
    expect(
      pairs(
        events.filter((e) => e.topic === Topics.ContactAssigned).map((e) => ({ contact: e.payload.contactId, agent: e.payload.agentId })),
      ),
    ).toEqual(pairs(assignments.map((a) => ({ contact: a.contact_id, agent: a.agent_id }))));

    // 2. Never over capacity, at any moment: replay every offer and assignment interval.
    const capacity = new Map(
      (
        await pgRows(
          db,
          z.object({ agent_id: z.string(), channel: z.string(), capacity: z.number(), reserved: z.number() }),
          `SELECT "agent_id", "channel", "capacity", "reserved" FROM "routing"."agent_channel_load"`,
        )
      ).map((row) => [`${row.agent_id}/${row.channel}`, row]),
    );
    const intervals = [
      ...(await pgRows(
        db,
        z.object({ agent_id: z.string(), channel: z.string(), from: z.date(), to: z.date().nullable() }),
        `SELECT "agent_id", "channel", "offered_at" AS "from", "closed_at" AS "to" FROM "routing"."offer"`,
      )),
      ...(await pgRows(
        db,
        z.object({ agent_id: z.string(), channel: z.string(), from: z.date(), to: z.date().nullable() }),
        `SELECT "agent_id", "channel", "assigned_at" AS "from", "released_at" AS "to" FROM "routing"."assignment"`,
      )),
    ];
    const peaks = peakLoads(intervals);
    expect(peaks.size).toBeGreaterThan(3);
    for (const [key, peak] of peaks) expect({ key, peak: Math.min(peak, capacity.get(key)!.capacity) }).toEqual({ key, peak });
    // And what the database holds now is exactly the open offers and assignments.
    const open = peakLoads(intervals, true);
    for (const [key, row] of capacity) expect({ key, reserved: row.reserved }).toEqual({ key, reserved: open.get(key) ?? 0 });

    // 3. Every contact is offered, assigned, completed, or waiting with no eligible agent free.
    const statuses = await pgRows(
      db,
      z.looseObject({ status: z.string(), n: z.number() }),
      `SELECT "status", count(*)::int AS "n" FROM "routing"."contact" WHERE "id" = ANY($1) GROUP BY "status"`,
      [[...ours]],
    );
    expect(statuses.every((s) => ['offered', 'assigned', 'completed', 'waiting'].includes(s.status))).toBe(true);
    expect(statuses.reduce((sum, s) => sum + s.n, 0)).toBe(CONTACTS);
    expect(await idleButEligible()).toEqual([]);
    expect(statuses.find((s) => s.status === 'completed')?.n ?? 0).toBeGreaterThanOrEqual(70);

    // The survivor rebuilt its engine from the tables when the other instance had moved the tenant on.
    const survivorStats = await stats(routingUrls[survivor]);
    expect(survivorStats.rebuilds).toBeGreaterThan(1);
    process.stderr.write(
      `routing-two-instances: ${JSON.stringify({ seed, victim, statuses, survivor: survivorStats, statsBeforeKill, supervisorActions, assignments: assignments.length })}\n`,
    );
  }, 900_000);
});

interface Interval {
  agent_id: string;
  channel: string;
  from: Date;
  to: Date | null;
}

/**
 * The highest number of simultaneous intervals per agent and channel (or, with `openOnly`, the
 * intervals still open). At equal times an interval ends before another starts: one routing
 * operation frees a slot and fills it at the same instant.
 */
function peakLoads(intervals: Interval[], openOnly = false): Map<string, number> {
  const result = new Map<string, number>();
  const byKey = new Map<string, Array<[number, number]>>();
  for (const interval of intervals) {
    const key = `${interval.agent_id}/${interval.channel}`;
    if (openOnly) {
      if (interval.to === null) result.set(key, (result.get(key) ?? 0) + 1);
      continue;
    }
    const points = byKey.get(key) ?? [];
    points.push([new Date(interval.from).getTime(), +1]);
    if (interval.to !== null) points.push([new Date(interval.to).getTime(), -1]);
    byKey.set(key, points);
  }
  for (const [key, points] of byKey) {
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let load = 0;
    let peak = 0;
    for (const [, delta] of points) {
      load += delta;
      peak = Math.max(peak, load);
    }
    result.set(key, peak);
  }
  return result;
}

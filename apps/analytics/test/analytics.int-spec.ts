// analytics against real Kafka and PostgreSQL (from the integration global setup): a realistic day
// of events goes through Kafka, and the wallboard's figures are read back over HTTP as a supervisor
// would, including a redelivered event that must not count twice and a tenant that must not see
// another tenant's figures.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Channel, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import { bootstrapService, createLogger, type RunningService, signAccessToken } from '@garda/service-kit';
import { analyticsService } from '../src/analytics.service-definition';

jest.setTimeout(120_000);

const JWT_SECRET = 'analytics-int-spec-secret-0123456789';
const logger = createLogger('analytics-int-spec', 'warn');

interface QueueFigures {
  queueName: string;
  contactsInQueue: number;
  oldestContactArrivedAt: string | null;
  contactsQueued: number;
  contactsAnswered: number;
  contactsAbandoned: number;
  answeredWithinThreshold: number;
  serviceLevelPercent: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  abandonmentRatePercent: number | null;
  averageHandleTimeSeconds: number | null;
  contactsHandled: number;
  agentsAvailable: number;
  agentsOnContact: number;
  agentsAway: number;
}

describe('analytics (real Kafka + PostgreSQL)', () => {
  let analytics: RunningService;
  let publisher: EventPublisher;
  let database: ScratchDatabase;

  const tenant = randomUUID();
  const otherTenant = randomUUID();
  const supervisor = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'supervisor', name: 'Sam' }, JWT_SECRET);
  const otherSupervisor = signAccessToken({ sub: randomUUID(), tenantId: otherTenant, role: 'supervisor', name: 'Olga' }, JWT_SECRET);
  const adminToken = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'admin', name: 'Ada' }, JWT_SECRET);
  const agentToken = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'agent', name: 'Al' }, JWT_SECRET);

  const get = async <T>(path: string, token = supervisor): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${analytics.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const supportQueue = async (token = supervisor) =>
    (await get<{ queues: QueueFigures[] }>('/realtime/queues', token)).body.queues.find((queue) => queue.queueName === 'support');
  const publish = <T extends TopicName>(topic: T, payload: TopicInput<T>, messageId: string = randomUUID()) =>
    publisher.publish(topic, payload, {
      tenantId: (payload as { tenantId: string }).tenantId,
      key: (payload as { tenantId: string }).tenantId,
      messageId,
    });

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL']) {
      if (!process.env[name]) throw new Error(`${name} is not set: run through jest's integration project`);
    }
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_analytics');
    const running = await bootstrapService(analyticsService, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `analytics-int-${randomBytes(3).toString('hex')}`,
    });
    if (!running) throw new Error('analytics did not start');
    analytics = running;
    await waitFor(async () => ((await fetch(`${analytics.url}/health/ready`)).status === 200 ? true : undefined), 'analytics to be ready');
    publisher = new EventPublisher(
      createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'analytics-int-spec', logger }),
      logger,
    );
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await analytics?.close();
    await database?.drop();
  });

  it('projects a day of routing (with a transfer) into wallboard figures, counts a redelivery once and keeps tenants apart', async () => {
    const now = Date.now();
    const midnight = Math.floor(now / 86_400_000) * 86_400_000;
    const t0 = Math.max(now - 300_000, midnight + 1000);
    const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const queueId = randomUUID();
    const contact = (channel: Channel = 'webchat') => ({
      contactId: randomUUID(),
      conversationId: randomUUID(),
      ticketId: randomUUID(),
      customerId: randomUUID(),
      channel,
    });
    const [c1, c2, c3, c4] = [contact(), contact(), contact('email'), contact()];
    const requested = (c: ReturnType<typeof contact>, seconds: number, queue?: string) =>
      publish(Topics.RoutingRequested, { tenantId: tenant, ...c, queue, requestedAt: at(seconds) }, `routing-requested:${c.contactId}`);
    const offered = (c: ReturnType<typeof contact>, agentId: string, seconds: number) =>
      publish(Topics.OfferMade, {
        tenantId: tenant,
        offerId: randomUUID(),
        ...c,
        agentId,
        queueId,
        queueName: 'support',
        offeredAt: at(seconds),
        expiresAt: at(seconds + 30),
      });
    const assigned = (c: ReturnType<typeof contact>, agentId: string, seconds: number, waitedSeconds: number, messageId = randomUUID()) =>
      publish(
        Topics.ContactAssigned,
        { tenantId: tenant, ...c, agentId, queueId, queueName: 'support', waitedSeconds, assignedAt: at(seconds) },
        messageId,
      );
    const agentState = (agentId: string, state: 'available' | 'away', seconds: number, reason?: string) =>
      publish(Topics.AgentStatusChanged, { tenantId: tenant, agentId, state, reason, changedAt: at(seconds) });
    const message = (c: ReturnType<typeof contact>, seconds: number, from: 'customer' | 'agent') =>
      publish(Topics.ConversationMessage, {
        tenantId: tenant,
        conversationId: c.conversationId,
        ticketId: c.ticketId,
        customerId: c.customerId,
        messageId: randomUUID(),
        channel: c.channel,
        direction: from === 'customer' ? 'inbound' : 'outbound',
        authorType: from,
        authorId: from === 'agent' ? alice : c.customerId,
        authorName: from === 'agent' ? 'Alice Agent' : 'A customer',
        text: from === 'customer' ? 'Hello, my order is late' : 'Let me check that for you',
        isNewConversation: from === 'customer',
        createdAt: at(seconds),
      });

    await agentState(alice, 'available', -60);
    await agentState(bob, 'available', -60);
    // c1: answered by Alice after 5 s (within the 20 s threshold), first reply 15 s after it arrived, closed after 120 s of handling.
    await requested(c1, 0, 'support');
    await message(c1, 0, 'customer');
    await offered(c1, alice, 3);
    const c1Assignment = randomUUID();
    await assigned(c1, alice, 5, 5, c1Assignment);
    await message(c1, 15, 'agent');
    // c2: the customer gives up after 40 s.
    await requested(c2, 10, 'support');
    await publish(Topics.ConversationClosed, {
      tenantId: tenant,
      conversationId: c2.conversationId,
      ticketId: c2.ticketId,
      contactId: c2.contactId,
      closedAt: at(50),
    });
    // Kafka redelivers two events (same message ids): nothing may count twice.
    await assigned(c1, alice, 5, 5, c1Assignment);
    await requested(c2, 10, 'support');
    // c3: no queue asked for; routing puts it in its default queue "support"; answered after 30 s (outside the threshold).
    await requested(c3, 20);
    await offered(c3, alice, 45);
    await assigned(c3, alice, 50, 30);
    // c4: offered to Bob, who misses it and is set away by routing; still waiting.
    await requested(c4, 60, 'support');
    await offered(c4, bob, 61);
    await agentState(bob, 'away', 91, 'missed offers');
    // c3 is transferred: a new contact for the same conversation, answered by Bob (back from away) after 10 s.
    const c3b = { ...c3, contactId: randomUUID() };
    await agentState(bob, 'available', 95);
    await requested(c3b, 100, 'support');
    await offered(c3b, bob, 105);
    await assigned(c3b, bob, 110, 10);
    await publish(Topics.ConversationClosed, {
      tenantId: tenant,
      conversationId: c1.conversationId,
      ticketId: c1.ticketId,
      contactId: c1.contactId,
      agentId: alice,
      disposition: 'resolved',
      closedAt: at(125),
    });
    // Another tenant's single waiting contact.
    await publish(Topics.RoutingRequested, { tenantId: otherTenant, ...contact(), queue: 'support', requestedAt: at(30) });

    const support = await waitFor(async () => {
      const queue = await supportQueue();
      return queue &&
        queue.contactsAnswered === 3 &&
        queue.contactsHandled === 2 &&
        queue.contactsAbandoned === 1 &&
        queue.agentsOnContact === 1 &&
        queue.agentsAvailable === 1
        ? queue
        : undefined;
    }, 'the support queue to show the whole sequence');
    expect(support).toMatchObject({
      contactsInQueue: 1,
      oldestContactArrivedAt: at(60),
      contactsQueued: 5,
      contactsAnswered: 3,
      contactsAbandoned: 1,
      answeredWithinThreshold: 2,
      serviceLevelPercent: 50,
      averageSpeedOfAnswerSeconds: 15,
      abandonmentRatePercent: 20,
      contactsHandled: 2,
      averageHandleTimeSeconds: 90,
      agentsAvailable: 1,
      agentsOnContact: 1,
      agentsAway: 0,
    });

    const agents = (
      await get<{
        agents: Array<{
          agentId: string;
          name: string | null;
          state: string;
          activity: string;
          load: Record<string, number>;
          contacts: Array<{ conversationId: string }>;
        }>;
      }>('/realtime/agents')
    ).body.agents;
    expect(agents.find((a) => a.agentId === alice)).toMatchObject({
      name: 'Alice Agent',
      state: 'available',
      activity: 'available',
      load: {},
      contacts: [],
    });
    expect(agents.find((a) => a.agentId === bob)).toMatchObject({
      state: 'available',
      activity: 'on-contact',
      load: { email: 1 },
      contacts: [{ conversationId: c3.conversationId }],
    });

    const trend = (
      await get<{ points: Array<{ at: string; contactsInQueue: number; byQueue: Record<string, number> }> }>('/realtime/waiting?minutes=10')
    ).body.points;
    expect(trend).toHaveLength(11);
    expect(trend[trend.length - 1]).toMatchObject({ contactsInQueue: 1, byQueue: { support: 1 } });
    // Every sample matches the timeline: c1 waited [0, 5) s, c2 [10, 50), c3 [20, 50), c3b [100, 110), c4 from 60 on.
    const stays: Array<[number, number]> = [
      [0, 5],
      [10, 50],
      [20, 50],
      [100, 110],
      [60, Infinity],
    ];
    for (const point of trend) {
      const x = (Date.parse(point.at) - t0) / 1000;
      expect(point.contactsInQueue).toBe(stays.filter(([arrived, left]) => arrived <= x && x < left).length);
    }

    const [from, to] = [t0 - 3600_000, now + 3600_000];
    const range = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`;
    const intervals = (
      await get<{ intervals: Array<{ contactsQueued: number; contactsAnswered: number; contactsAbandoned: number }> }>(
        `/history/intervals?${range}`,
      )
    ).body.intervals;
    // One point per 15 minutes from the interval holding `from` up to `to`, empty intervals included.
    expect(intervals).toHaveLength(Math.ceil((to - Math.floor(from / 900_000) * 900_000) / 900_000));
    const sum = (key: 'contactsQueued' | 'contactsAnswered' | 'contactsAbandoned') =>
      intervals.reduce((total, interval) => total + interval[key], 0);
    expect([sum('contactsQueued'), sum('contactsAnswered'), sum('contactsAbandoned')]).toEqual([5, 3, 1]);

    const kpis = await waitFor(async () => {
      const { body } = await get<Record<string, unknown>>(`/history/kpis?${range}`);
      return body.firstResponseTimeSeconds !== null ? body : undefined;
    }, 'the first response to be projected');
    expect(kpis).toMatchObject({
      contactsQueued: 5,
      contactsAnswered: 3,
      contactsAbandoned: 1,
      contactsHandled: 2,
      firstResponseTimeSeconds: 15,
      averageHandleTimeSeconds: 90,
      averageSpeedOfAnswerSeconds: 15,
      serviceLevelPercent: 50,
      abandonmentRatePercent: 20,
      firstContactResolutionPercent: 100,
      csat: null,
    });

    // The other tenant sees only its own contact; no query parameter can widen a token's tenant.
    const theirs = await waitFor(async () => supportQueue(otherSupervisor), "the other tenant's queue");
    expect(theirs).toMatchObject({ contactsInQueue: 1, contactsQueued: 1, contactsAnswered: 0 });
    const theirAgents = (await get<{ agents: unknown[] }>(`/realtime/agents?tenantId=${tenant}`, otherSupervisor)).body.agents;
    expect(theirAgents).toEqual([]);
  });

  it('refuses agents and unauthenticated callers, and explains a bad range', async () => {
    expect((await get('/realtime/queues', agentToken)).status).toBe(403);
    expect((await fetch(`${analytics.url}/realtime/queues`)).status).toBe(401);
    const bad = await get<{ issues: Array<{ path: string }> }>('/history/intervals?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].path).toBe('from');
    const reversed = await get('/history/kpis?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect((await get('/realtime/waiting?minutes=0')).status).toBe(400);
  });

  it('lets an admin set a queue’s service-level threshold', async () => {
    const put = (token: string, body: unknown) =>
      fetch(`${analytics.url}/settings/queues/priority`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put(supervisor, { serviceLevelSeconds: 60 })).status).toBe(403);
    expect((await put(adminToken, { serviceLevelSeconds: 0 })).status).toBe(400);
    expect((await put(adminToken, { serviceLevelSeconds: 60 })).status).toBe(200);
    const queues = (await get<{ queues: Array<{ queueName: string; serviceLevelThresholdSeconds: number }> }>('/realtime/queues')).body
      .queues;
    expect(queues.find((queue) => queue.queueName === 'priority')?.serviceLevelThresholdSeconds).toBe(60);
  });
  it('moves a contact transferred between agents (routing keeps its id) off the first agent and onto the second, answered once', async () => {
    const transferTenant = randomUUID();
    const token = signAccessToken({ sub: randomUUID(), tenantId: transferTenant, role: 'supervisor', name: 'Sam' }, JWT_SECRET);
    const [carol, dave, queueId] = [randomUUID(), randomUUID(), randomUUID()];
    const c = {
      contactId: randomUUID(),
      conversationId: randomUUID(),
      ticketId: randomUUID(),
      customerId: randomUUID(),
      channel: 'webchat' as const,
    };
    const at = (seconds: number) => new Date(Date.now() - 60_000 + seconds * 1000).toISOString();
    const holding = async (agentId: string) => {
      const { agents } = (
        await get<{ agents: Array<{ agentId: string; contacts: Array<{ contactId: string }>; load: Record<string, number> }> }>(
          '/realtime/agents',
          token,
        )
      ).body;
      return agents.find((agent) => agent.agentId === agentId);
    };
    await publish(Topics.RoutingRequested, { tenantId: transferTenant, ...c, queue: 'support', requestedAt: at(0) });
    await publish(Topics.ContactAssigned, {
      tenantId: transferTenant,
      ...c,
      agentId: carol,
      queueId,
      queueName: 'support',
      waitedSeconds: 2,
      assignedAt: at(2),
    });
    await waitFor(async () => (await holding(carol))?.contacts.length === 1, 'the contact on Carol');

    await publish(Topics.ContactTransferred, {
      tenantId: transferTenant,
      contactId: c.contactId,
      conversationId: c.conversationId,
      fromAgentId: carol,
      toQueueId: queueId,
      toQueueName: 'support',
      toAgentId: dave,
      transferredAt: at(10),
    });
    await waitFor(async () => (await holding(carol))?.contacts.length === 0, 'the contact off Carol');
    await publish(Topics.ContactAssigned, {
      tenantId: transferTenant,
      ...c,
      agentId: dave,
      queueId,
      queueName: 'support',
      waitedSeconds: 1,
      assignedAt: at(11),
    });
    const daves = await waitFor(async () => {
      const agent = await holding(dave);
      return agent?.contacts.length === 1 ? agent : undefined;
    }, 'the contact on Dave');
    expect(daves.load).toEqual({ webchat: 1 });
    expect((await holding(carol))?.load.webchat ?? 0).toBe(0);
    const support = (await get<{ queues: QueueFigures[] }>('/realtime/queues', token)).body.queues.find(
      (queue) => queue.queueName === 'support',
    );
    expect(support).toMatchObject({ contactsAnswered: 1, contactsInQueue: 0 });
  });
});

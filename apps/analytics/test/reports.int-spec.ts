// Reports against real Kafka and PostgreSQL: a few days of a Jakarta tenant's contacts go through
// Kafka, and a supervisor reads the summary (against the previous period, per agent and channel),
// the daily trend in the tenant's calendar, and a CSV; an agent sees only their own scorecard.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Channel, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { createKafkaClient, EventPublisher } from '@garda/messaging';
import { createScratchDatabase, type ScratchDatabase, waitFor } from '@garda/testing';
import { bootstrapService, createLogger, type RunningService, signAccessToken } from '@garda/service-kit';
import { analyticsService } from '../src/analytics.service-definition';

jest.setTimeout(120_000);

const JWT_SECRET = 'reports-int-spec-secret-0123456789';
const logger = createLogger('reports-int-spec', 'warn');

type Metrics = Record<string, number | null>;
interface Summary {
  timeZone: string;
  totals: { current: Metrics; previous: Metrics };
  rows: Array<{ key: string; label: string | null; current: Metrics; previous: Metrics }>;
}
interface Trend {
  buckets: Array<{ bucketStart: string; metrics: Metrics }>;
}

describe('reports (real Kafka + PostgreSQL)', () => {
  let analytics: RunningService;
  let publisher: EventPublisher;
  let database: ScratchDatabase;

  const tenant = randomUUID();
  const [alice, bob] = [randomUUID(), randomUUID()];
  const supervisor = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'supervisor', name: 'Sam' }, JWT_SECRET);
  const aliceToken = signAccessToken({ sub: alice, tenantId: tenant, role: 'agent', name: 'Alice' }, JWT_SECRET);
  const queueIds: Record<string, string> = { support: randomUUID(), billing: randomUUID() };

  const request = async (path: string, token = supervisor) => {
    const response = await fetch(`${analytics.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const json = async <T>(path: string, token = supervisor): Promise<T> => {
    const answer = await request(path, token);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    return JSON.parse(answer.text) as T;
  };
  const publish = <T extends TopicName>(topic: T, payload: TopicInput<T>) =>
    publisher.publish(topic, payload, { tenantId: tenant, key: tenant, messageId: randomUUID() });

  // Two days of the tenant's calendar (Asia/Jakarta, UTC+7) and the two days before them.
  const range = 'from=2026-11-02T00:00:00%2B07:00&to=2026-11-04T00:00:00%2B07:00';
  const contact = (channel: Channel, customerId = randomUUID()) => ({
    contactId: randomUUID(),
    conversationId: randomUUID(),
    ticketId: randomUUID(),
    customerId,
    channel,
  });
  type Contact = ReturnType<typeof contact>;
  const customerWrites = (c: Contact, at: string) =>
    publish(Topics.ConversationMessage, {
      tenantId: tenant,
      conversationId: c.conversationId,
      ticketId: c.ticketId,
      customerId: c.customerId,
      messageId: randomUUID(),
      channel: c.channel,
      direction: 'inbound',
      authorType: 'customer',
      authorId: c.customerId,
      text: 'Where is my order?',
      isNewConversation: true,
      createdAt: at,
    });
  const agentReplies = (c: Contact, agentId: string, name: string, at: string) =>
    publish(Topics.ConversationMessage, {
      tenantId: tenant,
      conversationId: c.conversationId,
      ticketId: c.ticketId,
      customerId: c.customerId,
      messageId: randomUUID(),
      channel: c.channel,
      direction: 'outbound',
      authorType: 'agent',
      authorId: agentId,
      authorName: name,
      text: 'Let me look',
      isNewConversation: false,
      createdAt: at,
    });
  const requested = (c: Contact, queue: string, at: string) =>
    publish(Topics.RoutingRequested, { tenantId: tenant, ...c, queue, requestedAt: at });
  const assigned = (c: Contact, queue: string, agentId: string, at: string, waitedSeconds: number) =>
    publish(Topics.ContactAssigned, {
      tenantId: tenant,
      ...c,
      agentId,
      queueId: queueIds[queue],
      queueName: queue,
      waitedSeconds,
      assignedAt: at,
    });
  const closed = (c: Contact, at: string, agentId?: string) =>
    publish(Topics.ConversationClosed, {
      tenantId: tenant,
      conversationId: c.conversationId,
      ticketId: c.ticketId,
      contactId: c.contactId,
      agentId,
      closedAt: at,
    });

  beforeAll(async () => {
    for (const name of ['KAFKA_BROKERS', 'DATABASE_URL']) {
      if (!process.env[name]) throw new Error(`${name} is not set: run through jest's integration project`);
    }
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_reports');
    const running = await bootstrapService(analyticsService, {
      ...process.env,
      PORT: '0',
      DATABASE_URL: database.url,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      KAFKA_CLIENT_ID: `reports-int-${randomBytes(3).toString('hex')}`,
    });
    if (!running) throw new Error('analytics did not start');
    analytics = running;
    await waitFor(async () => ((await fetch(`${analytics.url}/health/ready`)).status === 200 ? true : undefined), 'analytics to be ready');
    publisher = new EventPublisher(
      createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'reports-int-spec', logger }),
      logger,
    );
    await publisher.connect();
    await seedHistory();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await analytics?.close();
    await database?.drop();
  });

  const c1 = contact('webchat');
  const c2 = contact('webchat');
  const c3 = contact('email');
  const c4 = contact('webchat');
  const c5 = contact('webchat', c1.customerId);

  async function seedHistory() {
    await publish(Topics.TenantSettingsChanged, {
      tenantId: tenant,
      name: 'Toko Jakarta',
      timeZone: 'Asia/Jakarta',
      defaultLanguage: 'id',
      languages: ['id', 'en'],
      revision: 1,
      changedAt: '2026-10-01T00:00:00.000Z',
    });
    await waitFor(
      async () => ((await json<Summary>(`/reports/summary?${range}`)).timeZone === 'Asia/Jakarta' ? true : undefined),
      'the time zone',
    );

    // Previous period: c4 on 1 November, answered by Alice after 5 s, handled 5 minutes.
    await customerWrites(c4, '2026-11-01T05:00:00.000Z');
    await requested(c4, 'support', '2026-11-01T05:00:00.000Z');
    await assigned(c4, 'support', alice, '2026-11-01T05:00:05.000Z', 5);
    // c1, 2 November 08:00 local: answered by Alice after 10 s, first reply after 60 s, a next reply after 120 s.
    await customerWrites(c1, '2026-11-02T01:00:00.000Z');
    await requested(c1, 'support', '2026-11-02T01:00:00.000Z');
    await assigned(c1, 'support', alice, '2026-11-02T01:00:10.000Z', 10);
    await agentReplies(c1, alice, 'Alice Agent', '2026-11-02T01:01:00.000Z');
    await customerWrites(c1, '2026-11-02T01:05:00.000Z');
    await agentReplies(c1, alice, 'Alice Agent', '2026-11-02T01:07:00.000Z');
    // c2, 3 November 00:30 local (still 2 November in UTC): the visitor gives up after 60 s.
    await customerWrites(c2, '2026-11-02T17:30:00.000Z');
    await requested(c2, 'support', '2026-11-02T17:30:00.000Z');
    // c3, 3 November 10:00 local, by email to billing: Bob answers after 30 s (outside the 20 s service level), replies after 120 s, still open.
    await customerWrites(c3, '2026-11-03T03:00:00.000Z');
    await requested(c3, 'billing', '2026-11-03T03:00:00.000Z');
    await assigned(c3, 'billing', bob, '2026-11-03T03:00:30.000Z', 30);
    await agentReplies(c3, bob, 'Bob Agent', '2026-11-03T03:02:00.000Z');
    await waitFor(async () => {
      const totals = (await json<Summary>('/reports/summary?from=2026-10-31T00:00:00%2B07:00&to=2026-11-04T00:00:00%2B07:00')).totals
        .current;
      return totals.conversationsOpened === 4 && totals.contactsAnswered === 3 ? true : undefined;
    }, 'the first conversations');
    await closed(c4, '2026-11-01T05:05:05.000Z', alice);
    await closed(c1, '2026-11-02T01:10:10.000Z', alice);
    await closed(c2, '2026-11-02T17:31:00.000Z');
    await waitFor(async () => {
      const totals = (await json<Summary>('/reports/summary?from=2026-10-31T00:00:00%2B07:00&to=2026-11-04T00:00:00%2B07:00')).totals
        .current;
      return totals.contactsHandled === 2 && totals.contactsAbandoned === 1 && totals.conversationsResolved === 2 ? true : undefined;
    }, 'the closes');
    // c5, 3 November 09:00 local: c1's customer is back (so c1 was not resolved on first contact); Alice answers after 5 s and resolves it.
    await customerWrites(c5, '2026-11-03T02:00:00.000Z');
    await requested(c5, 'support', '2026-11-03T02:00:00.000Z');
    await assigned(c5, 'support', alice, '2026-11-03T02:00:05.000Z', 5);
    await agentReplies(c5, alice, 'Alice Agent', '2026-11-03T02:01:00.000Z');
    await closed(c5, '2026-11-03T02:20:00.000Z', alice);
    await waitFor(async () => {
      const totals = (await json<Summary>(`/reports/summary?${range}`)).totals.current;
      const done = totals.conversationsResolved === 2 && totals.contactsAnswered === 3 && totals.contactsHandled === 2;
      return done && totals.firstResponseTimeSeconds === 80 ? true : undefined;
    }, 'c5');
  }

  it('sums two days of the tenant calendar into every figure, against the two days before', async () => {
    const summary = await json<Summary>(`/reports/summary?${range}`);
    expect(summary.totals.current).toMatchObject({
      contactsQueued: 4,
      contactsAnswered: 3,
      contactsAbandoned: 1,
      contactsHandled: 2,
      serviceLevelPercent: 50,
      averageSpeedOfAnswerSeconds: 15,
      abandonmentRatePercent: 25,
      averageHandleTimeSeconds: 897.5,
      firstResponseTimeSeconds: 80,
      nextResponseTimeSeconds: 120,
      resolutionTimeSeconds: 905,
      conversationsOpened: 4,
      conversationsResolved: 2,
      resolutionRatePercent: 50,
      firstContactResolutionPercent: 50,
      backlogOpen: 1,
      csatAverage: null,
    });
    expect(summary.totals.previous).toMatchObject({ contactsQueued: 1, contactsAnswered: 1, serviceLevelPercent: 100, backlogOpen: 0 });
  });

  it('mixes whole days and 15-minute edges for a range that starts and ends mid-day', async () => {
    const summary = await json<Summary>('/reports/summary?from=2026-11-01T12:00:00%2B07:00&to=2026-11-03T09:30:00%2B07:00');
    expect(summary.totals.current).toMatchObject({ contactsQueued: 4, contactsAnswered: 3, contactsAbandoned: 1 });
  });

  it('breaks the figures down per agent and per channel', async () => {
    const perAgent = await json<Summary>(`/reports/summary?${range}&groupBy=agent`);
    const row = (key: string) => perAgent.rows.find((r) => r.key === key)?.current;
    expect(perAgent.rows.find((r) => r.key === alice)?.label).toBe('Alice Agent');
    expect(row(alice)).toMatchObject({ contactsAnswered: 2, contactsHandled: 2, firstResponseTimeSeconds: 60, backlogOpen: null });
    expect(row(bob)).toMatchObject({ contactsAnswered: 1, firstResponseTimeSeconds: 120, serviceLevelPercent: 0 });
    const perChannel = await json<Summary>(`/reports/summary?${range}&groupBy=channel`);
    expect(perChannel.rows.map((r) => [r.key, r.current.contactsQueued])).toEqual([
      ['email', 1],
      ['webchat', 3],
    ]);
  });

  it("counts each day from the tenant's midnight, with the backlog at the end of each day", async () => {
    const trend = await json<Trend>(`/reports/trend?${range}&bucket=day`);
    expect(trend.buckets.map((b) => [b.bucketStart, b.metrics.contactsQueued, b.metrics.backlogOpen])).toEqual([
      ['2026-11-01T17:00:00.000Z', 1, 0],
      ['2026-11-02T17:00:00.000Z', 3, 1],
    ]);
  });

  it('exports the per-channel table as CSV with a total row', async () => {
    const answer = await request(`/reports/summary?${range}&groupBy=channel&format=csv`);
    expect(answer.status).toBe(200);
    expect(answer.type).toContain('text/csv');
    const [header, ...rows] = answer.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const queued = header.indexOf('contactsQueued');
    expect(rows.map((r) => [r[0], r[queued]])).toEqual([
      ['email', '1'],
      ['webchat', '3'],
      ['total', '4'],
    ]);
  });

  it("gives an agent their own scorecard and refuses another agent's", async () => {
    const own = await json<Summary>(`/reports/summary?${range}`, aliceToken);
    expect(own.totals.current).toMatchObject({ contactsAnswered: 2, contactsHandled: 2 });
    expect((await request(`/reports/summary?${range}&agent=${bob}`, aliceToken)).status).toBe(403);
  });

  it('answers a bad filter or range with a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      [`/reports/summary?${range}&queue=nowhere`, 'queue'],
      [`/reports/summary?${range}&agent=${randomUUID()}`, 'agent'],
      ['/reports/summary?from=2026-11-04T00:00:00Z&to=2026-11-02T00:00:00Z', 'from'],
      ['/reports/summary?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['/reports/trend?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=hour', 'bucket'],
      ['/reports/summary?groupBy=planet', 'groupBy'],
    ];
    for (const [path, field] of cases) {
      const answer = await request(path);
      expect([path, answer.status]).toEqual([path, 400]);
      expect(answer.text).toContain(`"${field}"`);
    }
  });
});

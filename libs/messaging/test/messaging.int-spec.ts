import { randomUUID } from 'node:crypto';
import { deadLetterTopic, Headers, Topics } from '@garda/contracts';
import type { Consumer, Kafka } from 'kafkajs';
import pino from 'pino';
import { DataSource } from 'typeorm';
import {
  createKafkaClient,
  encodeEvent,
  ensureTopics,
  EventConsumer,
  EventPublisher,
  messagingTablesMigration,
  OutboxRelay,
  outboxCommitOrderMigration,
  PermanentFailure,
  UnitOfWork,
  queryRows,
} from '../src';
import { z } from 'zod';

const logger = pino({ level: 'silent' });
const schema = `messaging_test_${process.pid}`;

/** Reads everything that arrives on a topic from now on. */
async function tap(kafka: Kafka, topic: string) {
  const seen: Array<{ value: string; headers: Record<string, string> }> = [];
  const consumer: Consumer = kafka.consumer({ groupId: `tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  let joined!: () => void;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ value: message.value?.toString() ?? '', headers });
    },
  });
  await ready;
  return { seen, stop: () => consumer.disconnect() };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('messaging on a real broker and database', () => {
  let kafka: Kafka;
  let dataSource: DataSource;
  let publisher: EventPublisher;
  let relay: OutboxRelay;
  let unitOfWork: UnitOfWork;

  beforeAll(async () => {
    kafka = createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'messaging-test', logger });
    await ensureTopics(kafka);
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      schema,
      migrations: [messagingTablesMigration(schema), outboxCommitOrderMigration(schema)],
      migrationsTableName: 'migrations',
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations();
    await dataSource.query(`CREATE TABLE "${schema}"."effect" ("id" serial PRIMARY KEY, "note" text NOT NULL)`);
    publisher = new EventPublisher(kafka, logger);
    await publisher.connect();
    relay = new OutboxRelay(dataSource, schema, publisher, logger, 100);
    unitOfWork = new UnitOfWork(dataSource, schema, relay);
    relay.start();
  }, 60_000);

  afterAll(async () => {
    await relay.stop();
    await publisher.disconnect();
    await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
    await dataSource.destroy();
  });

  const closed = (conversationId: string) => ({
    tenantId: randomUUID(),
    conversationId,
    ticketId: randomUUID(),
    closedAt: new Date().toISOString(),
  });

  it('publishes an event only when its transaction commits', async () => {
    const topic = await tap(kafka, Topics.ConversationClosed);
    const committed = randomUUID();
    const rolledBack = randomUUID();
    await unitOfWork.run(({ publish }) =>
      publish(Topics.ConversationClosed, closed(committed), { tenantId: randomUUID(), key: committed }),
    );
    await expect(
      unitOfWork.run(async ({ publish }) => {
        await publish(Topics.ConversationClosed, closed(rolledBack), { tenantId: randomUUID(), key: rolledBack });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');

    await eventually(() => topic.seen.find((m) => m.value.includes(committed)));
    await relay.flush();
    expect(topic.seen.some((m) => m.value.includes(rolledBack))).toBe(false);
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}"."outbox"`);
    expect(count).toBe(0);
    await topic.stop();
  });

  it('refuses to publish a payload that breaks its contract', async () => {
    await expect(
      unitOfWork.run(({ publish }) => publish(Topics.ConversationClosed, { tenantId: 'not-a-uuid' } as never, { tenantId: 'x', key: 'x' })),
    ).rejects.toThrow(/refusing to publish an invalid/);
  });

  it('applies a message delivered twice only once, and dead-letters an invalid one with its reason', async () => {
    const groupId = `test-group-${randomUUID()}`;
    const handled: string[] = [];
    const consumer = new EventConsumer({
      kafka,
      groupId,
      schema,
      unitOfWork,
      deadLetters: publisher,
      logger,
      maxAttempts: 2,
      retryDelaysMs: [10],
    });
    consumer.on(Topics.ConversationClosed, async (event, { manager }) => {
      handled.push(event.conversationId);
      await manager.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ($1)`, [event.conversationId]);
    });
    const deadLetters = await tap(kafka, deadLetterTopic(Topics.ConversationClosed));
    await consumer.start();
    await eventually(() => (consumer.isReady() ? true : undefined));

    const conversationId = randomUUID();
    const record = encodeEvent(Topics.ConversationClosed, closed(conversationId), {
      tenantId: randomUUID(),
      key: conversationId,
      messageId: randomUUID(),
    });
    // The same message (same id) twice, as a producer retry or a redelivery after a crash would.
    await publisher.sendRecords([record, record]);
    await publisher.sendRecords([{ topic: Topics.ConversationClosed, key: 'bad', value: '{"tenantId":', headers: {} }]);

    const dead = await eventually(() => deadLetters.seen[0]);
    expect(dead.headers[Headers.DeadLetterReason]).toMatch(/not valid JSON/);
    expect(dead.headers[Headers.DeadLetterSourceTopic]).toBe(Topics.ConversationClosed);
    await eventually(() => (handled.includes(conversationId) ? true : undefined));
    const rows = await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}"."effect" WHERE "note" = $1`, [conversationId]);
    expect(rows[0].count).toBe(1);
    expect(handled.filter((id) => id === conversationId)).toHaveLength(1);
    expect(consumer.isReady()).toBe(true);

    await consumer.stop();
    await deadLetters.stop();
  });

  it('handles a batch in one transaction and isolates a failing message: the others keep their work, it alone is dead-lettered', async () => {
    const groupId = `test-group-${randomUUID()}`;
    const consumer = new EventConsumer({
      kafka,
      groupId,
      schema,
      unitOfWork,
      deadLetters: publisher,
      logger,
      maxAttempts: 2,
      retryDelaysMs: [10],
    });
    const poison = randomUUID();
    consumer.on(Topics.ConversationClosed, async (event, { manager }) => {
      await manager.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ($1)`, [event.conversationId]);
      if (event.conversationId === poison) throw new PermanentFailure('this conversation cannot be closed');
    });
    const deadLetters = await tap(kafka, deadLetterTopic(Topics.ConversationClosed));
    await consumer.start();
    await eventually(() => (consumer.isReady() ? true : undefined));

    // One key, so all land on one partition and arrive in one batch, the poison in the middle.
    const key = randomUUID();
    const ids = [randomUUID(), randomUUID(), poison, randomUUID(), randomUUID()];
    await publisher.sendRecords(
      ids.map((id) => encodeEvent(Topics.ConversationClosed, closed(id), { tenantId: randomUUID(), key, messageId: randomUUID() })),
    );

    const dead = await eventually(() => deadLetters.seen.find((m) => m.value.includes(poison)));
    expect(dead.headers[Headers.DeadLetterReason]).toMatch(/permanent failure: this conversation cannot be closed/);
    const effects = async () =>
      (
        await queryRows(
          dataSource,
          z.object({ note: z.string() }),
          `SELECT "note" FROM "${schema}"."effect" WHERE "note" = ANY($1) ORDER BY "id"`,
          [ids],
        )
      ).map((row) => row.note);
    await eventually(async () => ((await effects()).length === 4 ? true : undefined));
    // Each healthy message applied once, in order; the poison's write rolled back with it.
    expect(await effects()).toEqual(ids.filter((id) => id !== poison));
    expect(deadLetters.seen.filter((m) => m.value.includes(poison))).toHaveLength(1);
    await consumer.stop();
    await deadLetters.stop();
  });

  it('never dead-letters while the database connection is lost: the message waits and is applied once it is back', async () => {
    const groupId = `test-group-${randomUUID()}`;
    // Two attempts would dead-letter a failing handler; a lost connection must not count as one.
    const consumer = new EventConsumer({
      kafka,
      groupId,
      schema,
      unitOfWork,
      deadLetters: publisher,
      logger,
      maxAttempts: 2,
      retryDelaysMs: [10],
      outageBackoffMs: { initial: 20, max: 100 },
      databaseAnswers: async () => (await dataSource.query('SELECT 1 AS ok')).length === 1,
    });
    const paused: string[] = [];
    let outages = 4;
    const conversationId = randomUUID();
    consumer.on(Topics.ConversationClosed, async (event, { manager }) => {
      if (event.conversationId !== conversationId) return;
      // A real lost connection: the server ends this transaction's backend, as a restart would.
      if (outages-- > 0) await manager.query('SELECT pg_terminate_backend(pg_backend_pid())');
      await manager.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ($1)`, [event.conversationId]);
    });
    (consumer as unknown as { options: { instrumentation: object } }).options.instrumentation = {
      traceMessage: (_: unknown, work: (span: object) => Promise<unknown>) => work({}),
      handled: () => undefined,
      lag: () => undefined,
      paused: (_topic: string, _partition: number, reason: string) => paused.push(reason),
    };
    const deadLetters = await tap(kafka, deadLetterTopic(Topics.ConversationClosed));
    await consumer.start();
    await eventually(() => (consumer.isReady() ? true : undefined));
    await publisher.sendRecords([
      encodeEvent(Topics.ConversationClosed, closed(conversationId), {
        tenantId: randomUUID(),
        key: conversationId,
        messageId: randomUUID(),
      }),
    ]);

    await eventually(async () => {
      const rows = await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}"."effect" WHERE "note" = $1`, [conversationId]);
      return rows[0].count === 1 ? true : undefined;
    });
    // It waited (paused as unavailable) instead of spending its two attempts on the four lost
    // connections: otherwise the message would be in the dead-letter topic. How many pauses the four
    // outages take depends on timing (two can fall in one pause), so the count is not asserted.
    expect(paused).toContain('unavailable');
    expect(deadLetters.seen.filter((m) => m.value.includes(conversationId))).toEqual([]);
    await consumer.stop();
    await deadLetters.stop();
  });

  it('is not held back by an older open transaction that never wrote to this outbox', async () => {
    const topic = await tap(kafka, Topics.ConversationClosed);
    // Another service's transaction in the same database: older, open, and writing its own table.
    const unrelated = dataSource.createQueryRunner();
    await unrelated.connect();
    await unrelated.startTransaction();
    const conversationId = randomUUID();
    try {
      await unrelated.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ('a long report')`);
      await unitOfWork.run(({ publish }) =>
        publish(Topics.ConversationClosed, closed(conversationId), { tenantId: randomUUID(), key: conversationId }),
      );
      // Published while the older transaction is still open.
      await eventually(() => topic.seen.find((m) => m.value.includes(conversationId)), 5_000);
    } finally {
      await unrelated.rollbackTransaction();
      await unrelated.release();
    }
    await topic.stop();
  });

  it('publishes in commit order per key: a row waits while an older transaction is still open', async () => {
    const key = randomUUID();
    const topic = await tap(kafka, Topics.ConversationClosed);
    const older = dataSource.createQueryRunner();
    await older.connect();
    await older.startTransaction();
    const first = randomUUID();
    const second = randomUUID();
    const row = (id: string) => {
      const record = encodeEvent(Topics.ConversationClosed, closed(id), { tenantId: randomUUID(), key });
      return [record.topic, record.key, record.value, JSON.stringify(record.headers)];
    };
    try {
      // The older transaction writes its row first but commits last.
      await older.query(
        `INSERT INTO "${schema}"."outbox" ("topic", "message_key", "payload", "headers") VALUES ($1, $2, $3, $4)`,
        row(first),
      );
      await dataSource.query(
        `INSERT INTO "${schema}"."outbox" ("topic", "message_key", "payload", "headers") VALUES ($1, $2, $3, $4)`,
        row(second),
      );
      await relay.flush();
      const waiting = await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}"."outbox" WHERE "payload" LIKE $1`, [
        `%${second}%`,
      ]);
      expect(waiting[0].count).toBe(1);
      await older.commitTransaction();
    } finally {
      await older.release();
    }
    relay.wake();
    await eventually(() => (topic.seen.some((m) => m.value.includes(second)) ? true : undefined));
    const order = topic.seen
      .filter((m) => m.value.includes(first) || m.value.includes(second))
      .map((m) => (m.value.includes(first) ? 'first' : 'second'));
    expect(order).toEqual(['first', 'second']);
    await topic.stop();
  });
});

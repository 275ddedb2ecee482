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
  UnitOfWork,
} from '../src';

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
      migrations: [messagingTablesMigration(schema)],
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
});

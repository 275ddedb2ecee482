// @EventPattern handlers on GardaKafkaTransport, in a service booted like every Garda service
// (bootstrapService) on the real broker and database of the integration run: two handlers of a
// topic share one transaction with the inbox and the outbox, and a failure of either undoes both.
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ConversationClosedV1, deadLetterTopic, Headers, Topics } from '@garda/contracts';
import { createKafkaClient, encodeEvent, PermanentFailure } from '@garda/messaging';
import type { Kafka } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  baseConfigShape,
  bootstrapService,
  type EventContext,
  EventPattern,
  messagingTablesMigrationFor,
  type RunningService,
} from '../src';
import { z } from 'zod';
import { queryRows } from '@garda/messaging';

jest.setTimeout(90_000);

const name = `transport-probe-${process.pid}`;
const schema = name.replace(/-/g, '_');
/** How many more times the SLA handler fails for a conversation before it succeeds. */
const failuresLeft = new Map<string, number>();

class CreateEffects1700000000001 implements MigrationInterface {
  name = 'CreateEffects1700000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "${schema}"."effect" ("id" serial PRIMARY KEY, "note" text NOT NULL)`);
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "${schema}"."effect"`);
  }
}

@Controller()
class SurveyHandlers {
  @EventPattern(Topics.ConversationClosed)
  async closed(@Payload() event: ConversationClosedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    if (event.disposition === 'no-template') throw new PermanentFailure('no survey template for this tenant');
    await manager.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ($1)`, [`survey:${event.conversationId}`]);
    await publish(
      Topics.AgentStatusChanged,
      { tenantId: event.tenantId, agentId: event.conversationId, state: 'available', changedAt: event.closedAt },
      { tenantId: event.tenantId, key: event.tenantId, messageId: `probe:${event.conversationId}` },
    );
  }
}

@Controller()
class SlaHandlers {
  @EventPattern(Topics.ConversationClosed)
  async closed(@Payload() event: ConversationClosedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await manager.query(`INSERT INTO "${schema}"."effect" ("note") VALUES ($1)`, [`sla:${event.conversationId}`]);
    const left = failuresLeft.get(event.conversationId) ?? 0;
    if (left > 0) {
      failuresLeft.set(event.conversationId, left - 1);
      throw new Error('the SLA table is locked (a failure that a retry gets past)');
    }
  }
}

@Module({ controllers: [SurveyHandlers, SlaHandlers] })
class ProbeModule {}

/** Everything that arrives on a topic from now on. */
async function tap(kafka: Kafka, topic: string) {
  const seen: Array<{ value: string; headers: Record<string, string> }> = [];
  const consumer = kafka.consumer({ groupId: `tap-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
      seen.push({ value: message.value?.toString() ?? '', headers });
    },
  });
  await joined;
  return { seen, stop: () => consumer.disconnect() };
}

async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('@EventPattern handlers on the Kafka transport (real broker and database)', () => {
  let service: RunningService;
  let kafka: Kafka;
  const tenantId = randomUUID();
  const closedEvent = (conversationId: string, disposition?: string): ConversationClosedV1 => ({
    tenantId,
    conversationId,
    ticketId: randomUUID(),
    closedAt: new Date().toISOString(),
    ...(disposition ? { disposition } : {}),
  });
  const effects = async (conversationId: string) =>
    (
      await queryRows(
        service.runtime.dataSource,
        z.object({ note: z.string() }),
        `SELECT "note" FROM "${schema}"."effect" WHERE "note" LIKE $1 ORDER BY "note"`,
        [`%${conversationId}`],
      )
    ).map((row) => row.note);

  beforeAll(async () => {
    const running = await bootstrapService(
      {
        name,
        description: 'probe for the Kafka transport',
        configShape: baseConfigShape,
        entities: [],
        migrations: [messagingTablesMigrationFor(name), CreateEffects1700000000001],
        appModule: ProbeModule,
      },
      { ...process.env, PORT: '0', JWT_SECRET: 'a-secret-for-the-probe-only', LOG_LEVEL: 'fatal' },
    );
    service = running!;
    kafka = createKafkaClient({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'probe-tap', logger: pino({ level: 'silent' }) });
    await eventually(async () => ((await service.runtime.readiness.evaluate()).ready ? true : undefined));
  });

  afterAll(async () => {
    await service?.close();
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  });

  it('runs both handlers of a topic in one transaction, and publishes what they queued once it commits', async () => {
    const published = await tap(kafka, Topics.AgentStatusChanged);
    const conversationId = randomUUID();
    // The SLA handler fails twice: each time the survey's write and queued event are rolled back with it.
    failuresLeft.set(conversationId, 2);
    await service.runtime.publisher.publish(Topics.ConversationClosed, closedEvent(conversationId), { tenantId, key: conversationId });

    await eventually(async () => ((await effects(conversationId)).length === 2 ? true : undefined));
    await eventually(() => published.seen.find((message) => message.value.includes(conversationId)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await effects(conversationId)).toEqual([`sla:${conversationId}`, `survey:${conversationId}`]);
    expect(published.seen.filter((message) => message.value.includes(conversationId))).toHaveLength(1);
    expect(failuresLeft.get(conversationId)).toBe(0);
    await published.stop();
  });

  it('applies a message delivered twice once', async () => {
    const conversationId = randomUUID();
    const record = encodeEvent(Topics.ConversationClosed, closedEvent(conversationId), {
      tenantId,
      key: conversationId,
      messageId: randomUUID(),
    });
    await service.runtime.publisher.sendRecords([record, record]);
    await eventually(async () => ((await effects(conversationId)).length >= 2 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await effects(conversationId)).toEqual([`sla:${conversationId}`, `survey:${conversationId}`]);
  });

  it("dead-letters a message a handler refuses for good, with the handler's reason, and keeps none of its work", async () => {
    const deadLetters = await tap(kafka, deadLetterTopic(Topics.ConversationClosed));
    const conversationId = randomUUID();
    await service.runtime.publisher.publish(Topics.ConversationClosed, closedEvent(conversationId, 'no-template'), {
      tenantId,
      key: conversationId,
    });
    const dead = await eventually(() => deadLetters.seen.find((message) => message.value.includes(conversationId)));
    expect(dead.headers[Headers.DeadLetterReason]).toMatch(/no survey template for this tenant/);
    expect(await effects(conversationId)).toEqual([]);
    await deadLetters.stop();
  });
});

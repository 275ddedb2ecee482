import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

export interface RawKafkaResult {
  messages: number;
  messageBytes: number;
  /** One message per send, awaited before the next (what a per-message outbox relay does). */
  singleSendsPerSecond: number;
  /** Sends of `batchSize` messages (what a batching relay does). */
  batchedPerSecond: number;
  batchedMessages: number;
  batchSize: number;
}

/**
 * The broker's own ceiling for comparison: plain kafkajs producing to a fresh topic and a consumer
 * reading it, on the same broker, with the producer settings Garda's EventPublisher uses
 * (idempotent, acks=-1, one request in flight) and messages the size of Garda's events.
 */
export async function measureRawKafka(brokers: string, options: { messages?: number; messageBytes?: number; batchSize?: number } = {}) {
  const messages = options.messages ?? 3000;
  const messageBytes = options.messageBytes ?? 1024;
  const batchSize = options.batchSize ?? 100;
  const kafka = new Kafka({ clientId: 'garda-bench-raw', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench.raw.${Date.now()}`;
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6, replicationFactor: -1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `${topic}.reader`, maxWaitTimeInMs: 100 });
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let consumed = 0;
    let lastConsumedAt = 0;
    await consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        lastConsumedAt = Date.now();
      },
    });
    const value = randomBytes(Math.ceil(messageBytes / 2))
      .toString('hex')
      .slice(0, messageBytes);
    const until = async (count: number) => {
      const deadline = Date.now() + 120_000;
      while (consumed < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
      if (consumed < count) throw new Error(`raw Kafka: consumed ${consumed} of ${count}`);
    };
    // Warm up the connections and the group before timing.
    await producer.send({ topic, acks: -1, messages: [{ key: 'warm', value }] });
    await until(1);

    const singleStart = Date.now();
    for (let index = 0; index < messages; index += 1)
      await producer.send({ topic, acks: -1, messages: [{ key: `k${index % 64}`, value }] });
    await until(1 + messages);
    const singleSendsPerSecond = messages / ((lastConsumedAt - singleStart) / 1000);

    // Ten times as many in batches: a few sends alone would time the consumer's fetch wait.
    const batchedMessages = messages * 10;
    const batchedStart = Date.now();
    for (let index = 0; index < batchedMessages; index += batchSize) {
      const batch = Array.from({ length: Math.min(batchSize, batchedMessages - index) }, (_, offset) => ({
        key: `k${(index + offset) % 64}`,
        value,
      }));
      await producer.send({ topic, acks: -1, messages: batch });
    }
    await until(1 + messages + batchedMessages);
    const batchedPerSecond = batchedMessages / ((lastConsumedAt - batchedStart) / 1000);
    return { messages, messageBytes, singleSendsPerSecond, batchedPerSecond, batchedMessages, batchSize } satisfies RawKafkaResult;
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

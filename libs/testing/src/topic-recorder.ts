import { randomBytes } from 'node:crypto';
import { type Consumer, Kafka, type KafkaMessage, logLevel } from 'kafkajs';
import { waitFor } from './wait';

export interface Recorded {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/**
 * Reads topics from the beginning with a consumer group of its own, so a test sees everything
 * published (by the service under test or anyone else) and can wait for what it expects.
 */
export class TopicRecorder {
  readonly records: Recorded[] = [];
  /** The last offset read per `topic/partition`, to know when everything published has been read. */
  private readonly positions = new Map<string, bigint>();
  private readonly kafka: Kafka;
  private consumer: Consumer | undefined;

  constructor(
    private readonly clientId = 'garda-topic-recorder',
    brokers = process.env.KAFKA_BROKERS ?? '',
  ) {
    this.kafka = new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  }

  async start(topics: string[]): Promise<this> {
    this.consumer = this.kafka.consumer({ groupId: `${this.clientId}-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.records.push({
          topic,
          key: message.key?.toString() ?? '',
          headers: headersOf(message),
          value: JSON.parse(message.value?.toString() ?? 'null') as Record<string, unknown>,
        });
        this.positions.set(`${topic}/${partition}`, BigInt(message.offset));
      },
    });
    return this;
  }

  /** The records of one topic whose value matches. */
  on(topic: string, predicate: (value: Record<string, unknown>) => boolean = () => true): Recorded[] {
    return this.records.filter((record) => record.topic === topic && predicate(record.value));
  }

  /** The first record of the topic whose value matches, once it has arrived. */
  async waitFor(
    topic: string,
    predicate: (value: Record<string, unknown>) => boolean,
    what = topic,
    timeoutMs = 30_000,
  ): Promise<Recorded> {
    return waitFor(() => this.on(topic, predicate)[0], what, timeoutMs);
  }

  /** The first record (of any recorded topic, judged with its key and headers) that matches. */
  async waitForRecord(what: string, match: (record: Recorded) => boolean, timeoutMs = 30_000): Promise<Recorded> {
    return waitFor(() => this.records.find(match), what, timeoutMs);
  }

  /** Waits until every message on the topic, up to its current end, has been read. */
  async caughtUp(topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await waitFor(
        () =>
          ends.every(
            ({ partition, high, low }) => high === low || (this.positions.get(`${topic}/${partition}`) ?? -1n) >= BigInt(high) - 1n,
          ),
        `the end of ${topic}`,
      );
    } finally {
      await admin.disconnect();
    }
  }

  /** A producer on the same cluster, for tests that play another service's part. */
  producer() {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

function headersOf(message: KafkaMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.headers ?? {}).map(([name, value]) => [name, String(Array.isArray(value) ? value[0] : value)]),
  );
}

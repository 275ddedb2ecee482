import { parseTopicPayload, type TopicInput, type TopicName } from '@garda/contracts';
import { type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { buildHeaders, type MessageMetadata } from './message-headers';

export class InvalidEventError extends Error {
  constructor(topic: string, reason: string) {
    super(`refusing to publish an invalid ${topic} message: ${reason}`);
    this.name = 'InvalidEventError';
  }
}

export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * Sends to Kafka and waits for every in-sync replica to acknowledge (idempotent producer, acks=-1),
 * so a resolved publish means the broker has the message. Services publish domain events through
 * the outbox; direct publishing is for the relay itself and dead letters.
 */
export class EventPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly logger: Logger,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 partitioning: the same key lands on the same partition for every client.
      createPartitioner: Partitioners.DefaultPartitioner,
      // The idempotent producer needs unbounded retries to keep its exactly-once-per-partition promise.
      retry: { initialRetryTime: 300, maxRetryTime: 10_000, retries: Number.MAX_SAFE_INTEGER },
    });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  isConnected(): boolean {
    return this.connected;
  }

  /** Validate against the topic's contract and send one event. */
  async publish<T extends TopicName>(topic: T, payload: TopicInput<T>, metadata: MessageMetadata): Promise<void> {
    await this.sendRecords([encodeEvent(topic, payload, metadata)]);
  }

  async sendRecords(records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const record of records) {
      const messages = byTopic.get(record.topic) ?? [];
      messages.push({ key: record.key, value: record.value, headers: record.headers });
      byTopic.set(record.topic, messages);
    }
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect().catch((error: unknown) => this.logger.warn({ err: error }, 'producer disconnect failed'));
  }
}

/** Validate and serialise an event; throws InvalidEventError so a bug never reaches the wire. */
export function encodeEvent<T extends TopicName>(topic: T, payload: TopicInput<T>, metadata: MessageMetadata): OutgoingRecord {
  const parsed = parseTopicPayload(topic, payload);
  if (!parsed.ok) throw new InvalidEventError(topic, parsed.reason);
  return { topic, key: metadata.key, value: JSON.stringify(parsed.value), headers: buildHeaders(topic, metadata) };
}

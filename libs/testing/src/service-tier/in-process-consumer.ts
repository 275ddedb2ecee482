import type { OutgoingRecord } from '@garda/messaging';
import type { Consumer, ConsumerRunConfig, EachMessagePayload, Kafka } from 'kafkajs';

type Listener = (event: { payload: Record<string, unknown> }) => void;

/**
 * The part of a kafkajs consumer that libs/messaging's EventConsumer drives, in process: the service
 * tier hands messages straight to EventConsumer's own handling (contract check, inbox, one
 * transaction with the outbox, dead letters), so everything but the broker is the production path.
 */
export class InProcessConsumer {
  readonly events = {
    GROUP_JOIN: 'consumer.group_join',
    CRASH: 'consumer.crash',
    STOP: 'consumer.stop',
    DISCONNECT: 'consumer.disconnect',
    END_BATCH_PROCESS: 'consumer.end_batch_process',
  } as const;
  /** Offsets EventConsumer committed, `topic/partition` → next offset: it commits after the work. */
  readonly committed = new Map<string, string>();
  private readonly listeners = new Map<string, Listener[]>();
  private eachMessage: ConsumerRunConfig['eachMessage'];
  private subscribed = new Set<string>();
  private nextOffset = 0n;

  on(event: string, listener: Listener): () => void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return () => undefined;
  }

  async connect(): Promise<void> {}

  async subscribe({ topics }: { topics: string[] }): Promise<void> {
    this.subscribed = new Set(topics);
  }

  async run({ eachMessage }: ConsumerRunConfig): Promise<void> {
    this.eachMessage = eachMessage;
    this.emit(this.events.GROUP_JOIN, { memberAssignment: Object.fromEntries([...this.subscribed].map((topic) => [topic, [0]])) });
  }

  async commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>): Promise<void> {
    for (const { topic, partition, offset } of offsets) this.committed.set(`${topic}/${partition}`, offset);
  }

  async disconnect(): Promise<void> {
    this.eachMessage = undefined;
    this.emit(this.events.STOP, {});
  }

  /** Hands one record to the service as the broker would; resolves when its handling committed. */
  async deliver(record: OutgoingRecord): Promise<void> {
    if (!this.eachMessage) throw new Error('the service is not consuming (not started, or stopped)');
    if (!this.subscribed.has(record.topic)) throw new Error(`the service has no handler for ${record.topic}`);
    const offset = (this.nextOffset++).toString();
    const payload: EachMessagePayload = {
      topic: record.topic,
      partition: 0,
      message: {
        key: Buffer.from(record.key),
        value: Buffer.from(record.value),
        headers: Object.fromEntries(Object.entries(record.headers).map(([name, value]) => [name, Buffer.from(value)])),
        offset,
        timestamp: String(Date.now()),
        attributes: 0,
      },
      heartbeat: async () => undefined,
      pause: () => () => undefined,
    };
    await this.eachMessage(payload);
  }

  private emit(event: string, payload: Record<string, unknown>): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }
}

/**
 * A Kafka client that only makes the in-process consumer. EventConsumer takes kafkajs' `Kafka`;
 * it calls `consumer()` and nothing else, which is all this provides.
 */
export function inProcessKafka(consumer: InProcessConsumer): Kafka {
  const client: Pick<Kafka, 'consumer'> = { consumer: () => consumer as unknown as Consumer };
  return client as Kafka;
}

import { EventPublisher, type OutgoingRecord } from '@garda/messaging';

/** One event the service published (through its outbox), as a consumer would read it. */
export interface PublishedEvent {
  topic: string;
  key: string;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/**
 * In place of Kafka publishing in the service tier: the outbox relay (and dead-lettering) hand their
 * records here instead of to a broker. What arrives has passed the contract check of encodeEvent
 * and the outbox transaction, exactly as it would on its way to Kafka.
 */
export class RecordingPublisher extends EventPublisher {
  readonly records: PublishedEvent[] = [];

  override async connect(): Promise<void> {}

  override isConnected(): boolean {
    return true;
  }

  override async sendRecords(records: OutgoingRecord[]): Promise<void> {
    for (const record of records) {
      this.records.push({
        topic: record.topic,
        key: record.key,
        headers: record.headers,
        value: JSON.parse(record.value) as Record<string, unknown>,
      });
    }
  }

  override async disconnect(): Promise<void> {}

  /** The values published on one topic, oldest first, that match. */
  on(topic: string, predicate: (value: Record<string, unknown>) => boolean = () => true): PublishedEvent[] {
    return this.records.filter((record) => record.topic === topic && predicate(record.value));
  }
}

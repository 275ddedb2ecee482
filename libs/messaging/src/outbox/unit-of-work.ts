import type { TopicInput, TopicName } from '@garda/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeEvent, type OutgoingRecord } from '../kafka/event-publisher';

/** Outbox rows per INSERT (bounded so one statement stays small). */
const ROWS_PER_INSERT = 500;
import type { MessageMetadata } from '../kafka/message-headers';

/** Queue an event to be published if, and only if, the surrounding transaction commits. */
export type PublishLater = <T extends TopicName>(topic: T, payload: TopicInput<T>, metadata: MessageMetadata) => Promise<void>;

export interface TransactionContext {
  manager: EntityManager;
  publish: PublishLater;
}

export interface OutboxWaker {
  wake(): void;
}

/**
 * Runs work in one database transaction together with the events it announces (transactional
 * outbox): the change and its events are committed together or not at all.
 */
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly relay: OutboxWaker,
  ) {}

  async run<R>(work: (context: TransactionContext) => Promise<R>): Promise<R> {
    let queued = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      // Validated at once (a bad event fails the work where it was made), written in one
      // statement at the end: a batch of messages queuing many events costs one round trip.
      const pending: OutgoingRecord[] = [];
      const publish: PublishLater = async (topic, payload, metadata) => {
        pending.push(encodeEvent(topic, payload, metadata));
      };
      const value = await work({ manager, publish });
      for (let start = 0; start < pending.length; start += ROWS_PER_INSERT) {
        const rows = pending.slice(start, start + ROWS_PER_INSERT);
        await manager.query(
          `INSERT INTO "${this.schema}"."outbox" ("topic", "message_key", "payload", "headers")
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
          [rows.map((r) => r.topic), rows.map((r) => r.key), rows.map((r) => r.value), rows.map((r) => JSON.stringify(r.headers))],
        );
      }
      queued = pending.length;
      return value;
    });
    // Publish right after commit instead of waiting for the relay's next poll: latency matters.
    if (queued > 0) this.relay.wake();
    return result;
  }
}

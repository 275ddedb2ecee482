import type { TopicInput, TopicName } from '@garda/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeEvent } from '../kafka/event-publisher';
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
      const publish: PublishLater = async (topic, payload, metadata) => {
        const record = encodeEvent(topic, payload, metadata);
        await manager.query(
          `INSERT INTO "${this.schema}"."outbox" ("topic", "message_key", "payload", "headers") VALUES ($1, $2, $3, $4)`,
          [record.topic, record.key, record.value, JSON.stringify(record.headers)],
        );
        queued += 1;
      };
      return work({ manager, publish });
    });
    // Publish right after commit instead of waiting for the relay's next poll: latency matters.
    if (queued > 0) this.relay.wake();
    return result;
  }
}

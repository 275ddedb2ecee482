import type { MessageContext, PublishLater } from '@garda/messaging';
import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';

/**
 * What an `@EventPattern` handler receives with `@Ctx()`: where the message came from and the
 * transaction it is handled in. Every write through `manager` and every event queued with
 * `publish` (the outbox) commits together with the inbox record of the message, or not at all;
 * the offset is committed after that. Handlers of one topic share this context and transaction.
 */
export class EventContext extends BaseRpcContext<[MessageContext]> implements MessageContext {
  /** The message's id (header), stable across redeliveries; the inbox dedupes by it. */
  readonly messageId: string;
  readonly tenantId: string | undefined;
  readonly correlationId: string | undefined;
  readonly topic: string;
  readonly partition: number;
  /** The transaction's entity manager: the handler's reads and writes go through it. */
  readonly manager: EntityManager;
  /** Queues an event in the outbox of this transaction; it is published once the transaction commits. */
  readonly publish: PublishLater;

  constructor(message: MessageContext) {
    super([message]);
    this.messageId = message.messageId;
    this.tenantId = message.tenantId;
    this.correlationId = message.correlationId;
    this.topic = message.topic;
    this.partition = message.partition;
    this.manager = message.manager;
    this.publish = message.publish;
  }
}

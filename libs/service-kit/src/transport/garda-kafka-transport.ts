import { type TopicName, Topics } from '@garda/contracts';
import type { EventConsumer, MessageContext } from '@garda/messaging';
import { type CustomTransportStrategy, type MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { EventContext } from './event-context';

const CONTRACT_TOPICS: ReadonlySet<string> = new Set(Object.values(Topics));

/** The handlers' wiring is wrong; the service refuses to start and says which handler. */
export class HandlerRegistrationError extends Error {
  override name = 'HandlerRegistrationError';
}

/** Names the class method behind a handler's metadata, for error messages ("InboundHandlers.identify in CustomersModule"). */
export type HandlerLocator = (extras: object) => string[];

/**
 * `@EventPattern` handlers on Garda's Kafka consumer (libs/messaging's EventConsumer), so every
 * guarantee it gives holds for Nest handlers: the contract checked on arrival (an invalid message
 * goes to the dead-letter topic), the inbox, one transaction for the handlers' writes and the
 * events they queue in the outbox, the offset committed only after the work.
 *
 * Differences from Nest's stock transports, on purpose (ADR 0012):
 * - the handlers of one topic run one after the other in the same transaction (Nest would run them
 *   concurrently, which one database connection cannot do), and a failure of any rolls back all;
 * - a handler's error is never swallowed: whatever the exception filters make of it, an errored
 *   result fails the message, so its transaction rolls back and the consumer retries it;
 * - the same class method registered twice (its controller listed in two modules) is refused at
 *   start, and so is `@MessagePattern` (Kafka here carries events, not requests) or a pattern that
 *   is not a contract topic.
 * Publishing is only through `EventContext.publish` (the outbox), never a Nest client's `emit`.
 */
export class GardaKafkaTransport extends Server implements CustomTransportStrategy {
  private readonly registered = new Map<string, Set<object>>();

  constructor(
    private readonly consumer: EventConsumer,
    private readonly locate: HandlerLocator = () => [],
  ) {
    super();
  }

  override addHandler(pattern: unknown, callback: MessageHandler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    const topic = this.normalizePattern(pattern as string);
    const where = () => this.locate(extras).join(' and ') || 'a controller';
    if (!isEventHandler) {
      throw new HandlerRegistrationError(`@MessagePattern("${topic}") in ${where()}: Garda's Kafka carries events; use @EventPattern`);
    }
    if (!CONTRACT_TOPICS.has(topic)) {
      throw new HandlerRegistrationError(`@EventPattern("${topic}") in ${where()} is not a topic of libs/contracts`);
    }
    const seen = this.registered.get(topic) ?? new Set<object>();
    if (seen.has(extras)) {
      throw new HandlerRegistrationError(
        `the handler of ${topic} in ${where()} is registered twice: its controller is listed in more than one module; list it once`,
      );
    }
    seen.add(extras);
    this.registered.set(topic, seen);
    super.addHandler(pattern, callback, isEventHandler, extras);
  }

  listen(callback: (error?: unknown) => void): void {
    try {
      for (const [topic, head] of this.getHandlers()) {
        const chain = detachChain(head);
        this.consumer.on(topic as TopicName, (payload, message) => this.dispatch(chain, payload, message));
      }
    } catch (error) {
      callback(error);
      return;
    }
    this.consumer.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    await this.consumer.stop();
  }

  /** Nest's status events: this transport reports through readiness and metrics instead. */
  on(): never {
    throw new Error('GardaKafkaTransport has no status events; see /health/ready and the consumer metrics');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async dispatch(chain: MessageHandler[], payload: unknown, message: MessageContext): Promise<void> {
    const context = new EventContext(message);
    for (const handler of chain) {
      const result: unknown = await handler(payload, context);
      // Nest's exception layer turns a thrown error into an errored observable: it must fail the message.
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined }).catch((error: unknown) => {
        throw asError(error, message.topic);
      });
    }
  }
}

/**
 * The handlers Nest chained for one pattern (`handler.next`), in registration order. The chain is
 * cut so Nest's wrapper does not also start the next handlers concurrently: they run in sequence.
 */
function detachChain(head: MessageHandler): MessageHandler[] {
  const chain: MessageHandler[] = [];
  for (let handler: MessageHandler | undefined = head; handler;) {
    const next = handler.next as MessageHandler | undefined;
    handler.next = undefined;
    chain.push(handler);
    handler = next;
  }
  return chain;
}

/** Nest's default RPC filter replaces the error with `{ status, message }`; keep an Error either way. */
function asError(error: unknown, topic: string): Error {
  if (error instanceof Error) return error;
  const message = typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
  return new Error(`a handler of ${topic} failed: ${message}`);
}

import type { TopicName, TopicPayload } from '@garda/contracts';
import { EventPattern as NestEventPattern } from '@nestjs/microservices';
import type { EventContext } from './event-context';

/** The shape an event handler method must have for the topics it subscribes to. */
type EventHandlerMethod<T extends TopicName> = (payload: TopicPayload<T>, context: EventContext) => Promise<unknown> | unknown;

/**
 * Nest's `@EventPattern`, restricted to contract topics and checked by the compiler: the method's
 * payload parameter must accept the topic's payload type, so a handler typed for another topic
 * does not compile. Metadata and behaviour are Nest's own (the decorator is applied as is).
 *
 * @example
 *   @EventPattern(Topics.OfferMade)
 *   async offerMade(@Payload() offer: OfferMadeV1, @Ctx() context: EventContext) {}
 */
export function EventPattern<T extends TopicName>(topics: T | readonly T[]) {
  const decorate = NestEventPattern([topics].flat() as string[]);
  return <M extends EventHandlerMethod<T>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<M>) =>
    decorate(target, key, descriptor) as TypedPropertyDescriptor<M>;
}

import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  type Type,
  UseInterceptors,
} from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { Ctx, MessagePattern, type MicroserviceOptions, Payload } from '@nestjs/microservices';
import { type ConversationClosedV1, type OfferMadeV1, Topics } from '@garda/contracts';
import { type EventConsumer, type EventHandler, type MessageContext, PermanentFailure } from '@garda/messaging';
import pino from 'pino';
import { tap } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import type { EventContext } from './event-context';
import { EventPattern } from './event-pattern';
import { GardaKafkaTransport } from './garda-kafka-transport';
import { locateHandler } from './handler-inventory';

const TENANT = '00000000-0000-4000-8000-000000000001';
const closed: ConversationClosedV1 = {
  tenantId: TENANT,
  conversationId: '00000000-0000-4000-8000-000000000301',
  ticketId: '00000000-0000-4000-8000-000000000401',
  closedAt: '2024-11-26T10:00:00.000Z',
};

/** A consumer that only records what the transport registers, so the test can deliver messages itself. */
function recordingConsumer() {
  const handlers = new Map<string, EventHandler<never>>();
  const consumer = {
    on: (topic: string, handler: EventHandler<never>) => handlers.set(topic, handler),
    start: jest.fn(async () => undefined),
    stop: jest.fn(async () => undefined),
  };
  /** Delivers a message as the consumer would: inside its transaction (here, a manager that records). */
  const deliver = (topic: string, payload: unknown, manager = {} as EntityManager) => {
    const handler = handlers.get(topic) as unknown as (payload: unknown, context: MessageContext) => Promise<void>;
    if (!handler) throw new Error(`no handler for ${topic}`);
    return handler(payload, {
      messageId: 'message-1',
      tenantId: TENANT,
      correlationId: 'c-1',
      topic,
      partition: 2,
      manager,
      publish: jest.fn(),
    });
  };
  return { consumer: consumer as unknown as EventConsumer, handlers, deliver };
}

/** The app as bootstrap builds it: the HTTP app's global filter, the transport connected with the app's config. */
async function startHandlers(root: Type, options: { appFilter: boolean } = { appFilter: true }) {
  const recording = recordingConsumer();
  const app = await NestFactory.create(root, { logger: false, abortOnError: false });
  if (options.appFilter) app.useGlobalFilters(new AllExceptionsFilter(pino({ level: 'silent' })));
  const transport = new GardaKafkaTransport(recording.consumer, (extras) => locateHandler(app.get(ModulesContainer), extras));
  app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: true });
  await app.init();
  await app.startAllMicroservices();
  return { ...recording, app };
}

const calls: string[] = [];
beforeEach(() => (calls.length = 0));

@Controller()
class SurveyHandlers {
  @EventPattern(Topics.ConversationClosed)
  async closed(@Payload() event: ConversationClosedV1, @Ctx() context: EventContext): Promise<void> {
    calls.push(`survey:start:${event.conversationId}:${context.messageId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (event.disposition === 'fail-survey') throw new PermanentFailure('the survey template is missing');
    calls.push('survey:end');
  }
}

@Controller()
class SlaHandlers {
  @EventPattern(Topics.ConversationClosed)
  async closed(@Payload() _event: ConversationClosedV1, @Ctx() context: EventContext): Promise<void> {
    calls.push(`sla:${context.topic}:${context.partition}`);
  }
}

@Module({ controllers: [SurveyHandlers, SlaHandlers] })
class TwoHandlersModule {}

describe('GardaKafkaTransport', () => {
  it('runs both handlers of a topic, one after the other, with the message context', async () => {
    const { deliver, app } = await startHandlers(TwoHandlersModule);
    await deliver(Topics.ConversationClosed, closed);
    expect(calls).toEqual([`survey:start:${closed.conversationId}:message-1`, 'survey:end', `sla:${Topics.ConversationClosed}:2`]);
    await app.close();
  });

  it("fails the message with the handler's own error, and does not run the handlers after it", async () => {
    const { deliver, app } = await startHandlers(TwoHandlersModule);
    const failure = deliver(Topics.ConversationClosed, { ...closed, disposition: 'fail-survey' });
    await expect(failure).rejects.toBeInstanceOf(PermanentFailure);
    await expect(failure).rejects.toThrow('the survey template is missing');
    expect(calls).toEqual([`survey:start:${closed.conversationId}:message-1`]);
    await app.close();
  });

  it("fails the message even where Nest's default RPC filter replaces the error with a plain object", async () => {
    const { deliver, app } = await startHandlers(TwoHandlersModule, { appFilter: false });
    await expect(deliver(Topics.ConversationClosed, { ...closed, disposition: 'fail-survey' })).rejects.toThrow(
      /a handler of tickets\.conversation-closed\.v1 failed: Internal server error/,
    );
    expect(calls).toEqual([`survey:start:${closed.conversationId}:message-1`]);
    await app.close();
  });

  it('subscribes the consumer to the topics the handlers name, and stops it on close', async () => {
    const { handlers, consumer, app } = await startHandlers(TwoHandlersModule);
    expect([...handlers.keys()]).toEqual([Topics.ConversationClosed]);
    expect(consumer.start).toHaveBeenCalledTimes(1);
    await app.close();
    expect(consumer.stop).toHaveBeenCalled();
  });

  it('applies Nest interceptors to event handlers, with the message context in the execution context', async () => {
    @Injectable()
    class Timing implements NestInterceptor {
      intercept(context: ExecutionContext, next: CallHandler) {
        const message = context.switchToRpc().getContext<EventContext>();
        calls.push(`before:${context.getType()}:${message.topic}`);
        return next.handle().pipe(tap(() => calls.push('after')));
      }
    }
    @Controller()
    @UseInterceptors(Timing)
    class OfferHandlers {
      @EventPattern(Topics.OfferMade)
      offer(@Payload() offer: OfferMadeV1): void {
        calls.push(`offer:${offer.agentId}`);
      }
    }
    @Module({ controllers: [OfferHandlers], providers: [Timing] })
    class OfferModule {}
    const { deliver, app } = await startHandlers(OfferModule);
    await deliver(Topics.OfferMade, { agentId: 'agent-7' });
    expect(calls).toEqual([`before:rpc:${Topics.OfferMade}`, 'offer:agent-7', 'after']);
    await app.close();
  });

  it('refuses to start when the same handler is registered twice, naming it and both modules', async () => {
    @Module({ controllers: [SlaHandlers] })
    class FirstModule {}
    @Module({ controllers: [SlaHandlers] })
    class SecondModule {}
    @Module({ imports: [FirstModule, SecondModule] })
    class RootModule {}
    await expect(startHandlers(RootModule)).rejects.toThrow(
      /handler of tickets\.conversation-closed\.v1 in SlaHandlers\.closed in FirstModule and SlaHandlers\.closed in SecondModule is registered twice/,
    );
  });

  it('refuses request-response patterns and topics that are not in the contracts', async () => {
    @Controller()
    class AsksForAnswers {
      @MessagePattern(Topics.OfferMade)
      answer(): string {
        return 'yes';
      }
    }
    @Module({ controllers: [AsksForAnswers] })
    class RequestModule {}
    await expect(startHandlers(RequestModule)).rejects.toThrow(/@MessagePattern\("routing\.offer-made\.v1"\) .*use @EventPattern/);

    @Controller()
    class Misspelt {
      @EventPattern('routing.offer-mad.v1' as typeof Topics.OfferMade)
      offer(): void {}
    }
    @Module({ controllers: [Misspelt] })
    class MisspeltModule {}
    await expect(startHandlers(MisspeltModule)).rejects.toThrow(
      /"routing\.offer-mad\.v1"\) in Misspelt\.offer in MisspeltModule is not a topic/,
    );
  });

  it('injects like any controller', async () => {
    const TOKEN = Symbol('greeting');
    @Controller()
    class Greeter {
      constructor(@Inject(TOKEN) private readonly greeting: string) {}
      @EventPattern(Topics.ConversationClosed)
      closed(): void {
        calls.push(this.greeting);
      }
    }
    @Module({ controllers: [Greeter], providers: [{ provide: TOKEN, useValue: 'hello' }] })
    class GreeterModule {}
    const { deliver, app } = await startHandlers(GreeterModule);
    await deliver(Topics.ConversationClosed, closed);
    expect(calls).toEqual(['hello']);
    await app.close();
  });
});

// Compile-time: a handler typed for another topic's payload does not compile.
export class WrongPayload {
  // @ts-expect-error an offer-made handler cannot take a conversation-closed payload
  @EventPattern(Topics.OfferMade)
  offer(@Payload() _closed: ConversationClosedV1): void {}
}

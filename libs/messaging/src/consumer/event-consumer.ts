import { deadLetterTopic, Headers, parseTopicPayload, type TopicName, type TopicPayload } from '@garda/contracts';
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventPublisher } from '../kafka/event-publisher';
import { logContext } from '../kafka/log-context';
import { readHeader } from '../kafka/message-headers';
import type { TransactionContext, UnitOfWork } from '../outbox/unit-of-work';
import type { ConsumerInstrumentation, MessageOutcome } from './consumer-instrumentation';

export interface MessageContext extends TransactionContext {
  messageId: string;
  tenantId: string | undefined;
  correlationId: string | undefined;
  topic: string;
  partition: number;
}

export type EventHandler<T extends TopicName> = (payload: TopicPayload<T>, context: MessageContext) => Promise<void>;

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  schema: string;
  unitOfWork: UnitOfWork;
  deadLetters: EventPublisher;
  logger: Logger;
  /** Attempts before a message that keeps failing goes to its dead-letter topic. */
  maxAttempts?: number;
  retryDelaysMs?: number[];
  /** Metrics and tracing of the service; without it the consumer works the same, unobserved. */
  instrumentation?: ConsumerInstrumentation;
}

/** A handler that failed every attempt: the message goes to the dead-letter topic with this reason. */
export class PermanentFailure extends Error {}

/**
 * Consumes contract topics at least once and applies each message exactly once: the handler's
 * writes, its outgoing events (outbox) and the inbox record of the message id commit in one
 * transaction, and the offset is committed only after that. An invalid message, or one that keeps
 * failing, is moved to `<topic>.dlt` with its reason, never dropped and never a crash.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly handlers = new Map<string, EventHandler<TopicName>>();
  private joined = false;
  private running = false;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: number[];

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 500, 1000, 2000];
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 15000,
      heartbeatInterval: 1500,
      maxWaitTimeInMs: 100,
    });
    const { GROUP_JOIN, CRASH, STOP, DISCONNECT } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, () => (this.joined = true));
    for (const event of [CRASH, STOP, DISCONNECT]) this.consumer.on(event, () => (this.joined = false));
    const { instrumentation } = options;
    if (instrumentation) {
      // kafkajs reports the lag after each fetched batch for free: no extra broker round trips.
      this.consumer.on(this.consumer.events.END_BATCH_PROCESS, ({ payload }) =>
        instrumentation.lag(payload.topic, payload.partition, Number(payload.offsetLag)),
      );
      // After a rebalance, lag of partitions another member now owns is that member's to report.
      this.consumer.on(GROUP_JOIN, ({ payload }) => instrumentation.assigned?.(payload.memberAssignment));
      this.consumer.on(STOP, () => instrumentation.assigned?.({}));
    }
  }

  /**
   * The one handler of a topic (the Nest transport composes a topic's @EventPattern methods into
   * it). A second registration is refused: silently replacing the first would drop its work.
   */
  on<T extends TopicName>(topic: T, handler: EventHandler<T>): this {
    if (this.handlers.has(topic)) throw new Error(`consumer group ${this.options.groupId} already has a handler for ${topic}`);
    if (this.running) throw new Error(`consumer group ${this.options.groupId} is running: register ${topic}'s handler before start()`);
    this.handlers.set(topic, handler as unknown as EventHandler<TopicName>);
    return this;
  }

  /** The topics this consumer has handlers for. */
  topics(): TopicName[] {
    return [...this.handlers.keys()] as TopicName[];
  }

  /** Ready once the consumer has joined its group and holds its partitions. */
  isReady(): boolean {
    return this.running && this.joined;
  }

  async start(): Promise<void> {
    if (this.handlers.size === 0) {
      // Nothing to consume: no group to join (kafkajs refuses an empty subscription).
      this.running = true;
      this.joined = true;
      return;
    }
    await this.consumer.connect();
    // A new group starts from the beginning: nothing published before its first start is lost.
    await this.consumer.subscribe({ topics: [...this.handlers.keys()], fromBeginning: true });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachMessage: (payload) => this.handle(payload),
    });
  }

  /** Stop fetching, let the message in hand finish, then leave the group. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect();
  }

  private async handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const messageId = readHeader(message.headers, Headers.MessageId) ?? `${topic}/${partition}/${message.offset}`;
    const context = {
      correlationId: readHeader(message.headers, Headers.CorrelationId),
      tenantId: readHeader(message.headers, Headers.TenantId),
      traceParent: readHeader(message.headers, Headers.TraceParent),
    };
    const started = process.hrtime.bigint();
    const work = async (span: { traceParent?: string; startProducerSpan?: (topic: string) => string | undefined }) => {
      const spanContext = { ...context, traceParent: span.traceParent ?? context.traceParent };
      return logContext.run({ ...spanContext, startProducerSpan: span.startProducerSpan }, async (): Promise<MessageOutcome> => {
        let outcome: MessageOutcome;
        const decoded = this.decode(topic as TopicName, message.value);
        if (!decoded.ok) {
          await this.deadLetter(topic, partition, message, decoded.reason);
          outcome = 'dead-lettered';
        } else {
          outcome = await this.processWithRetries(
            topic as TopicName,
            decoded.value,
            { messageId, topic, partition, ...spanContext },
            message,
          );
        }
        await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        return outcome;
      });
    };
    const instrumentation = this.options.instrumentation;
    if (!instrumentation) {
      await work({});
      return;
    }
    const outcome = await instrumentation.traceMessage({ topic, partition, traceParent: context.traceParent }, work);
    instrumentation.handled(topic, outcome, Number(process.hrtime.bigint() - started) / 1e9);
  }

  private decode(topic: TopicName, value: Buffer | null): { ok: true; value: unknown } | { ok: false; reason: string } {
    let json: unknown;
    try {
      json = JSON.parse(value?.toString('utf8') ?? '');
    } catch {
      return { ok: false, reason: 'value is not valid JSON' };
    }
    const parsed = parseTopicPayload(topic, json);
    return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, reason: `schema: ${parsed.reason}` };
  }

  private async processWithRetries(
    topic: TopicName,
    payload: unknown,
    meta: Omit<MessageContext, keyof TransactionContext>,
    message: EachMessagePayload['message'],
  ): Promise<MessageOutcome> {
    const handler = this.handlers.get(topic);
    if (!handler) return 'processed';
    for (let attempt = 1; ; attempt += 1) {
      try {
        let duplicate = false;
        await this.options.unitOfWork.run(async (tx) => {
          const inserted = (await tx.manager.query(
            `INSERT INTO "${this.options.schema}"."inbox" ("consumer_group", "message_id", "topic") VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING 1`,
            [this.options.groupId, meta.messageId, topic],
          )) as unknown[];
          if (inserted.length === 0) {
            this.options.logger.debug({ messageId: meta.messageId, topic }, 'duplicate delivery ignored');
            duplicate = true;
            return;
          }
          await handler(payload as TopicPayload<TopicName>, { ...meta, ...tx });
        });
        return duplicate ? 'duplicate' : 'processed';
      } catch (error) {
        const permanent = error instanceof PermanentFailure || attempt >= this.maxAttempts;
        this.options.logger.warn({ err: error, topic, attempt, messageId: meta.messageId }, 'handling a message failed');
        if (permanent) {
          await this.deadLetter(topic, meta.partition, message, `handler failed ${attempt} times: ${(error as Error).message}`);
          return 'dead-lettered';
        }
        await delay(this.retryDelaysMs[Math.min(attempt - 1, this.retryDelaysMs.length - 1)]);
      }
    }
  }

  private async deadLetter(topic: string, partition: number, message: EachMessagePayload['message'], reason: string) {
    this.options.logger.error({ topic, partition, offset: message.offset, reason }, 'message moved to the dead-letter topic');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (value !== undefined) headers[name] = (Array.isArray(value) ? value[0] : value)?.toString() ?? '';
    }
    headers[Headers.DeadLetterReason] = reason.slice(0, 2000);
    headers[Headers.DeadLetterSourceTopic] = topic;
    await this.options.deadLetters.sendRecords([
      { topic: deadLetterTopic(topic), key: message.key?.toString() ?? '', value: message.value?.toString('utf8') ?? '', headers },
    ]);
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

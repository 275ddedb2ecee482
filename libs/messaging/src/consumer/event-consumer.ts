import { deadLetterTopic, Headers, parseTopicPayload, type TopicName, type TopicPayload } from '@garda/contracts';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { EventPublisher } from '../kafka/event-publisher';
import { logContext } from '../kafka/log-context';
import { readHeader } from '../kafka/message-headers';
import type { TransactionContext, UnitOfWork } from '../outbox/unit-of-work';
import type { ConsumerInstrumentation, MessageOutcome } from './consumer-instrumentation';
import { type FailureKind, failureKind } from './failure-kind';
import { z } from 'zod';
import { queryRows } from '../sql/typed-query';

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
  /** Attempts before a message whose handler keeps failing (not an outage) goes to its dead-letter topic. */
  maxAttempts?: number;
  retryDelaysMs?: number[];
  /** Backoff while the database or broker is unavailable: doubling from `initial` up to `max` ms. */
  outageBackoffMs?: { initial: number; max: number };
  /** Messages of one partition handled in one transaction at most. */
  batchSize?: number;
  /**
   * How long one partition's batch may keep the fetch loop to itself: kafkajs fetches again only
   * when every partition of the last fetch is done, so a slow partition would hold up the others.
   */
  batchTimeBudgetMs?: number;
  /** Whether the database answers (asked before dead-lettering, so an outage never dead-letters). */
  databaseAnswers?: () => Promise<boolean>;
  /** Metrics and tracing of the service; without it the consumer works the same, unobserved. */
  instrumentation?: ConsumerInstrumentation;
}

/** A handler's verdict that retrying cannot help: the message goes to the dead-letter topic with this reason. */
export class PermanentFailure extends Error {}

interface Decoded {
  message: KafkaMessage;
  messageId: string;
  meta: { correlationId: string | undefined; tenantId: string | undefined; traceParent: string | undefined };
  payload?: unknown;
  invalid?: string;
}

type ChunkResult = { handled: number } | { handled: number; failedAt: number | undefined; error: unknown };

/**
 * Consumes contract topics at least once and applies each message exactly once, a batch at a time
 * (ADR 0055): the consecutive messages of one partition are handled in one transaction — each
 * handler's writes, the outbox events they queue, the inbox records of their message ids — and the
 * partition's offset is committed once after it. A handler that fails rolls back the batch; the
 * messages before it are redone in a transaction of their own and the failing one is retried alone,
 * so one bad message never costs the others their work.
 *
 * Failures are told apart (failure-kind.ts): while the database or the broker is unavailable the
 * partition pauses and retries with backoff, forever, committing nothing and dead-lettering nothing
 * (`paused` metric with reason `unavailable`); only an invalid message, a `PermanentFailure`, or a
 * handler that keeps failing with the database answering goes to `<topic>.dlt`. A partition that
 * waits never holds up the others: it pauses and hands the fetch loop back.
 */
export class EventConsumer {
  private readonly consumer: Consumer;
  private readonly handlers = new Map<string, EventHandler<TopicName>>();
  private joined = false;
  private running = false;
  private readonly maxAttempts: number;
  private readonly retryDelaysMs: number[];
  private readonly outageBackoff: { initial: number; max: number };
  private readonly batchSize: number;
  private readonly batchTimeBudgetMs: number;
  /** Failed attempts per message (topic/partition/offset), across refetches of a paused partition. */
  private readonly attempts = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: EventConsumerOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 500, 1000, 2000];
    this.outageBackoff = options.outageBackoffMs ?? { initial: 500, max: 30_000 };
    this.batchSize = options.batchSize ?? 100;
    this.batchTimeBudgetMs = options.batchTimeBudgetMs ?? 2_000;
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
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 3,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /** Stop fetching, let the batch in hand finish, then leave the group. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.resumeTimers.forEach((timer) => clearTimeout(timer));
    this.resumeTimers.clear();
    await this.consumer.disconnect();
  }

  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }: EachBatchPayload): Promise<void> {
    const topic = batch.topic as TopicName;
    const { partition } = batch;
    const decoded = batch.messages.map((message) => this.decode(topic, partition, message));
    const started = Date.now();
    let index = 0;
    let size = this.batchSize;
    while (index < decoded.length) {
      if (!this.running || !isRunning() || isStale()) return;
      // Yield the fetch loop to the other partitions; the rest of this batch is fetched again.
      if (Date.now() - started > this.batchTimeBudgetMs) return;
      const first = decoded[index];
      let result: ChunkResult;
      if (first.invalid !== undefined) {
        result = await this.deadLetter(topic, partition, first.message, first.invalid).then(
          () => ({ handled: 1 }),
          (error: unknown) => ({ handled: 0, failedAt: 0, error }),
        );
        if ('error' in result) result.error = new DeadLetterUnavailable(result.error);
      } else {
        const end = decoded.findIndex((entry, position) => position >= index && entry.invalid !== undefined);
        const chunk = decoded.slice(index, Math.min(index + size, end === -1 ? decoded.length : end));
        result = await this.processChunk(topic, partition, chunk);
      }
      if (result.handled > 0) {
        const last = decoded[index + result.handled - 1].message;
        for (let done = index; done < index + result.handled; done += 1)
          this.attempts.delete(attemptKey(topic, partition, decoded[done].message));
        resolveOffset(last.offset);
        const committed = await this.commit(topic, partition, last.offset);
        index += result.handled;
        size = this.batchSize;
        if (!committed) return;
        await heartbeat().catch(() => undefined);
      }
      if (!('error' in result)) continue;
      if (result.failedAt !== undefined && result.failedAt > 0) {
        // The messages before the failing one are redone on their own, then it is tried alone.
        size = result.failedAt;
        continue;
      }
      if (result.failedAt === undefined && size > 1 && failureKind(result.error) === 'failed') {
        // The transaction failed as a whole (at commit): halve until the culprit stands alone.
        size = Math.max(1, Math.floor(size / 2));
        continue;
      }
      const verdict = await this.judge(topic, partition, decoded[index], result.error);
      if (verdict === 'dead-letter') {
        const message = decoded[index].message;
        const reason =
          result.error instanceof PermanentFailure
            ? `permanent failure: ${result.error.message}`
            : `handler failed ${this.attempts.get(attemptKey(topic, partition, message)) ?? this.maxAttempts} times: ${(result.error as Error)?.message}`;
        const sent = await this.deadLetter(topic, partition, message, reason).then(
          () => true,
          (error: unknown) => {
            this.options.logger.warn({ err: error, topic, partition }, 'the dead-letter topic is unavailable; will retry');
            return false;
          },
        );
        if (!sent) {
          this.pauseFor(pause, topic, partition, this.outageDelay(1), 'unavailable');
          return;
        }
        this.options.instrumentation?.handled(topic, 'dead-lettered', 0);
        this.attempts.delete(attemptKey(topic, partition, message));
        resolveOffset(message.offset);
        if (!(await this.commit(topic, partition, message.offset))) return;
        index += 1;
        continue;
      }
      this.pauseFor(pause, topic, partition, verdict.delayMs, verdict.reason);
      return;
    }
  }

  /** One transaction for consecutive valid messages of a partition: inbox, handlers, outbox. */
  private async processChunk(topic: TopicName, partition: number, chunk: Decoded[]): Promise<ChunkResult> {
    const handler = this.handlers.get(topic);
    if (!handler) return { handled: chunk.length };
    let failedAt: number | undefined;
    const outcomes: Array<{ outcome: MessageOutcome; seconds: number }> = [];
    try {
      await this.options.unitOfWork.run(async (tx) => {
        // One round trip records the whole chunk in the inbox; ids already there were handled before.
        const fresh = new Set(
          (
            await queryRows(
              tx.manager,
              z.object({ message_id: z.string() }),
              `INSERT INTO "${this.options.schema}"."inbox" ("consumer_group", "message_id", "topic")
               SELECT $1, "id", $3 FROM unnest($2::text[]) AS "id" ON CONFLICT DO NOTHING RETURNING "message_id"`,
              [this.options.groupId, chunk.map((entry) => entry.messageId), topic],
            )
          ).map((row) => row.message_id),
        );
        for (let position = 0; position < chunk.length; position += 1) {
          const entry = chunk[position];
          // A message delivered twice in one chunk is handled once: its id leaves the set when handled.
          if (!fresh.delete(entry.messageId)) {
            this.options.logger.debug({ messageId: entry.messageId, topic }, 'duplicate delivery ignored');
            outcomes.push({ outcome: 'duplicate', seconds: 0 });
            continue;
          }
          failedAt = position;
          const started = process.hrtime.bigint();
          await this.runHandler(handler, topic, partition, entry, tx);
          outcomes.push({ outcome: 'processed', seconds: Number(process.hrtime.bigint() - started) / 1e9 });
        }
        failedAt = undefined;
      });
    } catch (error) {
      this.options.logger.warn(
        { err: error, topic, partition, messageId: failedAt === undefined ? undefined : chunk[failedAt].messageId, batch: chunk.length },
        'handling a batch failed',
      );
      return { handled: 0, failedAt, error };
    }
    for (const { outcome, seconds } of outcomes) this.options.instrumentation?.handled(topic, outcome, seconds);
    return { handled: chunk.length };
  }

  private async runHandler(handler: EventHandler<TopicName>, topic: string, partition: number, entry: Decoded, tx: TransactionContext) {
    const work = (span: { traceParent?: string; startProducerSpan?: (topic: string) => string | undefined }) => {
      const spanContext = { ...entry.meta, traceParent: span.traceParent ?? entry.meta.traceParent };
      return logContext.run({ ...spanContext, startProducerSpan: span.startProducerSpan }, () =>
        handler(entry.payload as TopicPayload<TopicName>, { messageId: entry.messageId, topic, partition, ...spanContext, ...tx }),
      );
    };
    const instrumentation = this.options.instrumentation;
    if (!instrumentation) return work({});
    return instrumentation.traceMessage({ topic, partition, traceParent: entry.meta.traceParent }, work);
  }

  /** Dead-letter now, or wait and retry (how long, and why). */
  private async judge(
    topic: string,
    partition: number,
    entry: Decoded,
    error: unknown,
  ): Promise<'dead-letter' | { delayMs: number; reason: FailureKind }> {
    const key = attemptKey(topic, partition, entry.message);
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    let kind: FailureKind = error instanceof DeadLetterUnavailable ? 'unavailable' : failureKind(error);
    if (kind === 'failed' && !(await this.databaseAnswers())) kind = 'unavailable';
    if (kind === 'unavailable') return { delayMs: this.outageDelay(attempt), reason: kind };
    if (kind === 'conflict') return { delayMs: this.retryDelaysMs[0] ?? 100, reason: kind };
    if (error instanceof PermanentFailure || attempt >= this.maxAttempts) return 'dead-letter';
    return { delayMs: this.retryDelaysMs[Math.min(attempt - 1, this.retryDelaysMs.length - 1)] ?? 1000, reason: kind };
  }

  private async databaseAnswers(): Promise<boolean> {
    if (!this.options.databaseAnswers) return true;
    return this.options.databaseAnswers().catch(() => false);
  }

  private outageDelay(attempt: number): number {
    return Math.min(this.outageBackoff.max, this.outageBackoff.initial * 2 ** Math.min(20, attempt - 1));
  }

  /** Stop fetching this partition for a while; the failed message is fetched again when it resumes. */
  private pauseFor(pause: EachBatchPayload['pause'], topic: string, partition: number, delayMs: number, reason: FailureKind): void {
    const resume = pause();
    this.options.instrumentation?.paused?.(topic, partition, reason);
    if (reason === 'unavailable')
      this.options.logger.error(
        { topic, partition, retryInMs: delayMs },
        'database or broker unavailable: partition paused, nothing committed',
      );
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      this.options.instrumentation?.resumed?.(topic, partition, reason);
      if (this.running) resume();
    }, delayMs);
    this.resumeTimers.add(timer);
  }

  /** Commit the offset after `offset`; false when the partition is no longer ours (rebalance). */
  private async commit(topic: string, partition: number, offset: string): Promise<boolean> {
    try {
      await this.consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
      return true;
    } catch (error) {
      // The work is committed in the database: a redelivery to the next owner is a duplicate the inbox drops.
      this.options.logger.warn({ err: error, topic, partition, offset }, 'offset commit failed; the next owner skips what is done');
      return false;
    }
  }

  private decode(topic: TopicName, partition: number, message: KafkaMessage): Decoded {
    const entry: Decoded = {
      message,
      messageId: readHeader(message.headers, Headers.MessageId) ?? `${topic}/${partition}/${message.offset}`,
      meta: {
        correlationId: readHeader(message.headers, Headers.CorrelationId),
        tenantId: readHeader(message.headers, Headers.TenantId),
        traceParent: readHeader(message.headers, Headers.TraceParent),
      },
    };
    let json: unknown;
    try {
      json = JSON.parse(message.value?.toString('utf8') ?? '');
    } catch {
      return { ...entry, invalid: 'value is not valid JSON' };
    }
    const parsed = parseTopicPayload(topic, json);
    return parsed.ok ? { ...entry, payload: parsed.value } : { ...entry, invalid: `schema: ${parsed.reason}` };
  }

  private async deadLetter(topic: string, partition: number, message: KafkaMessage, reason: string) {
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

/** Sending to the dead-letter topic failed: the broker is unavailable, the message waits. */
class DeadLetterUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super(`the dead-letter topic is unavailable: ${(cause as Error)?.message}`);
  }
}

const attemptKey = (topic: string, partition: number, message: KafkaMessage) => `${topic}/${partition}/${message.offset}`;

/** What happened to one consumed message. */
export type MessageOutcome = 'processed' | 'duplicate' | 'dead-lettered';

/**
 * Hooks a service's observability into the consumer without the messaging library knowing
 * about metrics or tracing libraries. Every member is optional in spirit: a no-op is valid.
 */
export interface ConsumerInstrumentation {
  /**
   * Runs the handling of one message inside a span continuing `traceParent` (if any) and passes
   * the new span's traceparent on; `startProducerSpan` makes children of that span for emitted events.
   */
  traceMessage<T>(
    message: { topic: string; partition: number; traceParent: string | undefined },
    work: (span: { traceParent?: string; startProducerSpan?: (topic: string) => string | undefined }) => Promise<T>,
  ): Promise<T>;
  handled(topic: string, outcome: MessageOutcome, seconds: number): void;
  /** Messages behind the partition's high watermark after the last batch. */
  lag(topic: string, partition: number, lag: number): void;
  /** The partitions this member holds after joining its group (empty once it stopped). */
  assigned?(assignment: Record<string, readonly number[]>): void;
  /**
   * A partition stopped to wait before retrying: `unavailable` (database or broker down — retried
   * until back, nothing committed or dead-lettered meanwhile: alert on it), `conflict` or `failed`.
   */
  paused?(topic: string, partition: number, reason: 'unavailable' | 'conflict' | 'failed'): void;
  resumed?(topic: string, partition: number, reason: 'unavailable' | 'conflict' | 'failed'): void;
}

import { AsyncLocalStorage } from 'node:async_hooks';

/** Context that follows one unit of work (an HTTP request, a Kafka message) through async calls. */
export interface LogContext {
  correlationId?: string;
  tenantId?: string;
  /** W3C traceparent of the span this work runs in. */
  traceParent?: string;
  /**
   * Starts (and ends) a producer span under the current one and returns its traceparent, so every
   * message this work emits carries a child span context. Set by the service's tracing, if any.
   */
  startProducerSpan?: (topic: string) => string | undefined;
}

export const logContext = new AsyncLocalStorage<LogContext>();

import { randomUUID } from 'node:crypto';
import { Headers, type TopicName } from '@garda/contracts';
import type { IHeaders } from 'kafkajs';
import { logContext } from './log-context';

export interface MessageMetadata {
  /** Unique per message; consumers use it to recognise a redelivery. Stable across retries. */
  messageId?: string;
  tenantId: string;
  /** Ties every message caused by one customer contact together; inherited from the current work. */
  correlationId?: string;
  key: string;
}

export function buildHeaders(topic: TopicName, metadata: MessageMetadata, now = new Date()): Record<string, string> {
  const context = logContext.getStore();
  const headers: Record<string, string> = {
    [Headers.MessageId]: metadata.messageId ?? randomUUID(),
    [Headers.MessageType]: topic,
    [Headers.TenantId]: metadata.tenantId,
    [Headers.CorrelationId]: metadata.correlationId ?? context?.correlationId ?? randomUUID(),
    [Headers.OccurredAt]: now.toISOString(),
  };
  // A child span per message when the service traces; otherwise the current trace is passed on as is.
  const traceParent = context?.startProducerSpan?.(topic) ?? context?.traceParent;
  if (traceParent) headers[Headers.TraceParent] = traceParent;
  return headers;
}

export function readHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Headers every Garda Kafka message carries; tenant and correlation travel outside the payload
 *  so plumbing (logs, traces, dead-letter tooling) can read them without parsing the value. */
export const Headers = {
  MessageId: 'garda-message-id',
  MessageType: 'garda-message-type',
  TenantId: 'garda-tenant-id',
  CorrelationId: 'garda-correlation-id',
  OccurredAt: 'garda-occurred-at',
  TraceParent: 'traceparent',
  DeadLetterReason: 'garda-dead-letter-reason',
  DeadLetterSourceTopic: 'garda-dead-letter-source-topic',
} as const;

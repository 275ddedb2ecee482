import { type Attributes, type Context, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { parseTraceParent } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

export interface TracingOptions {
  service: string;
  /** OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT); without it spans are created and propagated, never exported. */
  otlpEndpoint?: string;
  /** How long finished spans wait before an export (OTEL_BSP_SCHEDULE_DELAY). */
  exportDelayMs?: number;
}

/**
 * One tracer provider per service runtime (not the global one), so several runtimes in one process
 * keep their own service name. Context travels explicitly as W3C traceparent strings in the log
 * context and in Kafka headers, not through a global context manager.
 */
export class ServiceTracing {
  private readonly provider: TracerProvider;
  private readonly tracer: Tracer;
  readonly exporting: boolean;

  constructor(options: TracingOptions) {
    const spanProcessors: SpanProcessor[] = [];
    if (options.otlpEndpoint) {
      const exporter = new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` });
      spanProcessors.push(new BatchSpanProcessor({ exporter, scheduledDelayMillis: options.exportDelayMs ?? 2000 }));
    }
    this.exporting = spanProcessors.length > 0;
    this.provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': options.service }), spanProcessors });
    this.tracer = this.provider.getTracer(`garda-${options.service}`);
  }

  /** Starts a span continuing `parentTraceParent` (a new trace when absent or malformed). */
  startSpan(name: string, kind: SpanKind, parentTraceParent: string | undefined, attributes: Attributes = {}): Span {
    return this.tracer.startSpan(name, { kind, attributes }, parentContext(parentTraceParent));
  }

  /** A producer span under `parentTraceParent`, ended at once (publishing is asynchronous, via the outbox); returns its traceparent. */
  producerSpan(topic: string, parentTraceParent: string | undefined): string {
    const span = this.startSpan(`publish ${topic}`, SpanKind.PRODUCER, parentTraceParent, {
      'messaging.system': 'kafka',
      'messaging.destination.name': topic,
      'messaging.operation.type': 'create',
    });
    span.end();
    return traceParentOf(span);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}

export function traceParentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`;
}

export function endSpan(span: Span, error?: unknown): void {
  if (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
  }
  span.end();
}

/** trace_id and span_id for log lines, from a traceparent. */
export function traceIdsOf(traceParent: string | undefined): { trace_id: string; span_id: string } | undefined {
  const parsed = traceParent ? parseTraceParent(traceParent) : null;
  return parsed ? { trace_id: parsed.traceId, span_id: parsed.spanId } : undefined;
}

function parentContext(traceParent: string | undefined): Context {
  const parsed = traceParent ? parseTraceParent(traceParent) : null;
  return parsed ? trace.setSpanContext(ROOT_CONTEXT, { ...parsed, isRemote: true }) : ROOT_CONTEXT;
}

export { SpanKind };

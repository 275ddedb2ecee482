import { randomUUID } from 'node:crypto';
import { type ConsumerInstrumentation, logContext, type MessageOutcome } from '@garda/messaging';
import type { Attributes } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { ServiceMetrics } from './metrics';
import type { ObservabilityOptions } from './observability-config';
import { endSpan, ServiceTracing, SpanKind, traceParentOf, type TracingOptions } from './tracing';

/** Metrics and tracing of one service runtime, and the hooks that feed them. */
export class ServiceObservability implements ConsumerInstrumentation {
  readonly metrics: ServiceMetrics;
  readonly tracing: ServiceTracing;
  /** Set when /metrics is served on a port of its own (METRICS_PORT) instead of the HTTP port. */
  readonly metricsPort: number | undefined;

  constructor(
    service: string,
    dataSource: DataSource,
    schema: string,
    options: Omit<TracingOptions, 'service'> & ObservabilityOptions = {},
  ) {
    this.metrics = new ServiceMetrics(service, dataSource, schema);
    this.tracing = new ServiceTracing({ service, otlpEndpoint: options.otlpEndpoint, exportDelayMs: options.exportDelayMs });
    this.metricsPort = options.metricsPort;
  }

  async traceMessage<T>(
    message: { topic: string; partition: number; traceParent: string | undefined },
    work: (span: { traceParent?: string; startProducerSpan?: (topic: string) => string | undefined }) => Promise<T>,
  ): Promise<T> {
    const span = this.tracing.startSpan(`process ${message.topic}`, SpanKind.CONSUMER, message.traceParent, {
      'messaging.system': 'kafka',
      'messaging.destination.name': message.topic,
      'messaging.destination.partition.id': String(message.partition),
      'messaging.operation.type': 'process',
    });
    const traceParent = traceParentOf(span);
    try {
      const result = await work({ traceParent, startProducerSpan: (topic) => this.tracing.producerSpan(topic, traceParent) });
      endSpan(span);
      return result;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  /**
   * Work that is neither an HTTP request nor a Kafka message — a socket.io command — as a SERVER
   * span continuing `parent` (a new trace without one), with the log context every line and every
   * emitted event reads its correlation and trace from. A new correlation id when none is given.
   */
  async traceWork<T>(
    name: string,
    parent: { traceParent?: string; correlationId?: string; tenantId?: string },
    attributes: Attributes,
    work: () => Promise<T>,
  ): Promise<T> {
    const span = this.tracing.startSpan(name, SpanKind.SERVER, parent.traceParent, attributes);
    const traceParent = traceParentOf(span);
    const context = {
      correlationId: parent.correlationId ?? randomUUID(),
      tenantId: parent.tenantId,
      traceParent,
      startProducerSpan: (topic: string) => this.tracing.producerSpan(topic, traceParent),
    };
    try {
      const result = await logContext.run(context, work);
      endSpan(span);
      return result;
    } catch (error) {
      endSpan(span, error);
      throw error;
    }
  }

  handled(topic: string, outcome: MessageOutcome, seconds: number): void {
    this.metrics.kafkaMessages.inc({ topic, outcome });
    this.metrics.kafkaHandlerDuration.observe({ topic }, seconds);
  }

  lag(topic: string, partition: number, lag: number): void {
    if (Number.isFinite(lag)) this.metrics.setConsumerLag(topic, partition, Math.max(0, lag));
  }

  paused(topic: string, _partition: number, reason: string): void {
    this.metrics.kafkaPausedPartitions.inc({ topic, reason });
    this.metrics.kafkaRetries.inc({ topic, reason });
  }

  resumed(topic: string, _partition: number, reason: string): void {
    this.metrics.kafkaPausedPartitions.dec({ topic, reason });
  }

  assigned(assignment: Record<string, readonly number[]>): void {
    this.metrics.partitionsAssigned(assignment);
  }

  /**
   * Express middleware: a server span per request (continuing an incoming `traceparent`, else a new
   * trace), the latency histogram by route template, and the log context every later line and every
   * emitted event reads its correlation and trace from.
   */
  httpMiddleware(correlationIdOf: (request: Request) => string) {
    return (request: Request, response: Response, next: NextFunction) => {
      const correlationId = correlationIdOf(request);
      response.setHeader('x-correlation-id', correlationId);
      const started = process.hrtime.bigint();
      const span = this.tracing.startSpan(`${request.method} ${request.path}`, SpanKind.SERVER, request.header('traceparent'), {
        'http.request.method': request.method,
        'url.path': request.path,
      });
      const traceParent = traceParentOf(span);
      response.setHeader('traceparent', traceParent);
      response.once('finish', () => {
        const route = routeTemplateOf(request);
        const status = response.statusCode;
        span.updateName(`${request.method} ${route}`);
        span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
        endSpan(span, status >= 500 ? new Error(`HTTP ${status}`) : undefined);
        if (route !== '/metrics') {
          this.metrics.httpRequestDuration.observe(
            { method: request.method, route, status: String(status) },
            Number(process.hrtime.bigint() - started) / 1e9,
          );
        }
      });
      logContext.run({ correlationId, traceParent, startProducerSpan: (topic) => this.tracing.producerSpan(topic, traceParent) }, next);
    };
  }

  async shutdown(): Promise<void> {
    await this.tracing.shutdown();
  }
}

/** The matched route's template ('/conversations/:id'), never the raw path: raw ids would explode the label set. */
function routeTemplateOf(request: Request): string {
  const routePath = (request.route as { path?: string } | undefined)?.path;
  if (typeof routePath === 'string') return `${request.baseUrl}${routePath}`;
  return 'unmatched';
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoTenant, Topics } from '@garda/contracts';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { FLOW_SERVICES, Platform, type ServiceName } from './support/platform';

const alice = DemoTenant.agents[0];

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

/** A minimal OTLP/HTTP JSON receiver: what a collector would get from the services. */
class SpanCollector {
  readonly spans: ExportedSpan[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/v1/traces' && String(request.headers['content-type']).startsWith('application/json')) {
          this.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpTraces);
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private collect(body: OtlpTraces): void {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value?.stringValue ?? '?';
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) this.spans.push({ service, ...span, parentSpanId: span.parentSpanId || undefined });
      }
    }
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value?: { stringValue?: string } }> };
    scopeSpans?: Array<{ spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number }> }>;
  }>;
}

/** Sum of a metric's samples whose labels include all of `labels`. */
function sample(metricsText: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let total: number | undefined;
  for (const line of metricsText.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

const SPAN_KIND_SERVER = 2;

/**
 * One contact's path through every flow service is one trace, exported over OTLP/HTTP; every
 * service answers GET /metrics in Prometheus format with the platform's metrics.
 */
describe('observability: traces across services and /metrics', () => {
  const collector = new SpanCollector();
  let platform: Platform;
  let agent: AgentClient;
  let customer: WebChatCustomer;
  const metricsOf = async (name: ServiceName) => {
    const response = await fetch(`${platform.url(name)}/metrics`);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  };

  beforeAll(async () => {
    await collector.start();
    platform = new Platform({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' });
    await platform.start();
    const { token } = await login(platform.url('gateway'), alice.email);
    agent = new AgentClient(platform.url('gateway'), token);
    await agent.connected();
    await agent.send('agent:set-state', { state: 'available' });
    await agent.waitFor('agent:status', (status) => status.state === 'available');
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    customer?.close();
    await platform?.stop();
    await collector.stop();
  });

  it('a web-chat contact is one trace from channels-ingest through customers, tickets and routing to the gateway, and the counters move', async () => {
    const routingBefore = sample((await metricsOf('routing')).text, 'garda_kafka_messages_total', { topic: Topics.RoutingRequested, outcome: 'processed' }) ?? 0;
    const gatewayBefore = sample((await metricsOf('gateway')).text, 'garda_kafka_messages_total', { topic: Topics.OfferMade, outcome: 'processed' }) ?? 0;

    customer = new WebChatCustomer(platform.url('channels-ingest'));
    await customer.open({ name: 'Tracy', email: `tracy.${Date.now()}@example.com`, topic: 'support' });
    expect((await customer.say('Where is my order? (traced)')).status).toBe(202);
    await agent.waitFor('offer:new', (offer) => offer.preview === 'Where is my order? (traced)');

    // The gateway's handling of the offer belongs to the trace the customer's HTTP request started.
    const offerSpan = await waitUntil(
      () => collector.spans.find((span) => span.service === 'gateway' && span.name === `process ${Topics.OfferMade}`),
      15_000,
      'the gateway span of the offer',
    );
    const trace = await waitUntil(
      () => {
        const spans = collector.spans.filter((span) => span.traceId === offerSpan.traceId);
        const ids = new Set(spans.map((span) => span.spanId));
        // Complete once every flow service took part and every span's parent has arrived too.
        const complete =
          FLOW_SERVICES.every((service) => spans.some((span) => span.service === service)) &&
          spans.every((span) => !span.parentSpanId || ids.has(span.parentSpanId));
        return complete ? spans : undefined;
      },
      15_000,
      `spans of every flow service in trace ${offerSpan.traceId}`,
    );
    // It has one root: the customer's HTTP request; every other span hangs off a span of the same trace.
    const roots = trace.filter((span) => !span.parentSpanId);
    expect(roots).toEqual([expect.objectContaining({ service: 'channels-ingest', kind: SPAN_KIND_SERVER, name: expect.stringMatching(/^POST \/webchat/) })]);

    // The counters of the consumers on the path moved.
    const routing = await metricsOf('routing');
    const gateway = await metricsOf('gateway');
    expect(sample(routing.text, 'garda_kafka_messages_total', { topic: Topics.RoutingRequested, outcome: 'processed' })).toBeGreaterThan(routingBefore);
    expect(sample(gateway.text, 'garda_kafka_messages_total', { topic: Topics.OfferMade, outcome: 'processed' })).toBeGreaterThan(gatewayBefore);
    expect(sample(routing.text, 'garda_routing_offers_total', { outcome: 'made' })).toBeGreaterThanOrEqual(1);
    expect(sample(routing.text, 'garda_routing_decision_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(routing.text, 'garda_routing_queue_depth')).toBeDefined();
    expect(sample(gateway.text, 'garda_socket_connections')).toBeGreaterThanOrEqual(1);
  });

  it('an incoming traceparent is continued, not replaced', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const response = await fetch(`${platform.url('gateway')}/health/live`, { headers: { traceparent: `00-${traceId}-${parentSpanId}-01` } });
    expect(response.status).toBe(200);
    const span = await waitUntil(() => collector.spans.find((s) => s.traceId === traceId), 10_000, 'the continued span');
    expect(span).toMatchObject({ service: 'gateway', parentSpanId, kind: SPAN_KIND_SERVER, name: 'GET /health/live' });
  });

  it.each(FLOW_SERVICES)('%s serves Prometheus metrics without a token', async (name) => {
    const metrics = await metricsOf(name);
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toContain('text/plain');
    for (const metric of ['process_cpu_seconds_total', 'http_request_duration_seconds_count', 'garda_outbox_pending', 'garda_outbox_oldest_age_seconds']) {
      expect({ metric, value: sample(metrics.text, metric, { service: name }) }).toEqual({ metric, value: expect.any(Number) });
    }
    // Consumer metrics have samples once a topic had traffic on this replica; declared always.
    for (const metric of ['garda_kafka_handler_duration_seconds histogram', 'garda_kafka_messages_total counter', 'garda_kafka_consumer_lag gauge']) {
      expect(metrics.text).toContain(`# TYPE ${metric}`);
    }
    // Latency is labelled by route template, never by raw ids.
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/ready"/);
  });
});

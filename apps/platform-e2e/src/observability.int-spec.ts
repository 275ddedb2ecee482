import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { type ContactTraceV1, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { AgentClient, login, waitUntil, WebChatCustomer } from './support/actors';
import { FLOW_SERVICES, Platform, type ServiceName } from './support/platform';

const alice = DemoTenant.agents[0];
const [supportQueue, salesQueue] = DemoTenant.queues;
const ALL_SERVICES: readonly ServiceName[] = [...FLOW_SERVICES, 'analytics', 'notifications'];

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
const traceIdOf = (traceParent: string) => traceParent.split('-')[1];

/** JSON log lines of a service's captured stdout. */
function logLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return []; // a line split across two chunks of output
    }
  });
}

/**
 * One contact's path through every service is one trace, exported over OTLP/HTTP — from the
 * customer's first message through the agent's accept and reply to the reply's delivery to the web
 * chat — and its log lines carry that trace and the contact's correlation id; every service answers
 * GET /metrics in Prometheus format with the platform's metrics, whose values follow what happened.
 */
describe('observability: traces across services, logs and /metrics', () => {
  const collector = new SpanCollector();
  let platform: Platform;
  let agent: AgentClient;
  const customers: WebChatCustomer[] = [];
  const metricsOf = async (name: ServiceName) => {
    const response = await fetch(`${platform.url(name)}/metrics`);
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
  };
  const metric = async (service: ServiceName, name: string, labels: Record<string, string> = {}) =>
    sample((await metricsOf(service)).text, name, labels);
  const newCustomer = async (name: string, topic: string) => {
    const customer = new WebChatCustomer(platform.url('channels-ingest'));
    customers.push(customer);
    await customer.open({ name, email: `${name.toLowerCase()}.${randomUUID()}@example.com`, topic });
    return customer;
  };
  /** Spans of one trace, once every span's parent has arrived and `complete` holds. */
  const traceWhen = (traceId: string, complete: (spans: ExportedSpan[]) => boolean, what: string) =>
    waitUntil(
      () => {
        const spans = collector.spans.filter((span) => span.traceId === traceId);
        const ids = new Set(spans.map((span) => span.spanId));
        return spans.every((span) => !span.parentSpanId || ids.has(span.parentSpanId)) && complete(spans) ? spans : undefined;
      },
      15_000,
      what,
    );

  beforeAll(async () => {
    await collector.start();
    // info: the gateway's command lines are part of what is checked.
    platform = new Platform({ OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200', LOG_LEVEL: 'info' });
    await platform.start(ALL_SERVICES);
    // Offers in the sales queue expire after 5 s (the shortest allowed), for the expiry below.
    const admin = (await login(platform.url('gateway'), DemoTenant.admin.email)).token;
    const queue = await fetch(`${platform.url('routing')}/queues/${salesQueue.name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requiredSkills: salesQueue.requiredSkills, offerTimeoutSeconds: 5 }),
    });
    expect(queue.status).toBe(200);
    const { token } = await login(platform.url('gateway'), alice.email);
    agent = new AgentClient(platform.url('gateway'), token);
    await agent.connected();
    await agent.goAvailable();
  }, 180_000);

  afterAll(async () => {
    agent?.close();
    for (const customer of customers) customer.close();
    await platform?.stop();
    await collector.stop();
  });

  let contactTrace: ContactTraceV1;

  it('a web-chat contact is one trace from the first message through accept and reply to the delivery in the chat, and the counters move', async () => {
    const routingBefore =
      (await metric('routing', 'garda_kafka_messages_total', { topic: Topics.RoutingRequested, outcome: 'processed' })) ?? 0;
    const gatewayBefore = (await metric('gateway', 'garda_kafka_messages_total', { topic: Topics.OfferMade, outcome: 'processed' })) ?? 0;
    const acceptedBefore = (await metric('routing', 'garda_routing_offers_total', { outcome: 'accepted' })) ?? 0;

    const customer = await newCustomer('Tracy', supportQueue.name);
    expect((await customer.say('Where is my order? (traced)')).status).toBe(202);
    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Where is my order? (traced)');
    // The offer carries the contact's trace context to the desk.
    contactTrace = offer.payload.trace as ContactTraceV1;
    expect(contactTrace).toEqual({
      traceParent: expect.stringMatching(/^00-[\da-f]{32}-[\da-f]{16}-0[01]$/),
      correlationId: expect.any(String),
    });
    const traceId = traceIdOf(contactTrace.traceParent);

    const contactId = offer.payload.contactId as string;
    const conversationId = offer.payload.conversationId as string;
    await agent.send('offer:accept', { contactId });
    const assigned = await agent.waitFor('contact:assigned', (a) => a.contactId === contactId);
    expect(assigned.payload.trace).toEqual(contactTrace);
    await agent.send('conversation:reply', { conversationId, messageId: randomUUID(), text: 'It ships today. (traced)' });
    await customer.waitForReply((reply) => reply.text === 'It ships today. (traced)');

    const hop = (service: string, name: string) => (spans: ExportedSpan[]) =>
      spans.some((span) => span.service === service && span.name === name);
    const path = [
      ...FLOW_SERVICES.map((service) => (spans: ExportedSpan[]) => spans.some((span) => span.service === service)),
      hop('gateway', `process ${Topics.OfferMade}`),
      hop('gateway', 'socket offer:accept'),
      hop('routing', `process ${Topics.OfferResponded}`),
      hop('tickets', `process ${Topics.ContactAssigned}`),
      hop('gateway', 'socket conversation:reply'),
      hop('tickets', `process ${Topics.ReplySubmitted}`),
      hop('channels-ingest', `process ${Topics.OutboundMessage}`),
    ];
    const trace = await traceWhen(
      traceId,
      (spans) => path.every((reached) => reached(spans)),
      `the whole path of the contact in trace ${traceId}`,
    );
    // One root: the customer's HTTP request; everything else, the agent's commands included, hangs off it.
    const roots = trace.filter((span) => !span.parentSpanId);
    expect(roots).toEqual([
      expect.objectContaining({ service: 'channels-ingest', kind: SPAN_KIND_SERVER, name: expect.stringMatching(/^POST \/webchat/) }),
    ]);
    expect(trace.filter((span) => span.name.startsWith('socket ')).map((span) => span.kind)).toEqual([SPAN_KIND_SERVER, SPAN_KIND_SERVER]);

    // The counters of the consumers on the path moved; exactly one accept was counted.
    expect(await metric('routing', 'garda_kafka_messages_total', { topic: Topics.RoutingRequested, outcome: 'processed' })).toBeGreaterThan(
      routingBefore,
    );
    expect(await metric('gateway', 'garda_kafka_messages_total', { topic: Topics.OfferMade, outcome: 'processed' })).toBeGreaterThan(
      gatewayBefore,
    );
    expect(await metric('routing', 'garda_routing_offers_total', { outcome: 'accepted' })).toBe(acceptedBefore + 1);
    expect(await metric('routing', 'garda_routing_offers_total', { outcome: 'made' })).toBeGreaterThanOrEqual(1);
    expect(await metric('routing', 'garda_routing_decision_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    // Nobody waits in support any more: routing reports the queue, at 0.
    expect(await metric('routing', 'garda_routing_queue_depth', { queue: supportQueue.id })).toBe(0);
    expect(await metric('gateway', 'garda_socket_connections')).toBe(1);
  });

  it("logs the agent's commands with the contact's trace id and correlation id", async () => {
    const traceId = traceIdOf(contactTrace.traceParent);
    const lines = await waitUntil(
      () => {
        const found = logLines(platform.handles.get('gateway')!.output()).filter(
          (line) => line.msg === 'agent command handled' && line.trace_id === traceId,
        );
        return found.length >= 2 ? found : undefined;
      },
      10_000,
      `the gateway's command lines in trace ${traceId}`,
    );
    expect(lines.map((line) => line.event)).toEqual(['offer:accept', 'conversation:reply']);
    for (const line of lines) {
      expect(line).toMatchObject({
        service: 'gateway',
        level: 'info',
        correlationId: contactTrace.correlationId,
        tenantId: DemoTenant.id,
        ok: true,
      });
      expect(line.span_id).toMatch(/^[\da-f]{16}$/);
    }
  });

  it('reports a waiting contact in its queue depth, and counts an offer that expires', async () => {
    await agent.send('agent:set-state', { state: 'away' });
    await agent.waitFor('agent:status', (status) => status.state === 'away');
    const expiredBefore = (await metric('routing', 'garda_routing_offers_total', { outcome: 'expired' })) ?? 0;

    const customer = await newCustomer('Wanda', salesQueue.name);
    expect((await customer.say('Anyone there? (expires)')).status).toBe(202);
    // No agent is available: the contact waits, and the sales queue says so.
    await waitUntil(
      async () => (await metric('routing', 'garda_routing_queue_depth', { queue: salesQueue.id })) === 1,
      15_000,
      'sales queue depth 1',
    );

    await agent.send('agent:set-state', { state: 'available' });
    const offer = await agent.waitFor('offer:new', (o) => o.preview === 'Anyone there? (expires)');
    expect(await metric('routing', 'garda_routing_queue_depth', { queue: salesQueue.id })).toBe(0);
    await agent.waitFor('offer:closed', (closed) => closed.contactId === offer.payload.contactId && closed.reason === 'expired', 15_000);
    expect(await metric('routing', 'garda_routing_offers_total', { outcome: 'expired' })).toBe(expiredBefore + 1);
  });

  it('reports consumer lag and handler durations with values', async () => {
    const routing = (await metricsOf('routing')).text;
    const lag = sample(routing, 'garda_kafka_consumer_lag', { topic: Topics.RoutingRequested });
    expect(lag).toEqual(expect.any(Number));
    expect(lag).toBeGreaterThanOrEqual(0);
    const gateway = (await metricsOf('gateway')).text;
    const handled = sample(gateway, 'garda_kafka_handler_duration_seconds_count', { topic: Topics.OfferMade });
    expect(handled).toBeGreaterThanOrEqual(2);
    expect(sample(gateway, 'garda_kafka_handler_duration_seconds_bucket', { topic: Topics.OfferMade, le: '+Inf' })).toBe(handled);
    expect(sample(gateway, 'garda_kafka_handler_duration_seconds_sum', { topic: Topics.OfferMade })).toBeGreaterThan(0);
  });

  it("reports today's service level per queue from analytics: the one contact answered in support was answered in time", async () => {
    const labels = { tenant: DemoTenant.id, queue: supportQueue.name };
    // Analytics projects the assignment asynchronously; the gauge is read from its tables at scrape time.
    await waitUntil(
      async () => (await metric('analytics', 'garda_analytics_service_level_contacts', labels)) === 1,
      15_000,
      'analytics counting the answer',
    );
    expect(await metric('analytics', 'garda_analytics_service_level_ratio', labels)).toBe(1);
  });

  it('an incoming traceparent is continued, not replaced', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentSpanId = '00f067aa0ba902b7';
    const response = await fetch(`${platform.url('gateway')}/health/live`, {
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(response.status).toBe(200);
    const span = await waitUntil(() => collector.spans.find((s) => s.traceId === traceId), 10_000, 'the continued span');
    expect(span).toMatchObject({ service: 'gateway', parentSpanId, kind: SPAN_KIND_SERVER, name: 'GET /health/live' });
  });

  it.each(ALL_SERVICES)('%s serves Prometheus metrics without a token', async (name) => {
    const metrics = await metricsOf(name);
    expect(metrics.status).toBe(200);
    expect(metrics.contentType).toContain('text/plain');
    for (const metric of [
      'process_cpu_seconds_total',
      'http_request_duration_seconds_count',
      'garda_outbox_pending',
      'garda_outbox_oldest_age_seconds',
    ]) {
      expect({ metric, value: sample(metrics.text, metric, { service: name }) }).toEqual({ metric, value: expect.any(Number) });
    }
    // Every service consumed something by now (the contacts above went through all of them).
    expect(sample(metrics.text, 'garda_kafka_messages_total', { service: name, outcome: 'processed' })).toBeGreaterThan(0);
    expect(sample(metrics.text, 'garda_kafka_handler_duration_seconds_count', { service: name })).toBeGreaterThan(0);
    expect(sample(metrics.text, 'garda_kafka_consumer_lag', { service: name })).toEqual(expect.any(Number));
    // Latency is labelled by route template, never by raw ids.
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/health\/ready"/);
  });
});

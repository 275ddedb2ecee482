import { buildHeaders, logContext } from '@garda/messaging';
import { Headers, Topics } from '@garda/contracts';
import type { DataSource } from 'typeorm';
import { ServiceObservability } from './service-observability';
import { traceIdsOf } from './tracing';

const notConnected = { isInitialized: false } as unknown as DataSource;
const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('ServiceObservability', () => {
  it('continues the message’s trace and gives each emitted event a child span of the handling span', async () => {
    const observability = new ServiceObservability('tickets', notConnected, 'tickets');
    const { handling, emitted } = await observability.traceMessage(
      { topic: Topics.OfferMade, partition: 0, traceParent: PARENT },
      async (span) =>
        logContext.run({ correlationId: 'c-1', traceParent: span.traceParent, startProducerSpan: span.startProducerSpan }, async () => ({
          handling: span.traceParent,
          emitted: buildHeaders(Topics.OfferMade, { tenantId: 't-1', key: 't-1' })[Headers.TraceParent],
        })),
    );
    const parent = traceIdsOf(PARENT)!;
    expect(traceIdsOf(handling)?.trace_id).toBe(parent.trace_id);
    expect(traceIdsOf(handling)?.span_id).not.toBe(parent.span_id);
    expect(traceIdsOf(emitted)?.trace_id).toBe(parent.trace_id);
    expect(traceIdsOf(emitted)?.span_id).not.toBe(traceIdsOf(handling)?.span_id);
  });

  it('starts a new trace for a message without traceparent', async () => {
    const observability = new ServiceObservability('tickets', notConnected, 'tickets');
    const traceParent = await observability.traceMessage(
      { topic: Topics.OfferMade, partition: 0, traceParent: undefined },
      async (span) => span.traceParent,
    );
    expect(traceParent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traceIdsOf(traceParent)?.trace_id).not.toBe(traceIdsOf(PARENT)?.trace_id);
  });

  it('counts consumed messages by outcome in its own registry', async () => {
    const first = new ServiceObservability('routing', notConnected, 'routing');
    const second = new ServiceObservability('routing', notConnected, 'routing');
    first.handled(Topics.OfferMade, 'processed', 0.01);
    first.handled(Topics.OfferMade, 'duplicate', 0.002);
    first.lag(Topics.OfferMade, 2, 7);
    const text = await first.metrics.registry.metrics();
    expect(text).toContain(`garda_kafka_messages_total{topic="${Topics.OfferMade}",outcome="processed",service="routing"} 1`);
    expect(text).toContain(`garda_kafka_messages_total{topic="${Topics.OfferMade}",outcome="duplicate",service="routing"} 1`);
    expect(text).toContain(`garda_kafka_consumer_lag{topic="${Topics.OfferMade}",partition="2",service="routing"} 7`);
    expect(await second.metrics.registry.metrics()).not.toContain('outcome="processed"');
  });

  it('drops the lag of partitions a rebalance took away, keeps the ones it still owns, and ignores late batches of lost ones', async () => {
    const observability = new ServiceObservability('routing', notConnected, 'routing');
    let lostCalls = 0;
    observability.metrics.onPartitionsLost(() => lostCalls++);
    const topic = Topics.RoutingRequested;
    observability.assigned({ [topic]: [0, 1, 2] });
    observability.lag(topic, 0, 5);
    observability.lag(topic, 1, 7);
    observability.lag(topic, 2, 9);
    observability.assigned({ [topic]: [0] }); // another replica joined and took 1 and 2
    observability.lag(topic, 1, 3); // a batch of partition 1 that finished after the rebalance
    const text = await observability.metrics.registry.metrics();
    expect(text).toContain(`garda_kafka_consumer_lag{topic="${topic}",partition="0",service="routing"} 5`);
    expect(text).not.toMatch(/garda_kafka_consumer_lag\{[^}]*partition="[12]"/);
    // What else rode on the lost partitions is the service's knowledge: it is told, once.
    expect(lostCalls).toBe(1);
  });

  it('tells the service nothing when a rebalance only adds partitions, and forgets all lag once the consumer stopped', async () => {
    const observability = new ServiceObservability('routing', notConnected, 'routing');
    const topic = Topics.RoutingRequested;
    observability.assigned({ [topic]: [0] });
    observability.lag(topic, 0, 2);
    let lostCalls = 0;
    observability.metrics.onPartitionsLost(() => lostCalls++);
    observability.assigned({ [topic]: [0, 1] });
    expect(lostCalls).toBe(0);
    observability.assigned({});
    expect(await observability.metrics.registry.metrics()).not.toMatch(/garda_kafka_consumer_lag\{/);
  });
});

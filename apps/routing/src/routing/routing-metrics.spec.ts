import { Topics } from '@garda/contracts';
import { ServiceMetrics } from '@garda/service-kit';
import type { DataSource } from 'typeorm';
import { createRoutingMetrics } from './routing-metrics';

const notConnected = { isInitialized: false } as unknown as DataSource;
const topic = Topics.RoutingRequested;

describe(createRoutingMetrics.name, () => {
  it('drops every queue depth when a rebalance takes a partition away (the new owner sets them again)', async () => {
    const metrics = new ServiceMetrics('routing', notConnected, 'routing');
    const routing = createRoutingMetrics(metrics);
    metrics.partitionsAssigned({ [topic]: [0, 1] });
    routing.queueDepth.set({ queue: 'q-1' }, 4);
    metrics.partitionsAssigned({ [topic]: [0] });
    expect(await metrics.registry.metrics()).not.toMatch(/garda_routing_queue_depth\{/);
  });

  it('keeps queue depths when a rebalance only adds partitions', async () => {
    const metrics = new ServiceMetrics('routing', notConnected, 'routing');
    const routing = createRoutingMetrics(metrics);
    metrics.partitionsAssigned({ [topic]: [0] });
    routing.queueDepth.set({ queue: 'q-1' }, 4);
    metrics.partitionsAssigned({ [topic]: [0, 1] });
    expect(await metrics.registry.metrics()).toContain('garda_routing_queue_depth{queue="q-1",service="routing"} 4');
  });
});

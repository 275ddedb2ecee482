import type { RoutingDecision } from '@garda/routing-engine';
import { LATENCY_BUCKETS, type ServiceMetrics } from '@garda/service-kit';
import { Counter, Gauge, Histogram } from 'prom-client';
import type { TenantEngine } from '../engine/tenant-engines';

/** Routing's own series on the service's registry (docs/metrics.md). */
export interface RoutingMetrics {
  decisionDuration: Histogram;
  offers: Counter<'outcome'>;
  queueDepth: Gauge<'queue'>;
}

/** Registers routing's series once per service runtime. */
export function createRoutingMetrics(metrics: ServiceMetrics): RoutingMetrics {
  const registers = [metrics.registry];
  const routing: RoutingMetrics = {
    decisionDuration: new Histogram({
      name: 'garda_routing_decision_duration_seconds',
      help: 'Time to pick an agent (or decide to wait) for one contact.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    offers: new Counter({
      name: 'garda_routing_offers_total',
      help: 'Offers by outcome: made, accepted, rejected, expired.',
      labelNames: ['outcome'] as const,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'garda_routing_queue_depth',
      help: 'Contacts waiting in a queue.',
      labelNames: ['queue'] as const,
      registers,
    }),
  };
  // Which queues rode on a lost partition is not known here: all depths go, and the partitions'
  // owner (this replica too, for those it kept) sets them again on its next operation in each queue.
  metrics.onPartitionsLost(() => routing.queueDepth.reset());
  return routing;
}

const OFFER_OUTCOMES: Partial<Record<RoutingDecision['type'], string>> = {
  'offer-made': 'made',
  'offer-rejected': 'rejected',
  'offer-expired': 'expired',
};

/** Feeds GET /metrics from one routing operation: its latency, its offers and the depth of the queues it touched. */
export function observeRoutingOperation(
  metrics: RoutingMetrics,
  tenant: TenantEngine,
  decisions: readonly RoutingDecision[],
  seconds: number,
  now: number,
): void {
  metrics.decisionDuration.observe(seconds);
  for (const decision of decisions) {
    const outcome = decision.type === 'contact-assigned' ? (decision.manual ? undefined : 'accepted') : OFFER_OUTCOMES[decision.type];
    if (outcome) metrics.offers.inc({ outcome });
  }
  // queueStats is O(contacts): only when something moved in a queue.
  if (decisions.some((decision) => 'queueId' in decision || 'contactId' in decision)) {
    for (const stats of tenant.engine.queueStats(now)) metrics.queueDepth.set({ queue: stats.queueId }, stats.waiting);
  }
}

import type { RoutingDecision } from '@garda/routing-engine';
import type { RoutingMetrics } from '@garda/service-kit';
import type { TenantEngine } from '../engine/tenant-engines';

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

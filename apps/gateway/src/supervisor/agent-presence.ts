import type { AgentStatusChangedV1 } from '@garda/contracts';
import type { EntityManager } from 'typeorm';

/** Handlers the event fan-out calls for contact events; the gateway no longer projects contacts. */
const ignore = async (_manager: EntityManager, _event: unknown): Promise<void> => undefined;

/**
 * What is left of the gateway's former wallboard projection. The wallboard's figures are the
 * analytics service's (docs/metrics.md), so contact events are ignored here (their table was
 * dropped by migration 1732500002000); they stay as no-ops only because
 * apps/gateway/src/realtime/event-fanout.ts still calls them — remove them together with those
 * calls. The agent's last state is still kept: login gives it to the desk (identity/auth.controller.ts).
 */
export const wallboardProjection = {
  routingRequested: ignore,
  offerMade: ignore,
  offerClosed: ignore,
  contactAssigned: ignore,
  conversationClosed: ignore,
  contactRequeued: ignore,
  contactOverflowed: ignore,
  contactTransferred: ignore,
  contactAbandoned: ignore,

  async agentStatusChanged(manager: EntityManager, e: AgentStatusChangedV1): Promise<void> {
    // Only a newer change replaces the one stored: a redelivered or late event cannot roll the state back.
    await manager.query(
      `INSERT INTO "gateway"."agent_presence" ("tenant_id", "agent_id", "state", "reason", "since") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("tenant_id", "agent_id") DO UPDATE SET "state" = EXCLUDED."state", "reason" = EXCLUDED."reason", "since" = EXCLUDED."since"
       WHERE "gateway"."agent_presence"."since" <= EXCLUDED."since"`,
      [e.tenantId, e.agentId, e.state, e.reason ?? null, e.changedAt],
    );
  },
};

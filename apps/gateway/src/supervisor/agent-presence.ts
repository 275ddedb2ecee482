import type { AgentStatusChangedV1 } from '@garda/contracts';
import type { EntityManager } from 'typeorm';

/**
 * The last state routing announced for each agent, which login and GET /me hand to the desk
 * (identity/auth.controller.ts). The wallboard's figures are the analytics service's
 * (docs/metrics.md); this is all the gateway keeps of its former projection.
 */
export async function recordAgentPresence(manager: EntityManager, e: AgentStatusChangedV1): Promise<void> {
  // Only a newer change replaces the one stored: a redelivered or late event cannot roll the state back.
  await manager.query(
    `INSERT INTO "gateway"."agent_presence" ("tenant_id", "agent_id", "state", "reason", "since") VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("tenant_id", "agent_id") DO UPDATE SET "state" = EXCLUDED."state", "reason" = EXCLUDED."reason", "since" = EXCLUDED."since"
     WHERE "gateway"."agent_presence"."since" <= EXCLUDED."since"`,
    [e.tenantId, e.agentId, e.state, e.reason ?? null, e.changedAt],
  );
}

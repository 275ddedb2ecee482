import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/**
 * The gateway saw an agent's last socket close (every tab, on every replica, and no reconnect
 * within a short grace; ADR 0011). Routing takes the agent offline and re-routes their pending
 * offers at once instead of letting them time out. Keyed by tenant, like every routing input.
 */
export const AgentDisconnectedV1 = z.object({
  tenantId: UuidSchema,
  agentId: UuidSchema,
  /**
   * When the last socket closed, by the gateway's clock. Routing ignores a disconnect older than
   * the agent's latest state request: the agent came back and asked for a state since.
   */
  disconnectedAt: IsoDateSchema,
});
export type AgentDisconnectedV1 = z.infer<typeof AgentDisconnectedV1>;

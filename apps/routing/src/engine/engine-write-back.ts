import type { RoutingEngine } from '@garda/routing-engine';
import type { EntityManager } from 'typeorm';
import { agentColumns, contactColumns } from './engine-rows';
import { RoutingStateDivergence } from './guarded-tables';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

export type Ending = 'completed' | 'abandoned' | 'max-wait-exceeded';

/** The rows one operation's decisions touched, and what ended. */
export interface Touched {
  contacts: Set<string>;
  agents: Set<string>;
  queues: Set<string>;
  endings: Map<string, { ending: Ending; at: number }>;
  stateChangedAt: Map<string, number>;
}

export const nothingTouched = (): Touched => ({
  contacts: new Set(),
  agents: new Set(),
  queues: new Set(),
  endings: new Map(),
  stateChangedAt: new Map(),
});

/**
 * Writes the engine-owned columns of every touched contact, agent and queue from the engine's
 * entries of just those rows (not a snapshot of the whole tenant); returns the contact sequence.
 */
export async function writeBack(manager: EntityManager, engine: RoutingEngine, touched: Touched): Promise<number> {
  const snapshot = engine.snapshotOf(touched);
  const contacts = new Map(snapshot.contacts.map((c) => [c.id, c]));
  for (const id of touched.contacts) {
    const contact = contacts.get(id);
    if (contact) {
      await manager.query(
        `UPDATE "routing"."contact" SET "status" = $2, "queue_id" = $3, "priority" = $4, "queue_entered_at" = $5, "step" = $6, "offer_seq" = $7,
           "assigned_at" = $8, "last_declined_by" = $9, "preferred_agent_id" = $10, "preferred_until" = $11, "wait_epoch" = $12,
           "queue_epoch" = $13, "preference_epoch" = $14, "seq" = $15
         WHERE "id" = $1`,
        contactColumns(contact),
      );
      continue;
    }
    const ending = touched.endings.get(id);
    if (!ending) continue;
    await manager.query(
      `UPDATE "routing"."contact" SET "status" = $2, "ended_at" = $3, "completed_at" = CASE WHEN $2 = 'completed' THEN $3 ELSE "completed_at" END
       WHERE "id" = $1`,
      [id, ending.ending, new Date(ending.at)],
    );
  }
  for (const agent of snapshot.agents) {
    const changedAt = touched.stateChangedAt.get(agent.profile.id);
    await manager.query(
      `UPDATE "routing"."agent_profile" SET "state" = $2, "state_reason" = $3, "acw_until" = $4, "idle_since" = $5, "missed_offers" = $6,
         "acw_epoch" = $7, "state_since" = COALESCE($8, "state_since"), "updated_at" = now()
       WHERE "agent_id" = $1`,
      [...agentColumns(agent), changedAt === undefined ? null : new Date(changedAt)],
    );
  }
  for (const queue of snapshot.queues) {
    await manager.query(`UPDATE "routing"."queue" SET "counters" = $2, "round_robin_cursor" = $3 WHERE "id" = $1`, [
      queue.definition.id,
      JSON.stringify(queue.counters),
      queue.roundRobinCursor ?? null,
    ]);
  }
  return snapshot.contactSeq;
}

/** Defence in depth: what the tables now hold for the touched agents is what the engine holds. */
export async function checkLoads(manager: EntityManager, engine: RoutingEngine, agents: ReadonlySet<string>): Promise<void> {
  if (agents.size === 0) return;
  const rows = await queryRows(
    manager,
    z.object({ agent_id: z.string(), channel: z.string(), reserved: z.number() }),
    `SELECT "agent_id", "channel", "reserved" FROM "routing"."agent_channel_load" WHERE "agent_id" = ANY($1)`,
    [[...agents]],
  );
  const known = new Set(engine.agentIds());
  for (const row of rows) {
    // An agent the operation removed holds nothing any more.
    const expected = known.has(row.agent_id) ? (engine.agentView(row.agent_id).load[row.channel] ?? 0) : 0;
    if (expected !== row.reserved) {
      throw new RoutingStateDivergence(
        `agent ${row.agent_id} holds ${row.reserved} on ${row.channel} in the database, ${expected} in the engine`,
      );
    }
  }
}

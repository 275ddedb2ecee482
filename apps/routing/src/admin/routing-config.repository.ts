import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, queryFirst, queryRows } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import {
  ActiveContactsRow,
  AgentListRow,
  ExistsRow,
  HeldChannelRow,
  IdRow,
  NameRow,
  QueueFlagsRow,
  QueueListRow,
  TenantRow,
} from './admin.rows';
import type { AgentProfile, QueueDefinition } from './admin.schemas';

/**
 * Queues and agents' routing profiles in routing's tables (typed raw SQL: upserts and guards the
 * engine's tables need, ADR 0061). Writers are called holding the tenant's routing lock, then let
 * the engine re-file what changed (RoutingAdminController), or are the start-up seed (which
 * invalidates engines). Refusals are domain errors; the HTTP layer maps them.
 */
@Injectable()
export class RoutingConfigRepository {
  async listQueues(manager: EntityManager, tenantId: string): Promise<QueueListRow[]> {
    return queryRows(
      manager,
      QueueListRow,
      `SELECT q."id", q."name", q."required_skills" AS "requiredSkills", q."relaxation" AS "requirements", q."priority", q."is_default" AS "isDefault",
              q."strategy", q."offer_timeout_seconds" AS "offerTimeoutSeconds", q."service_level_percent" AS "serviceLevelPercent",
              q."service_level_seconds" AS "serviceLevelSeconds", q."max_wait_seconds" AS "maxWaitSeconds", q."overflow_queue" AS "overflowQueue",
              q."after_contact_work_seconds" AS "afterContactWorkSeconds", q."counters",
              (SELECT count(*)::int FROM "routing"."contact" c WHERE c."queue_id" = q."id" AND c."status" IN ('waiting', 'offered')) AS "waiting"
       FROM "routing"."queue" q WHERE q."tenant_id" = $1 ORDER BY q."name"`,
      [tenantId],
    );
  }

  async listAgents(manager: EntityManager, tenantId: string): Promise<AgentListRow[]> {
    return queryRows(
      manager,
      AgentListRow,
      `SELECT p."agent_id" AS "agentId", p."name", p."skills", p."queues", p."cross_channel" AS "crossChannel", p."state", p."state_reason" AS "stateReason",
              p."state_since" AS "stateSince", p."missed_offers" AS "missedOffers",
              COALESCE(jsonb_object_agg(l."channel", jsonb_build_object('capacity', l."capacity", 'used', l."reserved"))
                FILTER (WHERE l."channel" IS NOT NULL), '{}') AS "load"
       FROM "routing"."agent_profile" p LEFT JOIN "routing"."agent_channel_load" l ON l."agent_id" = p."agent_id"
       WHERE p."tenant_id" = $1 GROUP BY p."agent_id" ORDER BY p."name"`,
      [tenantId],
    );
  }

  /** Writes a queue's row; its overflow target must exist, and only one queue is the default. */
  async upsertQueue(manager: EntityManager, tenantId: string, name: string, queue: QueueDefinition, id: string = randomUUID()) {
    if (queue.overflowQueue !== undefined) {
      if (queue.overflowQueue === name) throw new InvalidInputError('overflowQueue', 'A queue cannot overflow to itself');
      const target = await queryFirst(
        manager,
        ExistsRow,
        `SELECT 1 AS "exists" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "name" = $2`,
        [tenantId, queue.overflowQueue],
      );
      if (!target) throw new InvalidInputError('overflowQueue', `Overflow queue ${queue.overflowQueue} does not exist`);
    }
    if (queue.isDefault) {
      await manager.query(`UPDATE "routing"."queue" SET "is_default" = false WHERE "tenant_id" = $1 AND "name" <> $2`, [tenantId, name]);
    }
    const [saved] = await queryRows(
      manager,
      IdRow,
      `INSERT INTO "routing"."queue" ("id", "tenant_id", "name", "required_skills", "priority", "is_default", "strategy", "offer_timeout_seconds",
         "service_level_percent", "service_level_seconds", "max_wait_seconds", "overflow_queue", "relaxation", "after_contact_work_seconds")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT ("tenant_id", "name") DO UPDATE SET "required_skills" = EXCLUDED."required_skills", "priority" = EXCLUDED."priority",
         "is_default" = EXCLUDED."is_default", "strategy" = EXCLUDED."strategy", "offer_timeout_seconds" = EXCLUDED."offer_timeout_seconds",
         "service_level_percent" = EXCLUDED."service_level_percent", "service_level_seconds" = EXCLUDED."service_level_seconds",
         "max_wait_seconds" = EXCLUDED."max_wait_seconds", "overflow_queue" = EXCLUDED."overflow_queue", "relaxation" = EXCLUDED."relaxation",
         "after_contact_work_seconds" = EXCLUDED."after_contact_work_seconds", "updated_at" = now()
       RETURNING "id"`,
      [
        id,
        tenantId,
        name,
        JSON.stringify(queue.requiredSkills),
        queue.priority,
        queue.isDefault,
        queue.strategy,
        queue.offerTimeoutSeconds,
        queue.serviceLevel.percent,
        queue.serviceLevel.seconds,
        queue.maxWaitSeconds ?? null,
        queue.overflowQueue ?? null,
        JSON.stringify(queue.requirements ?? []),
        queue.afterContactWorkSeconds ?? null,
      ],
    );
    return { id: saved.id, name, ...queue };
  }

  /**
   * Creates or updates an agent's routing profile; the body is the whole profile, so a channel it
   * leaves out is removed. Capacity cannot shrink below what the agent holds right now, nor can a
   * channel go while an offer or a contact holds it (conflict); the database check guards the first.
   */
  async upsertAgentProfile(manager: EntityManager, tenantId: string, agentId: string, profile: AgentProfile): Promise<void> {
    const owner = await queryFirst(manager, TenantRow, `SELECT "tenant_id" FROM "routing"."agent_profile" WHERE "agent_id" = $1`, [
      agentId,
    ]);
    if (owner && owner.tenant_id !== tenantId) throw new ConflictError('This agent id belongs to another tenant');
    await manager.query(
      `INSERT INTO "routing"."agent_profile" ("agent_id", "tenant_id", "name", "skills", "queues", "cross_channel") VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ("agent_id") DO UPDATE SET "name" = EXCLUDED."name", "skills" = EXCLUDED."skills", "queues" = EXCLUDED."queues",
         "cross_channel" = EXCLUDED."cross_channel", "updated_at" = now()`,
      [
        agentId,
        tenantId,
        profile.name,
        JSON.stringify(profile.skills),
        profile.queues ?? null,
        profile.crossChannel ? JSON.stringify(profile.crossChannel) : null,
      ],
    );
    await this.removeOmittedChannels(manager, agentId, Object.keys(profile.capacity));
    for (const [channel, capacity] of Object.entries(profile.capacity)) {
      const saved = await queryRows(
        manager,
        ExistsRow,
        `INSERT INTO "routing"."agent_channel_load" ("agent_id", "channel", "capacity") VALUES ($1, $2, $3)
         ON CONFLICT ("agent_id", "channel") DO UPDATE SET "capacity" = EXCLUDED."capacity"
         WHERE "agent_channel_load"."reserved" <= EXCLUDED."capacity" RETURNING 1 AS "exists"`,
        [agentId, channel, capacity],
      );
      if (saved.length === 0) throw new ConflictError(`The agent holds more ${channel} contacts than ${capacity} right now`);
    }
  }

  async hasAgentProfile(manager: EntityManager, tenantId: string, agentId: string): Promise<boolean> {
    const found = await queryFirst(
      manager,
      ExistsRow,
      `SELECT 1 AS "exists" FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
      [tenantId, agentId],
    );
    return found !== undefined;
  }

  /**
   * Deletes a queue that no active contact is in, that is not the tenant's default (requests without
   * a queue would have nowhere to go) and that no other queue overflows to. Returns false if there is
   * no such queue.
   */
  async deleteQueue(manager: EntityManager, tenantId: string, name: string): Promise<boolean> {
    const queue = await queryFirst(
      manager,
      QueueFlagsRow,
      `SELECT "id", "is_default" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "name" = $2`,
      [tenantId, name],
    );
    if (!queue) return false;
    if (queue.is_default) throw new ConflictError(`Queue ${name} is the default queue: make another queue the default before deleting it`);
    const [active] = await queryRows(
      manager,
      ActiveContactsRow,
      `SELECT count(*) FILTER (WHERE "status" IN ('waiting', 'offered'))::int AS "waiting", count(*) FILTER (WHERE "status" = 'assigned')::int AS "assigned"
       FROM "routing"."contact" WHERE "tenant_id" = $1 AND "queue_id" = $2 AND "status" IN ('waiting', 'offered', 'assigned')`,
      [tenantId, queue.id],
    );
    if (active.waiting > 0 || active.assigned > 0) {
      throw new ConflictError(
        `Queue ${name} still has ${active.waiting} waiting and ${active.assigned} assigned contact(s): transfer them or let them finish before deleting it`,
      );
    }
    const overflowing = await queryRows(
      manager,
      NameRow,
      `SELECT "name" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "overflow_queue" = $2 ORDER BY "name"`,
      [tenantId, name],
    );
    if (overflowing.length > 0) {
      throw new ConflictError(
        `Queue(s) ${overflowing.map((q) => q.name).join(', ')} overflow to ${name}: change their overflowQueue first`,
      );
    }
    await manager.query(`DELETE FROM "routing"."queue" WHERE "tenant_id" = $1 AND "id" = $2`, [tenantId, queue.id]);
    return true;
  }

  /** Deletes the profile and its channel loads; the caller has had the engine release the agent first. */
  async deleteAgentProfile(manager: EntityManager, tenantId: string, agentId: string): Promise<void> {
    await manager.query(`DELETE FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`, [tenantId, agentId]);
  }

  /** Engines cached by any instance are stale after a write outside an engine operation (the seed). */
  async invalidateTenantEngines(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query(`UPDATE "routing"."tenant_routing_state" SET "revision" = gen_random_uuid() WHERE "tenant_id" = $1`, [tenantId]);
  }

  private async removeOmittedChannels(manager: EntityManager, agentId: string, kept: string[]): Promise<void> {
    const held = await queryRows(
      manager,
      HeldChannelRow,
      `SELECT "channel", "reserved" FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND "reserved" > 0 AND NOT ("channel" = ANY($2)) ORDER BY "channel"`,
      [agentId, kept],
    );
    if (held.length > 0) {
      const what = held.map((row) => `${row.reserved} ${row.channel}`).join(', ');
      throw new ConflictError(`The agent holds ${what} contact(s) or offer(s) right now: a channel cannot be removed until they end`);
    }
    await manager.query(`DELETE FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND NOT ("channel" = ANY($2))`, [agentId, kept]);
  }
}

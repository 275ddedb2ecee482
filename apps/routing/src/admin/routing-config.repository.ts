import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AgentProfile, QueueDefinition } from './admin.schemas';

/**
 * Writes a queue's row. Callers hold the tenant's routing lock and then let the engine re-file
 * the queue's contacts (RoutingAdmin), or are the start-up seed (which invalidates engines).
 */
export async function upsertQueue(
  manager: EntityManager,
  tenantId: string,
  name: string,
  queue: QueueDefinition,
  id: string = randomUUID(),
) {
  if (queue.overflowQueue !== undefined) {
    if (queue.overflowQueue === name) throw new BadRequestException('A queue cannot overflow to itself');
    const [target] = (await manager.query(`SELECT 1 FROM "routing"."queue" WHERE "tenant_id" = $1 AND "name" = $2`, [
      tenantId,
      queue.overflowQueue,
    ])) as unknown[];
    if (!target) throw new BadRequestException(`Overflow queue ${queue.overflowQueue} does not exist`);
  }
  if (queue.isDefault) {
    await manager.query(`UPDATE "routing"."queue" SET "is_default" = false WHERE "tenant_id" = $1 AND "name" <> $2`, [tenantId, name]);
  }
  const rows = (await manager.query(
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
  )) as Array<{ id: string }>;
  return { id: rows[0].id, name, ...queue };
}

/**
 * Creates or updates an agent's routing profile; the body is the whole profile, so a channel it
 * leaves out is removed. Capacity cannot shrink below what the agent holds right now, nor can a
 * channel go while an offer or a contact holds it (409); the database check guards the first.
 */
export async function upsertAgentProfile(manager: EntityManager, tenantId: string, agentId: string, profile: AgentProfile) {
  const existing = (await manager.query(`SELECT "tenant_id" FROM "routing"."agent_profile" WHERE "agent_id" = $1`, [agentId])) as Array<{
    tenant_id: string;
  }>;
  if (existing[0] && existing[0].tenant_id !== tenantId) throw new ConflictException('This agent id belongs to another tenant');
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
  await removeOmittedChannels(manager, agentId, Object.keys(profile.capacity));
  for (const [channel, capacity] of Object.entries(profile.capacity)) {
    const result = (await manager.query(
      `INSERT INTO "routing"."agent_channel_load" ("agent_id", "channel", "capacity") VALUES ($1, $2, $3)
       ON CONFLICT ("agent_id", "channel") DO UPDATE SET "capacity" = EXCLUDED."capacity"
       WHERE "agent_channel_load"."reserved" <= EXCLUDED."capacity" RETURNING 1`,
      [agentId, channel, capacity],
    )) as unknown[];
    if (result.length === 0) throw new ConflictException(`The agent holds more ${channel} contacts than ${capacity} right now`);
  }
}

async function removeOmittedChannels(manager: EntityManager, agentId: string, kept: string[]): Promise<void> {
  const held = (await manager.query(
    `SELECT "channel", "reserved" FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND "reserved" > 0 AND NOT ("channel" = ANY($2)) ORDER BY "channel"`,
    [agentId, kept],
  )) as Array<{ channel: string; reserved: number }>;
  if (held.length > 0) {
    const what = held.map((row) => `${row.reserved} ${row.channel}`).join(', ');
    throw new ConflictException(`The agent holds ${what} contact(s) or offer(s) right now: a channel cannot be removed until they end`);
  }
  await manager.query(`DELETE FROM "routing"."agent_channel_load" WHERE "agent_id" = $1 AND NOT ("channel" = ANY($2))`, [agentId, kept]);
}

/**
 * Deletes a queue that no active contact is in, that is not the tenant's default (requests without
 * a queue would have nowhere to go) and that no other queue overflows to. Returns false if there is
 * no such queue. Callers hold the tenant's routing lock.
 */
export async function deleteQueue(manager: EntityManager, tenantId: string, name: string): Promise<boolean> {
  const [queue] = (await manager.query(`SELECT "id", "is_default" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "name" = $2`, [
    tenantId,
    name,
  ])) as Array<{
    id: string;
    is_default: boolean;
  }>;
  if (!queue) return false;
  if (queue.is_default)
    throw new ConflictException(`Queue ${name} is the default queue: make another queue the default before deleting it`);
  const [active] = (await manager.query(
    `SELECT count(*) FILTER (WHERE "status" IN ('waiting', 'offered'))::int AS "waiting", count(*) FILTER (WHERE "status" = 'assigned')::int AS "assigned"
     FROM "routing"."contact" WHERE "tenant_id" = $1 AND "queue_id" = $2 AND "status" IN ('waiting', 'offered', 'assigned')`,
    [tenantId, queue.id],
  )) as Array<{ waiting: number; assigned: number }>;
  if (active.waiting > 0 || active.assigned > 0) {
    throw new ConflictException(
      `Queue ${name} still has ${active.waiting} waiting and ${active.assigned} assigned contact(s): transfer them or let them finish before deleting it`,
    );
  }
  const overflowing = (await manager.query(
    `SELECT "name" FROM "routing"."queue" WHERE "tenant_id" = $1 AND "overflow_queue" = $2 ORDER BY "name"`,
    [tenantId, name],
  )) as Array<{ name: string }>;
  if (overflowing.length > 0) {
    throw new ConflictException(
      `Queue(s) ${overflowing.map((q) => q.name).join(', ')} overflow to ${name}: change their overflowQueue first`,
    );
  }
  await manager.query(`DELETE FROM "routing"."queue" WHERE "tenant_id" = $1 AND "id" = $2`, [tenantId, queue.id]);
  return true;
}

/** Deletes the profile and its channel loads; the caller has had the engine release the agent first. */
export async function deleteAgentProfile(manager: EntityManager, tenantId: string, agentId: string): Promise<void> {
  await manager.query(`DELETE FROM "routing"."agent_profile" WHERE "tenant_id" = $1 AND "agent_id" = $2`, [tenantId, agentId]);
}

/** Engines cached by any instance are stale after a write outside an engine operation (the seed). */
export async function invalidateTenantEngines(manager: EntityManager, tenantId: string): Promise<void> {
  await manager.query(`UPDATE "routing"."tenant_routing_state" SET "revision" = gen_random_uuid() WHERE "tenant_id" = $1`, [tenantId]);
}

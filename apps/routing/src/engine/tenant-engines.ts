import { type AgentProfile, type QueueDefinition, RoutingEngine } from '@garda/routing-engine';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import { type AgentRow, type ContactRow, type QueueRow, snapshotFromRows, type TenantStateRow } from './engine-rows';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** One tenant's engine with what the service needs next to it (queue names for events, definitions for re-routing). */
export interface TenantEngine {
  readonly tenantId: string;
  readonly engine: RoutingEngine;
  readonly queues: ReadonlyMap<string, QueueRow>;
  readonly queueIdByName: ReadonlyMap<string, string>;
  readonly definitions: ReadonlyMap<string, QueueDefinition>;
  readonly profiles: ReadonlyMap<string, AgentProfile>;
  /** The tenant_routing_state revision this engine matches. */
  revision: string | undefined;
}

/**
 * The engines this instance holds, one per tenant. An engine is used only while its revision is
 * the one in the database (checked under the tenant lock); otherwise it is rebuilt from the
 * tables, so two instances, a rebalance or a failed commit never act on a stale engine.
 * An engine is checked out for the length of one operation: if the operation fails, it is simply
 * never checked in and the next operation rebuilds.
 */
export class TenantEngines {
  private readonly cache = new Map<string, TenantEngine>();
  readonly stats = { operations: 0, rebuilds: 0, reconciledLoads: 0 };

  constructor(private readonly logger: Logger) {}

  async checkout(manager: EntityManager, tenantId: string, options: { rebuild?: boolean } = {}): Promise<TenantEngine> {
    const [state] = await queryRows(
      manager,
      z.object({ revision: z.string(), clock: z.number(), contact_seq: z.union([z.string(), z.number()]) }),
      `SELECT "revision", "clock", "contact_seq" FROM "routing"."tenant_routing_state" WHERE "tenant_id" = $1`,
      [tenantId],
    );
    const cached = this.cache.get(tenantId);
    this.cache.delete(tenantId);
    this.stats.operations += 1;
    if (cached && !options.rebuild && state && cached.revision === state.revision) return cached;
    return this.rebuild(manager, tenantId, state);
  }

  checkin(entry: TenantEngine, revision: string): void {
    entry.revision = revision;
    this.cache.set(entry.tenantId, entry);
  }

  /** Whether this instance holds the tenant's current engine (it then fires the tenant's timers first). */
  holdsCurrent(tenantId: string, revision: string): boolean {
    return this.cache.get(tenantId)?.revision === revision;
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }

  private async rebuild(manager: EntityManager, tenantId: string, state: TenantStateRow | undefined): Promise<TenantEngine> {
    // One after the other: the transaction has one connection, and pg queues (and deprecates)
    // queries issued on a client that is still executing one.
    const queues = await loadQueues(manager, tenantId);
    const agents = await loadAgents(manager, tenantId);
    const contacts = await loadContacts(manager, tenantId);
    const snapshot = snapshotFromRows({ state, queues, agents, contacts });
    const engine = RoutingEngine.restore(snapshot);
    this.stats.rebuilds += 1;
    await this.reconcileLoads(manager, engine, agents);
    return {
      tenantId,
      engine,
      queues: new Map(queues.map((q) => [q.id, q])),
      queueIdByName: new Map(queues.map((q) => [q.name, q.id])),
      definitions: new Map(snapshot.queues.map((q) => [q.definition.id, q.definition])),
      profiles: new Map(snapshot.agents.map((a) => [a.profile.id, a.profile])),
      revision: state?.revision,
    };
  }

  /**
   * The channel loads the database holds must be what the engine derives from offers and
   * assignments. They always are when routing wrote them; rows from before the engine (or a
   * hand edit) are put right here, loudly, rather than failing every later operation.
   */
  private async reconcileLoads(manager: EntityManager, engine: RoutingEngine, agents: readonly AgentRow[]): Promise<void> {
    const rows = await queryRows(
      manager,
      z.object({ agent_id: z.string(), channel: z.string(), reserved: z.number() }),
      `SELECT l."agent_id", l."channel", l."reserved" FROM "routing"."agent_channel_load" l WHERE l."agent_id" = ANY($1)`,
      [agents.map((a) => a.agent_id)],
    );
    for (const row of rows) {
      const expected = engine.agentView(row.agent_id).load[row.channel] ?? 0;
      if (expected === row.reserved) continue;
      this.stats.reconciledLoads += 1;
      this.logger.warn(
        { agentId: row.agent_id, channel: row.channel, reserved: row.reserved, expected },
        'channel load differed from offers and assignments; corrected',
      );
      await manager.query(`UPDATE "routing"."agent_channel_load" SET "reserved" = $3 WHERE "agent_id" = $1 AND "channel" = $2`, [
        row.agent_id,
        row.channel,
        expected,
      ]);
    }
  }
}

/** A jsonb column routing itself wrote (validated by the admin API or produced by the engine): an object or array is all we check. */
const jsonb = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null);

const QueueRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  required_skills: jsonb<QueueRow['required_skills']>(),
  relaxation: jsonb<QueueRow['relaxation']>(),
  priority: z.number(),
  is_default: z.boolean(),
  strategy: z.string(),
  offer_timeout_seconds: z.number(),
  service_level_percent: z.number(),
  service_level_seconds: z.number(),
  max_wait_seconds: z.number().nullable(),
  overflow_queue: z.string().nullable(),
  after_contact_work_seconds: z.number().nullable(),
  round_robin_cursor: z.string().nullable(),
  counters: jsonb<NonNullable<QueueRow['counters']>>().nullable(),
}) satisfies z.ZodType<QueueRow>;

const ContactRowSchema = z.object({
  id: z.string(),
  channel: z.string(),
  seq: z.union([z.string(), z.number()]),
  arrived_at: z.date(),
  requires: jsonb<NonNullable<ContactRow['requires']>>().nullable(),
  explicit_priority: z.number().nullable(),
  queue_id: z.string(),
  priority: z.number(),
  queue_entered_at: z.date().nullable(),
  status: z.enum(['waiting', 'offered', 'assigned']),
  step: z.number(),
  offer_seq: z.number(),
  offer_agent_id: z.string().nullable(),
  offered_at: z.date().nullable(),
  offer_expires_at: z.date().nullable(),
  assigned_agent_id: z.string().nullable(),
  assigned_at: z.date().nullable(),
  last_declined_by: z.string().nullable(),
  preferred_agent_id: z.string().nullable(),
  preferred_until: z.date().nullable(),
  wait_epoch: z.number(),
  queue_epoch: z.number(),
  preference_epoch: z.number(),
}) satisfies z.ZodType<ContactRow>;

export async function loadQueues(manager: EntityManager, tenantId: string): Promise<QueueRow[]> {
  return await queryRows(
    manager,
    QueueRowSchema,
    `SELECT "id", "name", "required_skills", "relaxation", "priority", "is_default", "strategy", "offer_timeout_seconds", "service_level_percent",
            "service_level_seconds", "max_wait_seconds", "overflow_queue", "after_contact_work_seconds", "round_robin_cursor", "counters"
     FROM "routing"."queue" WHERE "tenant_id" = $1 ORDER BY "name"`,
    [tenantId],
  );
}

export async function loadAgents(manager: EntityManager, tenantId: string): Promise<AgentRow[]> {
  return await queryRows(
    manager,
    z.object({
      agent_id: z.string(),
      name: z.string(),
      skills: z.record(z.string(), z.number()),
      queues: z.array(z.string()).nullable(),
      cross_channel: z.record(z.string(), z.union([z.array(z.string()), z.literal('*')])).nullable(),
      capacity: z.record(z.string(), z.number()),
      state: z.enum(['available', 'away', 'offline', 'after-contact-work']),
      state_reason: z.string().nullable(),
      acw_until: z.date().nullable(),
      idle_since: z.date(),
      missed_offers: z.number(),
      acw_epoch: z.number(),
    }),
    `SELECT p."agent_id", p."name", p."skills", p."queues", p."cross_channel", p."state", p."state_reason", p."acw_until", p."idle_since",
            p."missed_offers", p."acw_epoch",
            COALESCE(jsonb_object_agg(l."channel", l."capacity") FILTER (WHERE l."channel" IS NOT NULL), '{}') AS "capacity"
     FROM "routing"."agent_profile" p LEFT JOIN "routing"."agent_channel_load" l ON l."agent_id" = p."agent_id"
     WHERE p."tenant_id" = $1 GROUP BY p."agent_id" ORDER BY p."agent_id"`,
    [tenantId],
  );
}

export async function loadContacts(manager: EntityManager, tenantId: string): Promise<ContactRow[]> {
  return await queryRows(
    manager,
    ContactRowSchema,
    `SELECT c."id", c."channel", c."seq", c."arrived_at", c."requires", c."explicit_priority", c."queue_id", c."priority", c."queue_entered_at",
            c."status", c."step", c."offer_seq", o."agent_id" AS "offer_agent_id", o."offered_at", o."expires_at" AS "offer_expires_at",
            a."agent_id" AS "assigned_agent_id", c."assigned_at", c."last_declined_by", c."preferred_agent_id", c."preferred_until",
            c."wait_epoch", c."queue_epoch", c."preference_epoch"
     FROM "routing"."contact" c
     LEFT JOIN "routing"."offer" o ON o."contact_id" = c."id" AND o."status" = 'pending'
     LEFT JOIN "routing"."assignment" a ON a."contact_id" = c."id" AND a."released_at" IS NULL
     WHERE c."tenant_id" = $1 AND c."status" IN ('waiting', 'offered', 'assigned')
     ORDER BY c."seq", c."arrived_at"`,
    [tenantId],
  );
}

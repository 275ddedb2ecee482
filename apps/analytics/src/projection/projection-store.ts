import type { EntityManager } from 'typeorm';
import { addToReports, type ReportCounter, type ReportDimensions } from '../reports/report-rollup';
import { intervalStart } from './metrics-math';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** Name used for contacts whose queue is not known yet (routing will tell on the first offer). */
export const UNRESOLVED_QUEUE = 'default';

export interface ContactRow {
  contact_id: string;
  tenant_id: string;
  conversation_id: string;
  channel: string;
  queue_name: string;
  requested_queue: string | null;
  queue_confirmed: boolean;
  status: 'waiting' | 'answered' | 'abandoned';
  arrived_at: Date;
  agent_id: string | null;
  answered_at: Date | null;
  closed_at: Date | null;
}

export interface ConversationRow {
  conversation_id: string;
  tenant_id: string;
  customer_id: string | null;
  channel: string | null;
  started_at: Date | null;
  first_response_at: Date | null;
  closed_at: Date | null;
  closed_by_agent_id: string | null;
  awaiting_reply_since: Date | null;
  report_queue: string | null;
  repeat_contact: boolean;
}

export type IntervalCounter =
  | 'contacts_queued'
  | 'contacts_answered'
  | 'answered_within_sl'
  | 'answer_wait_seconds'
  | 'contacts_abandoned'
  | 'abandoned_within_sl'
  | 'abandon_wait_seconds'
  | 'contacts_handled'
  | 'handle_seconds';

/**
 * SQL of the projection. Every function takes the consumer handler's transaction manager: the
 * writes commit together with the inbox record of the event, so each event counts exactly once.
 */
export class ProjectionStore {
  constructor(private readonly manager: EntityManager) {}

  /** Serialises one tenant's projection updates (across topics, partitions and replicas). */
  async lockTenant(tenantId: string): Promise<void> {
    await this.manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`analytics:${tenantId}`]);
  }

  async addToInterval(tenantId: string, queueName: string, at: Date, deltas: Partial<Record<IntervalCounter, number>>): Promise<void> {
    const entries = Object.entries(deltas).filter(([, value]) => value !== 0) as Array<[IntervalCounter, number]>;
    if (entries.length === 0) return;
    const columns = entries.map(([column]) => `"${column}"`).join(', ');
    const values = entries.map((_, index) => `$${index + 4}`).join(', ');
    const updates = entries.map(([column]) => `"${column}" = "interval_stat"."${column}" + EXCLUDED."${column}"`).join(', ');
    await this.manager.query(
      `INSERT INTO "analytics"."interval_stat" ("tenant_id", "queue_name", "interval_start", ${columns}) VALUES ($1, $2, $3, ${values})
       ON CONFLICT ("tenant_id", "interval_start", "queue_name") DO UPDATE SET ${updates}`,
      [tenantId, queueName, intervalStart(at), ...entries.map(([, value]) => value)],
    );
  }

  /** Adds to the report rollups (15-minute and tenant-local day) of the figure's queue, agent and channel. */
  addToReports(tenantId: string, at: Date, dimensions: ReportDimensions, deltas: Partial<Record<ReportCounter, number>>): Promise<void> {
    return addToReports(this.manager, tenantId, at, dimensions, deltas);
  }

  async ensureQueue(tenantId: string, name: string, defaultServiceLevelSeconds: number, queueId?: string): Promise<number> {
    const rows = await queryRows(
      this.manager,
      z.object({ service_level_seconds: z.number() }),
      `INSERT INTO "analytics"."queue" ("tenant_id", "name", "queue_id", "service_level_seconds") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("tenant_id", "name") DO UPDATE SET "queue_id" = COALESCE(EXCLUDED."queue_id", "queue"."queue_id")
       RETURNING "service_level_seconds"`,
      [tenantId, name, queueId ?? null, defaultServiceLevelSeconds],
    );
    return rows[0].service_level_seconds;
  }

  async defaultQueueName(tenantId: string): Promise<string | undefined> {
    const rows = await queryRows(
      this.manager,
      z.object({ name: z.string() }),
      `SELECT "name" FROM "analytics"."queue" WHERE "tenant_id" = $1 AND "is_default" LIMIT 1`,
      [tenantId],
    );
    return rows[0]?.name;
  }

  /** routing put an unqueued (or wrongly queued) contact in this queue: it is the tenant's default. */
  async markDefaultQueue(tenantId: string, name: string): Promise<void> {
    await this.manager.query(`UPDATE "analytics"."queue" SET "is_default" = ("name" = $2) WHERE "tenant_id" = $1`, [tenantId, name]);
  }

  async findContact(contactId: string): Promise<ContactRow | undefined> {
    const rows = await queryRows(
      this.manager,
      z.looseObject({
        contact_id: z.string(),
        tenant_id: z.string(),
        conversation_id: z.string(),
        channel: z.string(),
        queue_name: z.string(),
        requested_queue: z.string().nullable(),
        queue_confirmed: z.boolean(),
        status: z.enum(['waiting', 'answered', 'abandoned']),
        arrived_at: z.date(),
        agent_id: z.string().nullable(),
        answered_at: z.date().nullable(),
        closed_at: z.date().nullable(),
      }),
      `SELECT * FROM "analytics"."contact" WHERE "contact_id" = $1`,
      [contactId],
    );
    return rows[0];
  }

  async insertContact(row: {
    contactId: string;
    tenantId: string;
    conversationId: string;
    customerId?: string;
    channel: string;
    queueName: string;
    requestedQueue: string | null;
    queueConfirmed: boolean;
    arrivedAt: Date;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."contact" ("contact_id", "tenant_id", "conversation_id", "customer_id", "channel", "queue_name", "requested_queue",
         "queue_confirmed", "status", "arrived_at") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'waiting', $9)`,
      [
        row.contactId,
        row.tenantId,
        row.conversationId,
        row.customerId ?? null,
        row.channel,
        row.queueName,
        row.requestedQueue,
        row.queueConfirmed,
        row.arrivedAt,
      ],
    );
  }

  async updateContact(contactId: string, changes: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(changes);
    const sets = entries.map(([column], index) => `"${column}" = $${index + 2}`).join(', ');
    await this.manager.query(`UPDATE "analytics"."contact" SET ${sets} WHERE "contact_id" = $1`, [
      contactId,
      ...entries.map(([, value]) => value),
    ]);
  }

  /** The conversation's contacts still open (a transfer gives a conversation a new contact). */
  async openContactsOfConversation(tenantId: string, conversationId: string): Promise<ContactRow[]> {
    return await queryRows(
      this.manager,
      z.looseObject({
        contact_id: z.string(),
        tenant_id: z.string(),
        conversation_id: z.string(),
        channel: z.string(),
        queue_name: z.string(),
        requested_queue: z.string().nullable(),
        queue_confirmed: z.boolean(),
        status: z.enum(['waiting', 'answered', 'abandoned']),
        arrived_at: z.date(),
        agent_id: z.string().nullable(),
        answered_at: z.date().nullable(),
        closed_at: z.date().nullable(),
      }),
      `SELECT * FROM "analytics"."contact" WHERE "tenant_id" = $1 AND "conversation_id" = $2 AND "closed_at" IS NULL ORDER BY "arrived_at"`,
      [tenantId, conversationId],
    );
  }

  async findConversation(conversationId: string): Promise<ConversationRow | undefined> {
    const rows = await queryRows(
      this.manager,
      z.looseObject({
        conversation_id: z.string(),
        tenant_id: z.string(),
        customer_id: z.string().nullable(),
        channel: z.string().nullable(),
        started_at: z.date().nullable(),
        first_response_at: z.date().nullable(),
        closed_at: z.date().nullable(),
        closed_by_agent_id: z.string().nullable(),
        awaiting_reply_since: z.date().nullable(),
        report_queue: z.string().nullable(),
        repeat_contact: z.boolean(),
      }),
      `SELECT * FROM "analytics"."conversation" WHERE "conversation_id" = $1`,
      [conversationId],
    );
    return rows[0];
  }

  async updateConversation(conversationId: string, changes: Record<string, unknown>): Promise<void> {
    const entries = Object.entries(changes);
    const sets = entries.map(([column], index) => `"${column}" = $${index + 2}`).join(', ');
    await this.manager.query(`UPDATE "analytics"."conversation" SET ${sets} WHERE "conversation_id" = $1`, [
      conversationId,
      ...entries.map(([, value]) => value),
    ]);
  }

  /** The queue of the conversation's latest contact, if routing has been asked for it yet. */
  async latestQueueOfConversation(conversationId: string): Promise<string | undefined> {
    const rows = await queryRows(
      this.manager,
      z.object({ queue_name: z.string() }),
      `SELECT "queue_name" FROM "analytics"."contact" WHERE "conversation_id" = $1 ORDER BY "arrived_at" DESC LIMIT 1`,
      [conversationId],
    );
    return rows[0]?.queue_name;
  }

  /**
   * The customer's conversation closed by an agent within `days` before `at` whose first-contact
   * resolution still stands: a new conversation now makes it a repeat contact.
   */
  async resolvedConversationBefore(tenantId: string, customerId: string, conversationId: string, at: Date, days: number) {
    const rows = await queryRows(
      this.manager,
      z.looseObject({
        conversation_id: z.string(),
        tenant_id: z.string(),
        customer_id: z.string().nullable(),
        channel: z.string().nullable(),
        started_at: z.date().nullable(),
        first_response_at: z.date().nullable(),
        closed_at: z.date().nullable(),
        closed_by_agent_id: z.string().nullable(),
        awaiting_reply_since: z.date().nullable(),
        report_queue: z.string().nullable(),
        repeat_contact: z.boolean(),
      }),
      `SELECT * FROM "analytics"."conversation"
       WHERE "tenant_id" = $1 AND "customer_id" = $2 AND "conversation_id" <> $3 AND "closed_by_agent_id" IS NOT NULL
         AND NOT "repeat_contact" AND "closed_at" < $4 AND "closed_at" >= $4::timestamptz - make_interval(days => $5)
       ORDER BY "closed_at" DESC LIMIT 1`,
      [tenantId, customerId, conversationId, at, days],
    );
    return rows[0];
  }

  async conversationClosure(conversationId: string): Promise<{ closed_at: Date; closed_by_agent_id: string | null } | undefined> {
    const rows = await queryRows(
      this.manager,
      z.object({ closed_at: z.date(), closed_by_agent_id: z.string().nullable() }),
      `SELECT "closed_at", "closed_by_agent_id" FROM "analytics"."conversation" WHERE "conversation_id" = $1 AND "closed_at" IS NOT NULL`,
      [conversationId],
    );
    return rows[0];
  }

  async upsertConversation(row: {
    conversationId: string;
    tenantId: string;
    customerId?: string;
    channel?: string;
    startedAt?: Date;
    firstResponseAt?: Date;
    closedAt?: Date;
    closedByAgentId?: string;
  }): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."conversation" ("conversation_id", "tenant_id", "customer_id", "channel", "started_at", "first_response_at", "closed_at", "closed_by_agent_id")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT ("conversation_id") DO UPDATE SET
         "customer_id" = COALESCE("conversation"."customer_id", EXCLUDED."customer_id"),
         "channel" = COALESCE("conversation"."channel", EXCLUDED."channel"),
         "started_at" = LEAST("conversation"."started_at", EXCLUDED."started_at"),
         "first_response_at" = LEAST("conversation"."first_response_at", EXCLUDED."first_response_at"),
         "closed_at" = COALESCE(EXCLUDED."closed_at", "conversation"."closed_at"),
         "closed_by_agent_id" = COALESCE(EXCLUDED."closed_by_agent_id", "conversation"."closed_by_agent_id")`,
      [
        row.conversationId,
        row.tenantId,
        row.customerId ?? null,
        row.channel ?? null,
        row.startedAt ?? null,
        row.firstResponseAt ?? null,
        row.closedAt ?? null,
        row.closedByAgentId ?? null,
      ],
    );
  }

  /** Creates the agent if unknown; applies the state only if it is not older than the one held. */
  async applyAgentState(tenantId: string, agentId: string, state: string, reason: string | null, since: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."agent" ("agent_id", "tenant_id", "state", "state_reason", "state_since") VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT ("agent_id") DO UPDATE SET "state" = EXCLUDED."state", "state_reason" = EXCLUDED."state_reason", "state_since" = EXCLUDED."state_since"
       WHERE "agent"."state_since" <= EXCLUDED."state_since"`,
      [agentId, tenantId, state, reason, since],
    );
  }

  /** An agent seen only through an assignment is known to be working; its status event may follow. */
  async ensureAgent(tenantId: string, agentId: string, seenAt: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."agent" ("agent_id", "tenant_id", "state", "state_since") VALUES ($1, $2, 'available', $3) ON CONFLICT DO NOTHING`,
      [agentId, tenantId, seenAt],
    );
  }

  async nameAgent(tenantId: string, agentId: string, name: string): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."agent" ("agent_id", "tenant_id", "name", "state", "state_since") VALUES ($1, $2, $3, 'available', now())
       ON CONFLICT ("agent_id") DO UPDATE SET "name" = EXCLUDED."name"`,
      [agentId, tenantId, name],
    );
  }

  async linkAgentToQueue(tenantId: string, agentId: string, queueName: string, at: Date): Promise<void> {
    await this.manager.query(
      `INSERT INTO "analytics"."agent_queue" ("agent_id", "tenant_id", "queue_name", "last_offered_at") VALUES ($1, $2, $3, $4)
       ON CONFLICT ("agent_id", "queue_name") DO UPDATE SET "last_offered_at" = GREATEST("agent_queue"."last_offered_at", EXCLUDED."last_offered_at")`,
      [agentId, tenantId, queueName, at],
    );
  }
}

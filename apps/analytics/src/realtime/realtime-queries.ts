import type { DataSource } from 'typeorm';
import type { AgentState } from '../projection/metrics-math';

export interface QueueRow {
  name: string;
  queueId: string | null;
  isDefault: boolean;
  serviceLevelSeconds: number;
}

export interface WaitingRow {
  queueName: string;
  waiting: number;
  oldestArrivedAt: Date | null;
}

export interface QueueTotalsRow {
  queueName: string;
  contactsQueued: number;
  contactsAnswered: number;
  answeredWithinThreshold: number;
  answerWaitSeconds: number;
  contactsAbandoned: number;
  abandonedWithinThreshold: number;
  contactsHandled: number;
  handleSeconds: number;
}

export interface AgentContact {
  contactId: string;
  conversationId: string;
  channel: string;
  queueName: string;
  assignedAt: string;
}

export interface AgentRow {
  agentId: string;
  name: string | null;
  state: AgentState;
  stateReason: string | null;
  stateSince: Date;
  contacts: AgentContact[];
  queues: string[];
  contactsAnsweredToday: number;
}

/** Read side of the projection, always filtered by the caller's tenant. */
export class RealtimeQueries {
  constructor(private readonly dataSource: DataSource) {}

  queues(tenantId: string): Promise<QueueRow[]> {
    return this.dataSource.query(
      `SELECT "name", "queue_id" AS "queueId", "is_default" AS "isDefault", "service_level_seconds" AS "serviceLevelSeconds"
       FROM "analytics"."queue" WHERE "tenant_id" = $1 ORDER BY "name"`,
      [tenantId],
    );
  }

  waiting(tenantId: string): Promise<WaitingRow[]> {
    return this.dataSource.query(
      `SELECT "queue_name" AS "queueName", count(*)::int AS "waiting", min("arrived_at") AS "oldestArrivedAt"
       FROM "analytics"."contact" WHERE "tenant_id" = $1 AND "status" = 'waiting' GROUP BY "queue_name"`,
      [tenantId],
    );
  }

  /** Interval counters summed per queue over [from, to). */
  totals(tenantId: string, from: Date, to: Date): Promise<QueueTotalsRow[]> {
    return this.dataSource.query(
      `SELECT "queue_name" AS "queueName",
              sum("contacts_queued")::int AS "contactsQueued", sum("contacts_answered")::int AS "contactsAnswered",
              sum("answered_within_sl")::int AS "answeredWithinThreshold", sum("answer_wait_seconds")::float8 AS "answerWaitSeconds",
              sum("contacts_abandoned")::int AS "contactsAbandoned", sum("abandoned_within_sl")::int AS "abandonedWithinThreshold",
              sum("contacts_handled")::int AS "contactsHandled", sum("handle_seconds")::float8 AS "handleSeconds"
       FROM "analytics"."interval_stat" WHERE "tenant_id" = $1 AND "interval_start" >= $2 AND "interval_start" < $3 GROUP BY "queue_name"`,
      [tenantId, from, to],
    );
  }

  agents(tenantId: string, since: Date): Promise<AgentRow[]> {
    return this.dataSource.query(
      `SELECT a."agent_id" AS "agentId", a."name", a."state", a."state_reason" AS "stateReason", a."state_since" AS "stateSince",
              COALESCE((SELECT jsonb_agg(jsonb_build_object('contactId', c."contact_id", 'conversationId', c."conversation_id", 'channel', c."channel",
                                         'queueName', c."queue_name", 'assignedAt', c."answered_at") ORDER BY c."answered_at")
                        FROM "analytics"."contact" c
                        WHERE c."agent_id" = a."agent_id" AND c."tenant_id" = a."tenant_id" AND c."status" = 'answered' AND c."closed_at" IS NULL), '[]') AS "contacts",
              COALESCE((SELECT array_agg(q."queue_name" ORDER BY q."queue_name") FROM "analytics"."agent_queue" q WHERE q."agent_id" = a."agent_id"), '{}') AS "queues",
              (SELECT count(*)::int FROM "analytics"."contact" c WHERE c."agent_id" = a."agent_id" AND c."tenant_id" = a."tenant_id" AND c."answered_at" >= $2)
                AS "contactsAnsweredToday"
       FROM "analytics"."agent" a WHERE a."tenant_id" = $1 ORDER BY a."name" NULLS LAST, a."agent_id"`,
      [tenantId, since],
    );
  }

  /** Contacts that were in a queue at some point of [from, now]: enough to replay the waiting count. */
  queueStays(tenantId: string, from: Date): Promise<Array<{ queueName: string; arrivedAt: Date; leftAt: Date | null }>> {
    return this.dataSource.query(
      `SELECT "queue_name" AS "queueName", "arrived_at" AS "arrivedAt", COALESCE("answered_at", "abandoned_at") AS "leftAt"
       FROM "analytics"."contact"
       WHERE "tenant_id" = $1 AND ("status" = 'waiting' OR COALESCE("answered_at", "abandoned_at") > $2)`,
      [tenantId, from],
    );
  }
}

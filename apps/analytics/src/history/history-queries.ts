import type { DataSource } from 'typeorm';
import { intervalStart } from '../projection/metrics-math';
import type { HistoryRange } from './history.schemas';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/** A contact is resolved on first contact when the customer opens no new conversation this long after it closed. */
export const REPEAT_CONTACT_WINDOW_DAYS = 7;

export interface IntervalRow {
  intervalStart: Date;
  contactsQueued: number;
  contactsAnswered: number;
  answeredWithinThreshold: number;
  answerWaitSeconds: number;
  contactsAbandoned: number;
  contactsHandled: number;
  handleSeconds: number;
}

export interface ContactKpiRow {
  contactsQueued: number;
  contactsAnswered: number;
  answeredWithinThreshold: number;
  averageSpeedOfAnswerSeconds: number | null;
  contactsAbandoned: number;
  contactsHandled: number;
  averageHandleTimeSeconds: number | null;
}

export interface ConversationKpiRow {
  firstResponses: number;
  averageFirstResponseSeconds: number | null;
  conversationsClosed: number;
  resolvedOnFirstContact: number;
}

export class HistoryQueries {
  constructor(private readonly dataSource: DataSource) {}

  intervals(tenantId: string, range: HistoryRange): Promise<IntervalRow[]> {
    return this.dataSource.query(
      `SELECT "interval_start" AS "intervalStart",
              sum("contacts_queued")::int AS "contactsQueued", sum("contacts_answered")::int AS "contactsAnswered",
              sum("answered_within_sl")::int AS "answeredWithinThreshold", sum("answer_wait_seconds")::float8 AS "answerWaitSeconds",
              sum("contacts_abandoned")::int AS "contactsAbandoned", sum("contacts_handled")::int AS "contactsHandled",
              sum("handle_seconds")::float8 AS "handleSeconds"
       FROM "analytics"."interval_stat"
       WHERE "tenant_id" = $1 AND "interval_start" >= $2 AND "interval_start" < $3
         AND ($4::text IS NULL OR "queue_name" = $4)
       GROUP BY "interval_start" ORDER BY "interval_start"`,
      [tenantId, intervalStart(range.from), range.to, range.queue ?? null],
    );
  }

  /** Exact figures over the range from the contact facts (not rounded to intervals). */
  async contactKpis(tenantId: string, range: HistoryRange): Promise<ContactKpiRow> {
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({
        contactsQueued: z.number(),
        contactsAnswered: z.number(),
        answeredWithinThreshold: z.number(),
        averageSpeedOfAnswerSeconds: z.number().nullable(),
        contactsAbandoned: z.number(),
        contactsHandled: z.number(),
        averageHandleTimeSeconds: z.number().nullable(),
      }),
      `SELECT count(*) FILTER (WHERE "arrived_at" >= $2 AND "arrived_at" < $3)::int AS "contactsQueued",
              count(*) FILTER (WHERE "answered_at" >= $2 AND "answered_at" < $3)::int AS "contactsAnswered",
              count(*) FILTER (WHERE "answered_at" >= $2 AND "answered_at" < $3 AND "within_service_level")::int AS "answeredWithinThreshold",
              avg("waited_seconds") FILTER (WHERE "answered_at" >= $2 AND "answered_at" < $3)::float8 AS "averageSpeedOfAnswerSeconds",
              count(*) FILTER (WHERE "abandoned_at" >= $2 AND "abandoned_at" < $3)::int AS "contactsAbandoned",
              count(*) FILTER (WHERE "status" = 'answered' AND "closed_at" >= $2 AND "closed_at" < $3)::int AS "contactsHandled",
              avg(extract(epoch FROM "closed_at" - "answered_at")) FILTER (WHERE "status" = 'answered' AND "closed_at" >= $2 AND "closed_at" < $3)::float8
                AS "averageHandleTimeSeconds"
       FROM "analytics"."contact"
       WHERE "tenant_id" = $1 AND "arrived_at" < $3 AND ($4::text IS NULL OR "queue_name" = $4)`,
      [tenantId, range.from, range.to, range.queue ?? null],
    );
    return rows[0];
  }

  async conversationKpis(tenantId: string, range: HistoryRange): Promise<ConversationKpiRow> {
    const inQueue = `($4::text IS NULL OR EXISTS (SELECT 1 FROM "analytics"."contact" k WHERE k."conversation_id" = c."conversation_id" AND k."queue_name" = $4))`;
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({
        firstResponses: z.number(),
        averageFirstResponseSeconds: z.number().nullable(),
        conversationsClosed: z.number(),
        resolvedOnFirstContact: z.number(),
      }),
      `SELECT
         (SELECT count(*)::int FROM "analytics"."conversation" c
            WHERE c."tenant_id" = $1 AND c."first_response_at" >= $2 AND c."first_response_at" < $3 AND c."started_at" <= c."first_response_at" AND ${inQueue})
           AS "firstResponses",
         (SELECT avg(extract(epoch FROM c."first_response_at" - c."started_at"))::float8 FROM "analytics"."conversation" c
            WHERE c."tenant_id" = $1 AND c."first_response_at" >= $2 AND c."first_response_at" < $3 AND c."started_at" <= c."first_response_at" AND ${inQueue})
           AS "averageFirstResponseSeconds",
         (SELECT count(*)::int FROM "analytics"."conversation" c
            WHERE c."tenant_id" = $1 AND c."closed_at" >= $2 AND c."closed_at" < $3 AND c."closed_by_agent_id" IS NOT NULL AND ${inQueue})
           AS "conversationsClosed",
         (SELECT count(*)::int FROM "analytics"."conversation" c
            WHERE c."tenant_id" = $1 AND c."closed_at" >= $2 AND c."closed_at" < $3 AND c."closed_by_agent_id" IS NOT NULL AND ${inQueue}
              AND NOT EXISTS (SELECT 1 FROM "analytics"."conversation" n
                              WHERE n."tenant_id" = c."tenant_id" AND n."customer_id" = c."customer_id" AND n."conversation_id" <> c."conversation_id"
                                AND n."started_at" > c."closed_at" AND n."started_at" <= c."closed_at" + interval '${REPEAT_CONTACT_WINDOW_DAYS} days'))
           AS "resolvedOnFirstContact"`,
      [tenantId, range.from, range.to, range.queue ?? null],
    );
    return rows[0];
  }
}

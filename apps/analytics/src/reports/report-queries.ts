import type { DataSource } from 'typeorm';
import type { ReportSums } from './report-metrics';
import type { RollupSegments } from './report-range';
import type { ReportFilters } from './reports.schemas';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

const SUMS = `sum("contacts_queued")::int AS "contactsQueued", sum("contacts_answered")::int AS "contactsAnswered",
  sum("answered_within_sl")::int AS "answeredWithinThreshold", sum("answer_wait_seconds")::float8 AS "answerWaitSeconds",
  sum("contacts_abandoned")::int AS "contactsAbandoned", sum("contacts_handled")::int AS "contactsHandled",
  sum("handle_seconds")::float8 AS "handleSeconds", sum("first_responses")::int AS "firstResponses",
  sum("first_response_seconds")::float8 AS "firstResponseSeconds", sum("next_responses")::int AS "nextResponses",
  sum("next_response_seconds")::float8 AS "nextResponseSeconds", sum("conversations_opened")::int AS "conversationsOpened",
  sum("conversations_closed")::int AS "conversationsClosed", sum("conversations_resolved")::int AS "conversationsResolved",
  sum("resolution_seconds")::float8 AS "resolutionSeconds", sum("resolved_first_contact")::int AS "resolvedFirstContact"`;

/** What the rows are grouped by: a dimension, or a bucket of the tenant's calendar (`$9` is its time zone). */
export type RollupKey = 'none' | 'queue' | 'agent' | 'channel' | 'hour' | 'day' | 'week';

const KEY_EXPRESSIONS: Record<RollupKey, string> = {
  none: `''`,
  queue: `"queue_name"`,
  agent: `"agent_id"`,
  channel: `"channel"`,
  hour: `(date_trunc('hour', "bucket_start" AT TIME ZONE $9::text) AT TIME ZONE $9::text)::text`,
  day: `(date_trunc('day', "bucket_start" AT TIME ZONE $9::text) AT TIME ZONE $9::text)::text`,
  week: `(date_trunc('week', "bucket_start" AT TIME ZONE $9::text) AT TIME ZONE $9::text)::text`,
};

const count = z.number().int();
const seconds = z.number();
/** A row of `SUMS` with its key: the `::int` sums are integers, the `::float8` ones seconds. */
const KeyedSumsRow = z.object({
  key: z.string(),
  contactsQueued: count,
  contactsAnswered: count,
  answeredWithinThreshold: count,
  answerWaitSeconds: seconds,
  contactsAbandoned: count,
  contactsHandled: count,
  handleSeconds: seconds,
  firstResponses: count,
  firstResponseSeconds: seconds,
  nextResponses: count,
  nextResponseSeconds: seconds,
  conversationsOpened: count,
  conversationsClosed: count,
  conversationsResolved: count,
  resolutionSeconds: seconds,
  resolvedFirstContact: count,
}) satisfies z.ZodType<ReportSums & { key: string }>;
export type KeyedSums = z.infer<typeof KeyedSumsRow>;

/** Reads of the report rollups (ADR 0064); always within one tenant. */
export class ReportQueries {
  constructor(private readonly dataSource: DataSource) {}

  async sums(tenantId: string, segments: RollupSegments, filters: ReportFilters, key: RollupKey, timeZone: string): Promise<KeyedSums[]> {
    const where = `"tenant_id" = $1 AND ($6::text IS NULL OR "queue_name" = $6) AND ($7::text IS NULL OR "agent_id" = $7)
      AND ($8::text IS NULL OR "channel" = $8)`;
    const rows = await queryRows(
      this.dataSource,
      KeyedSumsRow,
      `WITH rows AS (
         SELECT * FROM "analytics"."report_stat" WHERE "grain" = '15m' AND "bucket_start" >= $2 AND "bucket_start" < $3 AND ${where}
         UNION ALL
         SELECT * FROM "analytics"."report_stat" WHERE "grain" = 'day' AND "bucket_start" >= $3 AND "bucket_start" < $4 AND ${where}
         UNION ALL
         SELECT * FROM "analytics"."report_stat" WHERE "grain" = '15m' AND "bucket_start" >= $4 AND "bucket_start" < $5 AND ${where}
       )
       SELECT ${KEY_EXPRESSIONS[key]} AS "key", ${SUMS} FROM rows WHERE $9::text IS NOT NULL GROUP BY 1`,
      [
        tenantId,
        segments.from,
        segments.fullDaysFrom,
        segments.fullDaysTo,
        segments.to,
        filters.queue ?? null,
        filters.agent ?? null,
        filters.channel ?? null,
        timeZone,
      ],
    );
    return rows;
  }

  async queueExists(tenantId: string, name: string): Promise<boolean> {
    const rows = await queryRows(this.dataSource, z.unknown(), `SELECT 1 FROM "analytics"."queue" WHERE "tenant_id" = $1 AND "name" = $2`, [
      tenantId,
      name,
    ]);
    return rows.length > 0;
  }

  async agentExists(tenantId: string, agentId: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT 1 FROM "analytics"."agent" WHERE "tenant_id" = $1 AND "agent_id" = $2`,
      [tenantId, agentId],
    );
    return rows.length > 0;
  }

  async agentNames(tenantId: string): Promise<Map<string, string>> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ agent_id: z.string(), name: z.string() }),
      `SELECT "agent_id", "name" FROM "analytics"."agent" WHERE "tenant_id" = $1 AND "name" IS NOT NULL`,
      [tenantId],
    );
    return new Map(rows.map((row) => [row.agent_id, row.name]));
  }

  async timeZone(tenantId: string): Promise<string | undefined> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ time_zone: z.string() }),
      `SELECT "time_zone" FROM "analytics"."tenant_setting" WHERE "tenant_id" = $1`,
      [tenantId],
    );
    return rows[0]?.time_zone;
  }
}

import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

/**
 * The report rollups a tenant's history leaves behind (ADR 0064), written straight into
 * analytics' tables: replaying 10,000,000 messages through Kafka would take this 2-core machine
 * hours, and the rollup *write* path is what the integration tests check. What is seeded is what a
 * report reads: one 15-minute row per (interval, queue, agent, channel) that had a contact, one row
 * per local day for the same, plus the agents and queues the filters check.
 */
export interface HistoryShape {
  tenantId: string;
  timeZone: string;
  days: number;
  /** Messages over the whole history; conversations = messages / messagesPerConversation. */
  messages: number;
  messagesPerConversation: number;
  queues: string[];
  agentIds: string[];
  channels: string[];
  /** The history ends at this instant (the last interval before it). */
  endsAt: Date;
}

export interface SeededHistory {
  conversations: number;
  intervalRows: number;
  dayRows: number;
}

export async function seedHistory(db: DataSource, shape: HistoryShape): Promise<SeededHistory> {
  const conversations = Math.round(shape.messages / shape.messagesPerConversation);
  const intervals = shape.days * 96;
  const perInterval = conversations / intervals;
  await db.query(
    `INSERT INTO "analytics"."tenant_setting" ("tenant_id", "time_zone", "revision") VALUES ($1, $2, 1) ON CONFLICT DO NOTHING`,
    [shape.tenantId, shape.timeZone],
  );
  for (const queue of shape.queues) {
    await db.query(
      `INSERT INTO "analytics"."queue" ("tenant_id", "name", "service_level_seconds") VALUES ($1, $2, 20) ON CONFLICT DO NOTHING`,
      [shape.tenantId, queue],
    );
  }
  for (const [index, agentId] of shape.agentIds.entries()) {
    await db.query(
      `INSERT INTO "analytics"."agent" ("agent_id", "tenant_id", "name", "state", "state_since") VALUES ($1, $2, $3, 'available', now()) ON CONFLICT DO NOTHING`,
      [agentId, shape.tenantId, `Agent ${index + 1}`],
    );
  }
  // Each interval: perInterval contacts, each answered and handled by one agent of the queue, in
  // one channel; arrivals and abandons (no agent) per queue and channel. A daily curve (busy 09-17
  // local) and a little noise keep the numbers from being uniform.
  const end = new Date(Math.floor(shape.endsAt.getTime() / 900_000) * 900_000);
  const start = new Date(end.getTime() - intervals * 900_000);
  const common = [shape.tenantId, start, end, shape.queues, shape.agentIds, shape.channels, perInterval, shape.timeZone];
  const contactRows = `
    WITH slots AS (
      SELECT s AS bucket, greatest(0.2, 1.6 * sin(pi() * (extract(hour FROM s AT TIME ZONE $8::text) + 0.5) / 24)) AS curve
      FROM generate_series($2::timestamptz, $3::timestamptz - interval '15 minutes', interval '15 minutes') s
    ), contacts AS (
      SELECT bucket, n, (hashtext(bucket::text || n) & 2147483647) AS h
      FROM slots, generate_series(1, greatest(1, round($7::float8 * curve)::int)) n
    )`;
  await db.query(
    `${contactRows}
     INSERT INTO "analytics"."report_stat" ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel",
       "contacts_answered", "answered_within_sl", "answer_wait_seconds", "contacts_handled", "handle_seconds",
       "first_responses", "first_response_seconds", "next_responses", "next_response_seconds", "conversations_closed",
       "conversations_resolved", "resolution_seconds", "resolved_first_contact")
     SELECT $1::uuid, '15m', bucket, ($4::text[])[1 + h % cardinality($4::text[])], ($5::text[])[1 + (h / 7) % cardinality($5::text[])],
            ($6::text[])[1 + (h / 11) % cardinality($6::text[])],
            count(*), count(*) FILTER (WHERE h % 10 < 8), sum(h % 40), count(*), sum(200 + h % 400),
            count(*), sum(30 + h % 120), sum(3), sum(3 * (20 + h % 90)), count(*), count(*), sum(900 + h % 3600), count(*) FILTER (WHERE h % 10 < 7)
     FROM contacts GROUP BY 1, 2, 3, 4, 5, 6`,
    common,
  );
  await db.query(
    `${contactRows}
     INSERT INTO "analytics"."report_stat" ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel",
       "contacts_queued", "contacts_abandoned", "conversations_opened", "conversations_closed")
     SELECT $1::uuid, '15m', bucket, ($4::text[])[1 + h % cardinality($4::text[])], '', ($6::text[])[1 + (h / 11) % cardinality($6::text[])],
            count(*) + count(*) FILTER (WHERE h % 20 = 0), count(*) FILTER (WHERE h % 20 = 0), count(*) + count(*) FILTER (WHERE h % 20 = 0),
            count(*) FILTER (WHERE h % 20 = 0)
     FROM contacts WHERE cardinality($5::text[]) > 0 GROUP BY 1, 2, 3, 4, 5, 6
     ON CONFLICT ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel") DO NOTHING`,
    common,
  );
  // The tenant-day rows are the sums of its 15-minute rows per local day (what the handlers write).
  await db.query(
    `INSERT INTO "analytics"."report_stat"
     SELECT "tenant_id", 'day', date_trunc('day', "bucket_start" AT TIME ZONE $2::text) AT TIME ZONE $2::text, "queue_name", "agent_id", "channel",
       sum("contacts_queued"), sum("contacts_answered"), sum("answered_within_sl"), sum("answer_wait_seconds"), sum("contacts_abandoned"),
       sum("contacts_handled"), sum("handle_seconds"), sum("first_responses"), sum("first_response_seconds"), sum("next_responses"),
       sum("next_response_seconds"), sum("conversations_opened"), sum("conversations_closed"), sum("conversations_resolved"),
       sum("resolution_seconds"), sum("resolved_first_contact")
     FROM "analytics"."report_stat" WHERE "tenant_id" = $1 AND "grain" = '15m' GROUP BY 1, 2, 3, 4, 5, 6`,
    [shape.tenantId, shape.timeZone],
  );
  await db.query(`ANALYZE "analytics"."report_stat"`);
  const counts = await queryRows(
    db,
    z.looseObject({ conversations: z.number(), intervalRows: z.number(), dayRows: z.number() }),
    `SELECT count(*) FILTER (WHERE "grain" = '15m')::int AS "intervalRows", count(*) FILTER (WHERE "grain" = 'day')::int AS "dayRows",
            coalesce(sum("conversations_opened") FILTER (WHERE "grain" = '15m'), 0)::int AS "conversations"
     FROM "analytics"."report_stat" WHERE "tenant_id" = $1`,
    [shape.tenantId],
  );
  return counts[0];
}

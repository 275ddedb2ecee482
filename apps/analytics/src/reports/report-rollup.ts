import type { EntityManager } from 'typeorm';
import { intervalStart } from '../projection/metrics-math';

export type ReportCounter =
  | 'contacts_queued'
  | 'contacts_answered'
  | 'answered_within_sl'
  | 'answer_wait_seconds'
  | 'contacts_abandoned'
  | 'contacts_handled'
  | 'handle_seconds'
  | 'first_responses'
  | 'first_response_seconds'
  | 'next_responses'
  | 'next_response_seconds'
  | 'conversations_opened'
  | 'conversations_closed'
  | 'conversations_resolved'
  | 'resolution_seconds'
  | 'resolved_first_contact';

/** Who a figure belongs to; `agentId` is null when no agent was involved (an arrival, an abandon). */
export interface ReportDimensions {
  queueName: string;
  agentId: string | null;
  channel: string;
}

/** When a tenant has announced no time zone yet, its day is the UTC day. */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * Adds to a tenant's report rollups (ADR 0064), in the handler's transaction (so the inbox makes it
 * exactly once). One statement writes both grains: the 15-minute bucket and the tenant's local day,
 * whose midnight PostgreSQL works out in the time zone the tenant has announced.
 */
export async function addToReports(
  manager: EntityManager,
  tenantId: string,
  at: Date,
  dimensions: ReportDimensions,
  deltas: Partial<Record<ReportCounter, number>>,
): Promise<void> {
  const entries = Object.entries(deltas).filter(([, value]) => value !== 0 && value !== undefined) as Array<[ReportCounter, number]>;
  if (entries.length === 0) return;
  const columns = entries.map(([column]) => `"${column}"`).join(', ');
  const values = entries.map((_, index) => `$${index + 7}::float8`).join(', ');
  const updates = entries.map(([column]) => `"${column}" = "report_stat"."${column}" + EXCLUDED."${column}"`).join(', ');
  await manager.query(
    `WITH zone AS (
       SELECT COALESCE((SELECT "time_zone" FROM "analytics"."tenant_setting" WHERE "tenant_id" = $1::uuid), '${DEFAULT_TIME_ZONE}') AS tz
     )
     INSERT INTO "analytics"."report_stat" ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel", ${columns})
     SELECT $1::uuid, '15m', $3::timestamptz, $4::text, $5::text, $6::text, ${values}
     UNION ALL
     SELECT $1::uuid, 'day', date_trunc('day', $2::timestamptz AT TIME ZONE zone.tz) AT TIME ZONE zone.tz, $4::text, $5::text, $6::text, ${values} FROM zone
     ON CONFLICT ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel") DO UPDATE SET ${updates}`,
    [
      tenantId,
      at,
      intervalStart(at),
      dimensions.queueName,
      dimensions.agentId ?? '',
      dimensions.channel,
      ...entries.map(([, value]) => value),
    ],
  );
}

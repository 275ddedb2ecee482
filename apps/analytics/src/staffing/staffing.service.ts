import { TZDate } from '@date-fns/tz';
import { Inject, Injectable } from '@nestjs/common';
import { sameWeekdayForecast, staffingPlan, type IntervalLoad } from '@garda/staffing';
import { CONFIG, InvalidInputError, queryRows } from '@garda/service-kit';
import { addDays, addMinutes, format } from 'date-fns';
import { DataSource } from 'typeorm';
import type { AnalyticsConfig } from '../analytics.config';
import { INTERVAL_MINUTES } from '../projection/metrics-math';
import { DEFAULT_TIME_ZONE } from '../reports/report-rollup';
import type { StaffingQuery } from './staffing.schemas';
import { z } from 'zod';

const LoadRow = z.object({ intervalStart: z.date(), arrivals: z.number(), handled: z.number(), handleSeconds: z.number() });

/**
 * Staffing advice (docs/reports.md#staffing, ADR 0065): Erlang C per 15-minute interval of one
 * local day, from the arrivals and handle time analytics observed, or a same-weekday forecast,
 * beside the agents who were on a contact in each interval and the agents logged in now.
 */
@Injectable()
export class StaffingService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: AnalyticsConfig,
  ) {}

  async advice(tenantId: string, query: StaffingQuery, now = new Date()) {
    const timeZone = await this.timeZoneOf(tenantId);
    const threshold = query.thresholdSeconds ?? (await this.thresholdOf(tenantId, query.queue));
    const date = query.date ?? format(new TZDate(now, timeZone), 'yyyy-MM-dd');
    const [year, month, day] = date.split('-').map(Number);
    const dayStart = new TZDate(year, month - 1, day, timeZone);
    const starts = this.intervalStarts(dayStart);
    const loads =
      query.basis === 'observed'
        ? await this.loads(tenantId, query.queue, dayStart, starts.length)
        : sameWeekdayForecast(
            await Promise.all(
              Array.from({ length: query.weeks }, (_, week) =>
                this.loads(tenantId, query.queue, addDays(dayStart, -7 * (week + 1)), starts.length),
              ),
            ),
            starts.map((start) => start.toISOString()),
          );
    const plan = staffingPlan(loads, {
      targetPercent: query.targetPercent,
      thresholdSeconds: threshold,
      intervalMinutes: INTERVAL_MINUTES,
      volumeChangePercent: query.volumeChangePercent,
      ahtSeconds: query.ahtSeconds,
      concurrency: query.concurrency,
    });
    const [onContact, loggedIn] = await Promise.all([
      this.agentsOnContact(tenantId, query.queue, starts[0], starts.length),
      this.agentsLoggedIn(tenantId, query.queue),
    ]);
    const peak = plan.reduce((best, interval) => (interval.agentsNeeded > best.agentsNeeded ? interval : best), plan[0]);
    return {
      date,
      timeZone,
      queue: query.queue ?? null,
      basis: query.basis,
      weeks: query.basis === 'forecast' ? query.weeks : null,
      inputs: {
        targetPercent: query.targetPercent,
        thresholdSeconds: threshold,
        ahtSeconds: query.ahtSeconds ?? null,
        volumeChangePercent: query.volumeChangePercent,
        concurrency: query.concurrency,
      },
      intervalMinutes: INTERVAL_MINUTES,
      agentsLoggedInNow: loggedIn,
      peak: { intervalStart: peak.intervalStart, agentsNeeded: peak.agentsNeeded },
      intervals: plan.map((interval, index) => ({ ...interval, agentsOnContact: onContact[index] ?? 0 })),
    };
  }

  /** The local day's intervals (92 or 100 on a daylight-saving day). */
  private intervalStarts(dayStart: Date): Date[] {
    const end = addDays(dayStart, 1).getTime();
    const starts: Date[] = [];
    for (let start = new Date(dayStart.getTime()); start.getTime() < end; start = addMinutes(start, INTERVAL_MINUTES)) starts.push(start);
    return starts;
  }

  /** Arrivals and handle time per interval of the day starting at `dayStart`, from the 15-minute report rollups. */
  private async loads(tenantId: string, queue: string | undefined, dayStart: Date, count: number): Promise<IntervalLoad[]> {
    const from = new Date(dayStart.getTime());
    const to = addMinutes(from, count * INTERVAL_MINUTES);
    const rows = await queryRows(
      this.dataSource,
      LoadRow,
      `SELECT "bucket_start" AS "intervalStart", sum("contacts_queued")::int AS "arrivals", sum("contacts_handled")::int AS "handled",
              sum("handle_seconds")::float8 AS "handleSeconds"
       FROM "analytics"."report_stat"
       WHERE "tenant_id" = $1 AND "grain" = '15m' AND "bucket_start" >= $2 AND "bucket_start" < $3 AND ($4::text IS NULL OR "queue_name" = $4)
       GROUP BY 1`,
      [tenantId, from, to, queue ?? null],
    );
    const byStart = new Map(rows.map((row) => [new Date(row.intervalStart).getTime(), row]));
    return Array.from({ length: count }, (_, index) => {
      const start = addMinutes(from, index * INTERVAL_MINUTES);
      const row = byStart.get(start.getTime());
      return {
        intervalStart: start.toISOString(),
        arrivals: row?.arrivals ?? 0,
        averageHandleTimeSeconds: row && row.handled > 0 ? row.handleSeconds / row.handled : null,
      };
    });
  }

  private async agentsOnContact(tenantId: string, queue: string | undefined, from: Date, count: number): Promise<number[]> {
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({ agents: z.number() }),
      `SELECT s AS "intervalStart", count(DISTINCT c."agent_id")::int AS "agents"
       FROM generate_series($2::timestamptz, $2::timestamptz + ($3::int - 1) * interval '15 minutes', interval '15 minutes') s
       LEFT JOIN "analytics"."contact" c ON c."tenant_id" = $1 AND c."status" = 'answered' AND c."agent_id" IS NOT NULL
         AND c."answered_at" < s + interval '15 minutes' AND (c."closed_at" IS NULL OR c."closed_at" > s)
         AND c."arrived_at" > $2::timestamptz - interval '2 days' AND ($4::text IS NULL OR c."queue_name" = $4)
       GROUP BY s ORDER BY s`,
      [tenantId, from, count, queue ?? null],
    );
    return rows.map((row) => row.agents);
  }

  private async agentsLoggedIn(tenantId: string, queue: string | undefined): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      z.looseObject({ agents: z.number() }),
      `SELECT count(*)::int AS "agents" FROM "analytics"."agent" a
       WHERE a."tenant_id" = $1 AND a."state" <> 'offline'
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM "analytics"."agent_queue" q WHERE q."agent_id" = a."agent_id" AND q."queue_name" = $2))`,
      [tenantId, queue ?? null],
    );
    return rows[0].agents;
  }

  private async timeZoneOf(tenantId: string): Promise<string> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ time_zone: z.string() }),
      `SELECT "time_zone" FROM "analytics"."tenant_setting" WHERE "tenant_id" = $1`,
      [tenantId],
    );
    return rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
  }

  /** The queue's own service-level threshold; an unknown queue is the caller's mistake. */
  private async thresholdOf(tenantId: string, queue: string | undefined): Promise<number> {
    if (!queue) return this.config.ANALYTICS_SERVICE_LEVEL_SECONDS;
    const rows = await queryRows(
      this.dataSource,
      z.object({ service_level_seconds: z.number() }),
      `SELECT "service_level_seconds" FROM "analytics"."queue" WHERE "tenant_id" = $1 AND "name" = $2`,
      [tenantId, queue],
    );
    if (!rows[0]) throw new InvalidInputError('queue', 'no such queue in this tenant');
    return rows[0].service_level_seconds;
  }
}

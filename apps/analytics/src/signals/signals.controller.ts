import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, queryRows } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { ReportsService } from '../reports/reports.service';
import { StaffingService } from '../staffing/staffing.service';
import { DEFAULT_GROWTH_THRESHOLDS, growthSignals } from './growth-signals';
import { z } from 'zod';

const DAY_MS = 86_400_000;
const RECENT_DAYS = 7;
const BASELINE_DAYS = 28;

/**
 * "Your team may need to grow": the last 7 days against the 28 before them (docs/reports.md#growth-signals),
 * with the staffing advice's peak for today (same-weekday forecast) as the number to act on.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('reports')
export class SignalsController {
  constructor(
    @Inject(ReportsService) private readonly reports: ReportsService,
    @Inject(StaffingService) private readonly staffing: StaffingService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get('signals')
  async signals(@CurrentUser() user: AuthClaims) {
    const now = new Date();
    const recentFrom = new Date(now.getTime() - RECENT_DAYS * DAY_MS);
    const baselineFrom = new Date(recentFrom.getTime() - BASELINE_DAYS * DAY_MS);
    const summary = (from: Date, to: Date) =>
      this.reports.summary(user, { from: from.toISOString(), to: to.toISOString(), groupBy: 'none', format: 'json' });
    const [recent, baseline, recentAgents, baselineAgents, advice] = await Promise.all([
      summary(recentFrom, now),
      summary(baselineFrom, recentFrom),
      this.agentsWhoHandled(user.tenantId, recentFrom, now),
      this.agentsWhoHandled(user.tenantId, baselineFrom, recentFrom),
      this.staffing.advice(user.tenantId, { basis: 'forecast', weeks: 4, targetPercent: 80, volumeChangePercent: 0, concurrency: 1 }, now),
    ]);
    const signals = growthSignals(
      { metrics: recent.totals.current, agents: recentAgents, days: RECENT_DAYS },
      { metrics: baseline.totals.current, agents: baselineAgents, days: BASELINE_DAYS },
      DEFAULT_GROWTH_THRESHOLDS,
    );
    return {
      recent: { from: recentFrom.toISOString(), to: now.toISOString() },
      baseline: { from: baselineFrom.toISOString(), to: recentFrom.toISOString() },
      teamMayNeedToGrow: signals.some((signal) => signal.raised),
      signals,
      staffing: { date: advice.date, peak: advice.peak, agentsLoggedInNow: advice.agentsLoggedInNow },
      pending: { 'csat-drop': 'waits for survey answers as events', 'follow-ups-overdue': 'waits for tickets to publish follow-ups' },
    };
  }

  private async agentsWhoHandled(tenantId: string, from: Date, to: Date): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      z.object({ agents: z.number() }),
      `SELECT count(DISTINCT "agent_id")::int AS "agents" FROM "analytics"."report_stat"
       WHERE "tenant_id" = $1 AND "grain" = '15m' AND "bucket_start" >= $2 AND "bucket_start" < $3 AND "agent_id" <> '' AND "contacts_handled" > 0`,
      [tenantId, from, to],
    );
    return rows[0].agents;
  }
}

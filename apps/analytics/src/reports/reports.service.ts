import { Inject, Injectable } from '@nestjs/common';
import type { AuthClaims } from '@garda/contracts';
import { ForbiddenError, InvalidInputError } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { DEFAULT_TIME_ZONE } from './report-rollup';
import { addSums, EMPTY_SUMS, type ReportMetrics, reportMetrics, type ReportSums } from './report-metrics';
import { type KeyedSums, ReportQueries } from './report-queries';
import { bucketStarts, previousRange, resolveRange, segmentsBefore, segmentsOf } from './report-range';
import type { ReportFilters, ReportGrouping, SummaryQuery, TrendQuery } from './reports.schemas';

/** The pieces of a report still waiting for events other services do not publish yet (docs/reports.md). */
export const PENDING_FIGURES = {
  reopenRatePercent: 'waits for tickets to publish reopened tickets',
  csatSatisfiedPercent: 'waits for survey answers (CSAT 1-5) as events',
  csatAverage: 'waits for survey answers (CSAT 1-5) as events',
  npsScore: 'waits for survey answers (NPS 0-10) as events',
  tag: 'waits for tickets to publish ticket tags',
} as const;

export interface SummaryRow {
  key: string;
  label: string | null;
  current: ReportMetrics;
  previous: ReportMetrics;
}

const netOpen = (sums: ReportSums) => sums.conversationsOpened - sums.conversationsClosed;
const byKey = (rows: KeyedSums[]) => new Map(rows.map((row) => [row.key, row]));

/**
 * Supervisors' reports over the tenant's calendar (docs/reports.md). Agents may read only their own
 * scorecard: without an agent filter they get theirs, with another agent's id a 403.
 */
@Injectable()
export class ReportsService {
  private readonly queries: ReportQueries;

  constructor(@Inject(DataSource) dataSource: DataSource) {
    this.queries = new ReportQueries(dataSource);
  }

  async summary(user: AuthClaims, query: SummaryQuery) {
    const filters = await this.checkFilters(user, query);
    const range = resolveRange(query, await this.timeZoneOf(user.tenantId));
    const previous = previousRange(range);
    const key = query.groupBy;
    const [current, before, earlier, beforeEarlier, names] = await Promise.all([
      this.queries.sums(user.tenantId, segmentsOf(range), filters, key, range.timeZone),
      this.queries.sums(user.tenantId, segmentsBefore(range), filters, key, range.timeZone),
      this.queries.sums(user.tenantId, segmentsOf(previous), filters, key, range.timeZone),
      this.queries.sums(user.tenantId, segmentsBefore(previous), filters, key, range.timeZone),
      key === 'agent' ? this.queries.agentNames(user.tenantId) : Promise.resolve(new Map<string, string>()),
    ]);
    const backlogMeaningful = key !== 'agent' && !filters.agent;
    const metricsOf = (sums: Map<string, KeyedSums>, carried: Map<string, KeyedSums>, k: string) => {
      const period = sums.get(k) ?? { ...EMPTY_SUMS, key: k };
      const prior = carried.get(k) ?? { ...EMPTY_SUMS, key: k };
      return reportMetrics(period, backlogMeaningful ? netOpen(prior) + netOpen(period) : null);
    };
    const [cur, bef, ear, befEar] = [byKey(current), byKey(before), byKey(earlier), byKey(beforeEarlier)];
    const keys = [...new Set([...cur.keys(), ...ear.keys()])].sort();
    const rows: SummaryRow[] = keys.map((k) => ({
      key: k,
      label: this.labelOf(key, k, names),
      current: metricsOf(cur, bef, k),
      previous: metricsOf(ear, befEar, k),
    }));
    const total = (rowsOf: KeyedSums[]) => rowsOf.reduce<ReportSums>((sum, row) => addSums(sum, row), EMPTY_SUMS);
    const totalMetrics = (period: KeyedSums[], carried: KeyedSums[]) =>
      reportMetrics(total(period), backlogMeaningful ? netOpen(total(carried)) + netOpen(total(period)) : null);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timeZone: range.timeZone,
      groupBy: key,
      filters,
      previous: { from: previous.from.toISOString(), to: previous.to.toISOString() },
      totals: { current: totalMetrics(current, before), previous: totalMetrics(earlier, beforeEarlier) },
      rows: key === 'none' ? [] : rows,
      pending: PENDING_FIGURES,
    };
  }

  async trend(user: AuthClaims, query: TrendQuery) {
    const filters = await this.checkFilters(user, query);
    const range = resolveRange(query, await this.timeZoneOf(user.tenantId));
    const starts = bucketStarts(range, query.bucket);
    const segments = segmentsOf(range, query.bucket === 'hour');
    const [rows, before] = await Promise.all([
      this.queries.sums(user.tenantId, segments, filters, query.bucket, range.timeZone),
      this.queries.sums(user.tenantId, segmentsBefore(range), filters, 'none', range.timeZone),
    ]);
    const byStart = new Map(rows.map((row) => [new Date(row.key).getTime(), row]));
    const backlogMeaningful = !filters.agent;
    let open = before.reduce((sum, row) => sum + netOpen(row), 0);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      timeZone: range.timeZone,
      bucket: query.bucket,
      filters,
      buckets: starts.map((start) => {
        const sums = byStart.get(start.getTime()) ?? EMPTY_SUMS;
        open += netOpen(sums);
        return { bucketStart: start.toISOString(), metrics: reportMetrics(sums, backlogMeaningful ? open : null) };
      }),
      pending: PENDING_FIGURES,
    };
  }

  private async timeZoneOf(tenantId: string): Promise<string> {
    return (await this.queries.timeZone(tenantId)) ?? DEFAULT_TIME_ZONE;
  }

  /** Unknown queue or agent: 400 naming it. An agent sees only their own figures. */
  private async checkFilters(user: AuthClaims, query: ReportFilters): Promise<ReportFilters> {
    let agent = query.agent;
    if (user.role === 'agent') {
      if (agent && agent !== user.sub) throw new ForbiddenError('an agent may read only their own scorecard');
      agent = user.sub;
    } else if (agent && !(await this.queries.agentExists(user.tenantId, agent))) {
      throw new InvalidInputError('agent', 'no such agent in this tenant');
    }
    if (query.queue && !(await this.queries.queueExists(user.tenantId, query.queue))) {
      throw new InvalidInputError('queue', 'no such queue in this tenant');
    }
    return { queue: query.queue, agent, channel: query.channel };
  }

  private labelOf(grouping: ReportGrouping, key: string, agentNames: Map<string, string>): string | null {
    if (grouping === 'agent') return key === '' ? null : (agentNames.get(key) ?? null);
    return key;
  }
}

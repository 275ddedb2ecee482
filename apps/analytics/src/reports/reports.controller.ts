import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, ZodValidationPipe } from '@garda/service-kit';
import type { Response } from 'express';
import { toCsv } from './csv';
import { METRIC_COLUMNS, type ReportMetrics } from './report-metrics';
import { type SummaryQuery, SummaryQuerySchema, type TrendQuery, TrendQuerySchema } from './reports.schemas';
import { ReportsService } from './reports.service';

const values = (metrics: ReportMetrics) => METRIC_COLUMNS.map((column) => metrics[column]);

/**
 * Reports over the tenant's calendar, against the previous period; `format=csv` gives the same
 * table as a CSV download. Definitions in docs/metrics.md, usage in docs/reports.md.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor', 'agent')
@Controller('reports')
export class ReportsController {
  constructor(@Inject(ReportsService) private readonly reports: ReportsService) {}

  @Get('summary')
  async summary(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodValidationPipe(SummaryQuerySchema)) query: SummaryQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.summary(user, query);
    if (query.format === 'json') return report;
    const header = ['group', 'label', ...METRIC_COLUMNS, ...METRIC_COLUMNS.map((column) => `${column}Previous`)];
    const rows = [
      ...report.rows.map((row) => [row.key, row.label, ...values(row.current), ...values(row.previous)]),
      ['total', null, ...values(report.totals.current), ...values(report.totals.previous)],
    ];
    return this.csv(res, `report-summary-${report.groupBy}`, toCsv(header, rows));
  }

  @Get('trend')
  async trend(
    @CurrentUser() user: AuthClaims,
    @Query(new ZodValidationPipe(TrendQuerySchema)) query: TrendQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.trend(user, query);
    if (query.format === 'json') return report;
    const rows = report.buckets.map((bucket) => [bucket.bucketStart, ...values(bucket.metrics)]);
    return this.csv(res, `report-trend-${report.bucket}`, toCsv(['bucketStart', ...METRIC_COLUMNS], rows));
  }

  private csv(res: Response, name: string, body: string): string {
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
    return body;
  }
}

import { BadGatewayException, Controller, Get, Headers, HttpStatus, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CONFIG, NotFoundError, Roles } from '@garda/service-kit';
import type { Response } from 'express';
import type { GatewayConfig } from '../gateway.config';
import type { CallerHeaders } from './relay';

/** The query parameters analytics' reports take; anything else is dropped here and analytics validates the rest. */
const REPORT_PARAMETERS = ['from', 'to', 'queue', 'agent', 'channel', 'groupBy', 'bucket', 'format'] as const;
const REPORTS = new Set(['summary', 'trend']);

/**
 * Analytics' reports for the console (docs/reports.md): supervisors see every figure, agents their
 * own scorecard (analytics answers 403 for anyone else's). JSON and CSV pass through unchanged, so
 * `format=csv` downloads the same table the screen shows.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Roles('supervisor', 'agent')
@Controller('analytics/reports')
export class ReportsRelayController {
  constructor(@Inject(CONFIG) private readonly config: GatewayConfig) {}

  @Get(':report')
  async report(
    @Param('report') report: string,
    @Query() query: Record<string, unknown>,
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    if (!REPORTS.has(report)) throw new NotFoundError(`no report named ${report}`);
    const params = new URLSearchParams();
    for (const name of REPORT_PARAMETERS) if (typeof query[name] === 'string') params.set(name, query[name]);
    const upstreamHeaders: Record<string, string> = { authorization: headers.authorization ?? '' };
    if (headers['x-correlation-id']) upstreamHeaders['x-correlation-id'] = headers['x-correlation-id'];
    let answer: globalThis.Response;
    try {
      answer = await fetch(new URL(`/reports/${report}?${params.toString()}`, this.config.ANALYTICS_URL), {
        headers: upstreamHeaders,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new BadGatewayException(`the analytics service did not answer: ${(error as Error).message}`);
    }
    if (answer.status >= 500) {
      res.status(HttpStatus.BAD_GATEWAY);
      return { statusCode: HttpStatus.BAD_GATEWAY, message: 'an upstream service failed' };
    }
    res.status(answer.status);
    const type = answer.headers.get('content-type') ?? 'application/json';
    if (!type.startsWith('text/csv')) return (await answer.json()) as unknown;
    res.setHeader('content-type', type);
    const disposition = answer.headers.get('content-disposition');
    if (disposition) res.setHeader('content-disposition', disposition);
    return await answer.text();
  }
}

import { Controller, Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, ZodValidationPipe } from '@garda/service-kit';
import type { Response } from 'express';
import { z } from 'zod';
import { ANALYTICS_CLIENT } from './console-api.tokens';
import { type CallerHeaders, relay } from './relay';
import type { UpstreamClient } from './upstream-client';

const WaitingQuerySchema = z.object({
  minutes: z.coerce.number().int().min(5).max(1440).optional(),
  stepSeconds: z.coerce.number().int().min(10).max(3600).optional(),
});
const IntervalsQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  queue: z.string().trim().min(1).max(100).optional(),
});

const queryString = (query: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/**
 * The analytics service's real-time and interval figures (ADR 0008), for the wallboard's charts
 * and staffing per queue. Supervisors only; analytics scopes everything to the token's tenant.
 */
@ApiTags('supervisor')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('analytics')
export class AnalyticsRelayController {
  constructor(@Inject(ANALYTICS_CLIENT) private readonly analytics: UpstreamClient) {}

  @Get('realtime/queues')
  async queues(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return relay(res, await this.analytics.request('GET', '/realtime/queues', headers.authorization ?? '', headers['x-correlation-id']));
  }

  @Get('realtime/agents')
  async agents(@Headers() headers: CallerHeaders, @Res({ passthrough: true }) res: Response) {
    return relay(res, await this.analytics.request('GET', '/realtime/agents', headers.authorization ?? '', headers['x-correlation-id']));
  }

  @Get('realtime/waiting')
  async waiting(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Query(new ZodValidationPipe(WaitingQuerySchema)) query: z.output<typeof WaitingQuerySchema>,
  ) {
    return relay(
      res,
      await this.analytics.request(
        'GET',
        `/realtime/waiting${queryString(query)}`,
        headers.authorization ?? '',
        headers['x-correlation-id'],
      ),
    );
  }

  @Get('history/intervals')
  async intervals(
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Query(new ZodValidationPipe(IntervalsQuerySchema)) query: z.output<typeof IntervalsQuerySchema>,
  ) {
    return relay(
      res,
      await this.analytics.request(
        'GET',
        `/history/intervals${queryString(query)}`,
        headers.authorization ?? '',
        headers['x-correlation-id'],
      ),
    );
  }
}

import { Controller, Get, Headers, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@garda/service-kit';
import type { CallerHeaders } from '../console-api/relay';
import { AnalyticsWallboard } from './analytics-wallboard';

/**
 * The wallboard's figures for the caller's tenant only (supervisors and admins), as the analytics
 * service computes them, read with the caller's own token. Analytics unreachable -> 502: the
 * gateway keeps no figures of its own to fall back on.
 */
@ApiTags('supervisor')
@ApiBearerAuth()
@Roles('supervisor')
@Controller('supervisor')
export class SupervisorController {
  constructor(@Inject(AnalyticsWallboard) private readonly analytics: AnalyticsWallboard) {}

  @Get('queues')
  async queues(@Headers() headers: CallerHeaders) {
    return this.analytics.queues(headers.authorization ?? '');
  }

  @Get('agents')
  async agents(@Headers() headers: CallerHeaders) {
    return this.analytics.agents(headers.authorization ?? '');
  }
}

import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Readiness } from './readiness';

@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(Readiness) private readonly readiness: Readiness) {}

  /** The process is running and its event loop answers. */
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'live' };
  }

  /** The service can do its work: database reachable, Kafka consumers joined. */
  @Get('ready')
  async ready(@Res() response: Response) {
    const { ready, checks } = await this.readiness.evaluate();
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  }
}

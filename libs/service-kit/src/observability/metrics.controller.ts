import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { SERVICE_RUNTIME, type ServiceRuntime } from '../runtime/service-runtime';

/** Prometheus scrape endpoint; public like the health checks (it carries no tenant data). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Public()
  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  async scrape(): Promise<string> {
    return this.runtime.observability.metrics.registry.metrics();
  }
}

import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthController } from '../health/health.controller';
import { Readiness } from '../health/readiness';
import { MetricsController } from '../observability/metrics.controller';
import { SERVICE_RUNTIME, type ServiceRuntime } from './service-runtime';

export const LOGGER = Symbol('Logger');
export const CONFIG = Symbol('Config');

/** Makes the runtime's parts injectable everywhere and mounts the health and metrics endpoints. */
@Global()
@Module({})
export class CoreModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: CoreModule,
      // With METRICS_PORT, /metrics lives on its own server (bootstrap), not on the public HTTP port.
      controllers: runtime.observability.metricsPort === undefined ? [HealthController, MetricsController] : [HealthController],
      providers: [
        { provide: SERVICE_RUNTIME, useValue: runtime },
        { provide: LOGGER, useValue: runtime.logger },
        { provide: CONFIG, useValue: runtime.config },
        { provide: DataSource, useValue: runtime.dataSource },
        { provide: Readiness, useValue: runtime.readiness },
      ],
      exports: [SERVICE_RUNTIME, LOGGER, CONFIG, DataSource, Readiness],
    };
  }
}

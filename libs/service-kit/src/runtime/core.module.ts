import { EventPublisher, OutboxRelay, UnitOfWork } from '@garda/messaging';
import { type DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthController } from '../health/health.controller';
import { Readiness } from '../health/readiness';
import { MetricsController } from '../observability/metrics.controller';
import { ServiceMetrics } from '../observability/metrics';
import { ServiceObservability } from '../observability/service-observability';
import type { ServiceRuntime } from './service-runtime';

/** The service's validated config (inject with `@Inject(CONFIG) config: MyServiceConfig`). */
export const CONFIG = Symbol('Config');
/** The service's pino logger (`@Inject(LOGGER) logger: Logger`); take a `.child({ component })`. */
export const LOGGER = Symbol('Logger');

/**
 * The infrastructure every Garda service has, as granular injectable providers (ADR 0012), and the
 * health and metrics endpoints. Inject what a class needs, by its class or token:
 * - `UnitOfWork` — a transaction with its outbox, for work that is not a Kafka handler (HTTP, timers);
 * - `DataSource` — reads outside a transaction;
 * - `CONFIG`, `LOGGER`, `Readiness` (add a readiness check), `ServiceObservability` (tracing,
 *   metrics) and `ServiceMetrics` (the Prometheus registry and Garda's shared metrics);
 * - `OutboxRelay` — to wake the relay; `UnitOfWork` already does after each commit;
 * - `EventPublisher` — direct, unbuffered publishing, for ephemeral signals only (typing):
 *   anything that must not be lost goes through the outbox (`UnitOfWork` or a handler's context).
 * Kafka handlers need none of this: they are `@EventPattern` methods whose `@Ctx()` carries the transaction.
 */
@Global()
@Module({})
export class CoreModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    const providers = [
      { provide: CONFIG, useValue: runtime.config },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: DataSource, useValue: runtime.dataSource },
      { provide: Readiness, useValue: runtime.readiness },
      { provide: UnitOfWork, useValue: runtime.unitOfWork },
      { provide: OutboxRelay, useValue: runtime.relay },
      { provide: EventPublisher, useValue: runtime.publisher },
      { provide: ServiceObservability, useValue: runtime.observability },
      { provide: ServiceMetrics, useValue: runtime.observability.metrics },
    ];
    return {
      module: CoreModule,
      // With METRICS_PORT, /metrics lives on its own server (bootstrap), not on the public HTTP port.
      controllers: runtime.observability.metricsPort === undefined ? [HealthController, MetricsController] : [HealthController],
      providers,
      exports: providers.map((provider) => provider.provide),
    };
  }
}

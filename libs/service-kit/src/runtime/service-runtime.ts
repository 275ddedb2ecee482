import { createKafkaClient, EventConsumer, EventPublisher, OutboxRelay, UnitOfWork } from '@garda/messaging';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { BaseConfig } from '../config/load-config';
import { kafkaSecurityOptions } from '../config/transport-security';
import { Readiness } from '../health/readiness';
import type { ObservabilityOptions } from '../observability/observability-config';
import { ServiceObservability } from '../observability/service-observability';

/**
 * Everything a service's infrastructure consists of, created once before Nest starts: the
 * composition root. bootstrap owns it (start, shutdown); Nest classes never see it whole — they
 * inject the granular providers CoreModule makes of it. The service definition's `seed` and
 * `configureApp` hooks receive it, as they run outside Nest's injection.
 */
export class ServiceRuntime<C extends BaseConfig = BaseConfig> {
  readonly kafka: Kafka;
  readonly publisher: EventPublisher;
  readonly relay: OutboxRelay;
  readonly unitOfWork: UnitOfWork;
  readonly readiness = new Readiness();
  /** The service's consumer group; GardaKafkaTransport registers the `@EventPattern` handlers on it. */
  readonly consumer: EventConsumer;
  /** Prometheus registry (GET /metrics) and tracer of this runtime. */
  readonly observability: ServiceObservability;

  constructor(
    readonly name: string,
    readonly config: C,
    readonly logger: Logger,
    readonly dataSource: DataSource,
    readonly schema: string,
    observability: ObservabilityOptions = {},
  ) {
    this.observability = new ServiceObservability(name, dataSource, schema, observability);
    this.kafka = createKafkaClient({
      brokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID ?? name,
      logger,
      security: kafkaSecurityOptions(config),
    });
    this.publisher = new EventPublisher(this.kafka, logger);
    this.relay = new OutboxRelay(dataSource, schema, this.publisher, logger.child({ component: 'outbox-relay' }));
    this.unitOfWork = new UnitOfWork(dataSource, schema, this.relay);
    this.consumer = new EventConsumer({
      kafka: this.kafka,
      groupId: `garda-${name}`,
      schema,
      unitOfWork: this.unitOfWork,
      deadLetters: this.publisher,
      logger: logger.child({ component: 'consumer' }),
      instrumentation: this.observability,
      // Asked before dead-lettering: a handler error while the database is down is an outage, not a bad message.
      databaseAnswers: () => this.databaseAnswers(),
    });
    this.readiness.register({ name: 'database', isReady: () => this.databaseAnswers() });
    this.readiness.register({ name: 'kafka-producer', isReady: () => this.publisher.isConnected() });
  }

  private async databaseAnswers(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    await this.dataSource.query('SELECT 1');
    return true;
  }
}

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ensureTopics, messagingTablesMigration } from '@garda/messaging';
import { type DynamicModule, type INestApplication, Module, type Type } from '@nestjs/common';
import { ModulesContainer, NestFactory, Reflector } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Request } from 'express';
import type { z } from 'zod';
import { AuthGuard } from '../auth/auth.guard';
import { databaseSslOptions } from '../config/transport-security';
import { type BaseConfig, ConfigError, loadConfig } from '../config/load-config';
import { createDataSource, type DatabaseOptions, describeDatabaseError, initialiseDatabase } from '../database/database';
import { AllExceptionsFilter } from '../http/all-exceptions.filter';
import { corsPolicy, securityHeaders } from '../http/security-headers';
import { createLogger, NestPinoLogger } from '../logging/logger';
import { startMetricsServer } from '../observability/metrics-server';
import { observabilityOptionsFrom } from '../observability/observability-config';
import { InboxHousekeeping } from '../retention/inbox-housekeeping';
import { GardaKafkaTransport, HandlerRegistrationError } from '../transport/garda-kafka-transport';
import { locateHandler } from '../transport/handler-inventory';
import { CoreModule } from './core.module';
import { ServiceRuntime } from './service-runtime';

export interface ServiceDefinition<S extends z.ZodRawShape> {
  /** e.g. 'routing'; also the Kafka consumer group suffix and, with '-' → '_', the schema. */
  name: string;
  description: string;
  configShape: S;
  entities: DatabaseOptions['entities'];
  migrations: DatabaseOptions['migrations'];
  /**
   * The service's root module: static, its providers take infrastructure by injection (CoreModule's
   * providers), and its Kafka handlers are `@EventPattern` methods of its controllers.
   */
  appModule: Type | DynamicModule;
  /** Idempotent demo data, run when SEED_DEMO=true. */
  seed?: (runtime: ServiceRuntime<z.output<z.ZodObject<S>> & BaseConfig>) => Promise<void>;
  /** Largest request body accepted (bigger → 413). */
  bodyLimit?: string;
  /** Paths any website may call (CORS for any origin, no credentials), e.g. the web-chat widget's API. */
  corsPublicPaths?: string[];
  /** Extra setup on the Nest app before it listens (socket adapters, raw body parsers). */
  configureApp?: (app: NestExpressApplication, runtime: ServiceRuntime<z.output<z.ZodObject<S>> & BaseConfig>) => void | Promise<void>;
}

export interface RunningService {
  app: INestApplication;
  url: string;
  runtime: ServiceRuntime;
  close(): Promise<void>;
}

export const schemaFor = (name: string) => name.replace(/-/g, '_');

/**
 * Starts a Garda service: validated config, database + migrations, topics, Kafka producer, the Nest
 * HTTP app with its Kafka handlers on GardaKafkaTransport, then the consumers and the outbox relay. SIGTERM/SIGINT stop consuming, finish the
 * message in hand, flush the outbox and disconnect.
 */
export async function bootstrapService<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RunningService | undefined> {
  type Config = z.output<z.ZodObject<S>> & BaseConfig;
  const config = loadConfig(definition.name, definition.configShape, env) as Config;
  const observability = observabilityOptionsFrom(definition.name, env);
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const schema = schemaFor(definition.name);

  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema,
    applicationName: `garda-${definition.name}`,
    entities: definition.entities,
    migrations: definition.migrations,
    ssl: databaseSslOptions(config),
  });
  try {
    await initialiseDatabase(dataSource, schema, logger);
  } catch (error) {
    throw new StartupError(describeDatabaseError(error, config.DATABASE_URL));
  }
  if (config.MIGRATE_ONLY) {
    logger.info('migrations done (MIGRATE_ONLY), exiting');
    await dataSource.destroy();
    return undefined;
  }

  const runtime = new ServiceRuntime<Config>(definition.name, config, logger, dataSource, schema, observability);
  try {
    await ensureTopics(runtime.kafka);
    await runtime.publisher.connect();
  } catch (error) {
    await dataSource.destroy();
    throw new StartupError(
      `cannot reach Kafka at ${config.KAFKA_BROKERS.join(',')}: ${(error as Error).message}. Set KAFKA_BROKERS to a reachable broker.`,
    );
  }
  if (config.SEED_DEMO && definition.seed) await definition.seed(runtime);

  // Every service prunes its own inbox (libs/messaging's pruneInbox), one replica at a time.
  @Module({ imports: [CoreModule.forRuntime(runtime), definition.appModule], providers: [InboxHousekeeping] })
  class RootModule {}

  const app = await NestFactory.create<NestExpressApplication>(RootModule, {
    logger: new NestPinoLogger(logger),
    rawBody: true,
    bodyParser: false,
    // Throw instead of exiting, so a wiring error (a duplicate handler) becomes one clear startup line.
    abortOnError: false,
  });
  await configureServiceApp(app, definition, runtime);
  // The Kafka handlers (@EventPattern) share the app's global filters, guards, pipes and interceptors.
  const transport = new GardaKafkaTransport(runtime.consumer, (extras) => locateHandler(app.get(ModulesContainer), extras));
  try {
    app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: true });
  } catch (error) {
    await app.close();
    await runtime.publisher.disconnect();
    await dataSource.destroy();
    if (error instanceof HandlerRegistrationError) throw new StartupError(`${definition.name} cannot start: ${error.message}`);
    throw error;
  }
  mountOpenApi(app, definition);

  await app.listen(config.PORT, '0.0.0.0');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const metricsServer =
    observability.metricsPort === undefined
      ? undefined
      : await startMetricsServer(runtime.observability.metrics.registry, observability.metricsPort);

  runtime.readiness.register({ name: 'kafka-consumer', isReady: () => runtime.consumer.isReady() });
  await app.startAllMicroservices();
  runtime.relay.start();
  logger.info({ url, port, metricsPort: metricsServer?.port }, `${definition.name} is listening`);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down: stop consuming, finish in-flight work, flush the outbox');
      await transport.close().catch((error: unknown) => logger.warn({ err: error }, 'consumer stop failed'));
      await runtime.relay.flush().catch((error: unknown) => logger.warn({ err: error }, 'outbox flush failed'));
      await runtime.relay.stop();
      await app.close();
      await metricsServer?.close();
      await runtime.publisher.disconnect();
      await dataSource.destroy();
      await runtime.observability.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'span export on shutdown failed'));
      logger.info('stopped');
    })());
  return { app, url, runtime: runtime as unknown as ServiceRuntime, close };
}

/**
 * What every service's HTTP app has before it listens: body limits, proxy trust, security headers,
 * tracing and metrics, the exception filter (domain errors → HTTP), the auth guard, CORS, and the
 * service's own setup. Shared by bootstrap and libs/testing's service tier, so tests meet the same app.
 */
export async function configureServiceApp<S extends z.ZodRawShape>(
  app: NestExpressApplication,
  definition: ServiceDefinition<S>,
  runtime: ServiceRuntime<z.output<z.ZodObject<S>> & BaseConfig>,
): Promise<void> {
  const { config, logger } = runtime;
  app.useBodyParser('json', { limit: definition.bodyLimit ?? '256kb' });
  app.useBodyParser('urlencoded', { limit: definition.bodyLimit ?? '256kb', extended: false });
  // req.ip (limits per source address) honours X-Forwarded-For only from the proxies TRUST_PROXY names.
  app.set('trust proxy', config.TRUST_PROXY);
  app.disable('x-powered-by');
  app.use(securityHeaders({ hstsMaxAgeSeconds: config.HSTS_MAX_AGE_SECONDS }));
  app.use(runtime.observability.httpMiddleware(correlationIdOf));
  app.useGlobalFilters(new AllExceptionsFilter(logger));
  app.useGlobalGuards(new AuthGuard(app.get(Reflector), config.JWT_SECRET));
  app.enableCors(corsPolicy(config.CORS_ALLOWED_ORIGINS, definition.corsPublicPaths));
  await definition.configureApp?.(app, runtime);
}

/** Entry point for apps' main.ts: start, handle signals, and turn startup errors into one clear line. */
export function runServiceMain<S extends z.ZodRawShape>(definition: ServiceDefinition<S>): void {
  bootstrapService(definition).then(
    (running) => {
      if (!running) return;
      const stop = (signal: string) => {
        running.runtime.logger.info({ signal }, 'signal received');
        running.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    },
    (error: unknown) => {
      const message =
        error instanceof ConfigError || error instanceof StartupError ? error.message : String((error as Error)?.stack ?? error);
      process.stderr.write(`${JSON.stringify({ level: 'fatal', service: definition.name, msg: message })}\n`);
      process.exit(1);
    },
  );
}

export class StartupError extends Error {}

function correlationIdOf(request: Request): string {
  const incoming = request.header('x-correlation-id');
  return incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
}

function mountOpenApi(app: INestApplication, definition: { name: string; description: string }) {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(`Garda ${definition.name}`).setDescription(definition.description).addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}

/** The outbox and inbox tables in a service's own schema (its first migration). */
export const messagingTablesMigrationFor = (serviceName: string) => messagingTablesMigration(schemaFor(serviceName));

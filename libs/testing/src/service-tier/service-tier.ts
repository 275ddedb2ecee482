import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { AuthClaims, Role, TopicInput, TopicName } from '@garda/contracts';
import {
  encodeEvent,
  EventConsumer,
  EventPublisher,
  type MessageMetadata,
  OutboxRelay,
  type OutgoingRecord,
  UnitOfWork,
} from '@garda/messaging';
import {
  type BaseConfig,
  configureServiceApp,
  CoreModule,
  createDataSource,
  createLogger,
  GardaKafkaTransport,
  initialiseDatabase,
  loadConfig,
  locateHandler,
  NestPinoLogger,
  schemaFor,
  type ServiceDefinition,
  ServiceRuntime,
  signAccessToken,
} from '@garda/service-kit';
import { ModulesContainer } from '@nestjs/core';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { createScratchDatabase, type ScratchDatabase } from '../scratch-database';
import { InProcessConsumer, inProcessKafka } from './in-process-consumer';
import { RecordingPublisher } from './recording-publisher';

export interface ServiceTierOptions {
  /** The service's configuration beyond what the tier sets (database, port, a JWT secret, no broker). */
  env?: Record<string, string>;
  /** Run the service's demo seed (SEED_DEMO) before the app starts. */
  seed?: boolean;
}

export interface TierResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * The service tier (docs/testing.md): one service's Nest module booted with `@nestjs/testing` on a
 * database of its own, migrated as in production, with its real repositories, HTTP app (filters,
 * guards, pipes) and `@EventPattern` handlers — and no broker. Events a test delivers go through
 * libs/messaging's EventConsumer (contract check, inbox, one transaction with the outbox); what the
 * service publishes leaves through its outbox and relay into a recorder instead of Kafka. After
 * every `deliver` and `request` the outbox is flushed, so `published` is complete when they resolve.
 */
export class ServiceTier {
  private constructor(
    readonly app: NestExpressApplication,
    readonly url: string,
    readonly dataSource: DataSource,
    /** What the service published, in order. */
    readonly published: RecordingPublisher,
    private readonly consumer: InProcessConsumer,
    private readonly relay: OutboxRelay,
    private readonly database: ScratchDatabase,
    private readonly jwtSecret: string,
  ) {}

  static async start<S extends z.ZodRawShape>(definition: ServiceDefinition<S>, options: ServiceTierOptions = {}): Promise<ServiceTier> {
    type Config = z.output<z.ZodObject<S>> & BaseConfig;
    const database = await createScratchDatabase(process.env.DATABASE_URL, `garda_tier_${schemaFor(definition.name)}`);
    try {
      const jwtSecret = randomBytes(24).toString('hex');
      const config = loadConfig(definition.name, definition.configShape, {
        PORT: '0',
        LOG_LEVEL: 'warn',
        JWT_SECRET: jwtSecret,
        // Never dialled: nothing in the tier connects to Kafka.
        KAFKA_BROKERS: '127.0.0.1:9',
        ...options.env,
        DATABASE_URL: database.url,
      }) as Config;
      const logger = createLogger(definition.name, config.LOG_LEVEL);
      const schema = schemaFor(definition.name);
      const dataSource = createDataSource({
        url: database.url,
        schema,
        applicationName: `garda-tier-${definition.name}`,
        entities: definition.entities,
        migrations: definition.migrations,
        poolSize: 4,
      });
      await initialiseDatabase(dataSource, schema, logger);

      // The composition root as bootstrap builds it; its Kafka client is made but never connected.
      const runtime = new ServiceRuntime<Config>(definition.name, config, logger, dataSource, schema);
      const published = new RecordingPublisher(runtime.kafka, logger);
      const relay = new OutboxRelay(dataSource, schema, published, logger.child({ component: 'outbox-relay' }));
      const unitOfWork = new UnitOfWork(dataSource, schema, relay);
      const consumer = new InProcessConsumer();
      const eventConsumer = new EventConsumer({
        kafka: inProcessKafka(consumer),
        groupId: `garda-${definition.name}`,
        schema,
        unitOfWork,
        deadLetters: published,
        logger: logger.child({ component: 'consumer' }),
        retryDelaysMs: [10],
      });
      if (options.seed && definition.seed) await definition.seed(runtime);

      const moduleRef = await Test.createTestingModule({ imports: [CoreModule.forRuntime(runtime), definition.appModule] })
        .overrideProvider(UnitOfWork)
        .useValue(unitOfWork)
        .overrideProvider(OutboxRelay)
        .useValue(relay)
        .overrideProvider(EventPublisher)
        .useValue(published)
        .compile();
      const app = moduleRef.createNestApplication<NestExpressApplication>({
        logger: new NestPinoLogger(logger),
        rawBody: true,
        bodyParser: false,
        abortOnError: false,
      });
      await configureServiceApp(app, definition, runtime);
      const transport = new GardaKafkaTransport(eventConsumer, (extras) => locateHandler(app.get(ModulesContainer), extras));
      app.connectMicroservice<MicroserviceOptions>({ strategy: transport }, { inheritAppConfig: true });
      await app.listen(0, '127.0.0.1');
      await app.startAllMicroservices();
      relay.start();
      const { port } = app.getHttpServer().address() as AddressInfo;
      return new ServiceTier(app, `http://127.0.0.1:${port}`, dataSource, published, consumer, relay, database, jwtSecret);
    } catch (error) {
      await database.drop().catch(() => undefined);
      throw error;
    }
  }

  /** A signed access token, as the gateway issues them. */
  token(tenantId: string, role: Role, claims: Partial<AuthClaims> = {}): string {
    return signAccessToken({ sub: randomUUID(), name: `Test ${role}`, tenantId, role, ...claims }, this.jwtSecret);
  }

  /** Delivers an event to the service's handlers as the broker would (validated by its contract first). */
  async deliver<T extends TopicName>(topic: T, payload: TopicInput<T>, metadata: MessageMetadata): Promise<void> {
    await this.deliverRecord(encodeEvent(topic, payload, metadata));
  }

  /** Delivers a record as it is, valid or not (an invalid one goes to the dead-letter topic). */
  async deliverRecord(record: OutgoingRecord): Promise<void> {
    await this.consumer.deliver(record);
    await this.relay.flush();
  }

  /** An HTTP request to the service; a JSON body is parsed. */
  async request(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<TierResponse> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    await this.relay.flush();
    const json = (response.headers.get('content-type') ?? '').includes('json') && text;
    return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : text };
  }

  async close(): Promise<void> {
    await this.relay.stop();
    await this.app.close();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.database.drop();
  }
}

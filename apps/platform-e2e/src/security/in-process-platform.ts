import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootstrapService, type RunningService, type ServiceDefinition } from '@garda/service-kit';
import { createScratchDatabase, platformServices as services, type ScratchDatabase } from '@garda/testing';
import type { z } from 'zod';
import type { TestTokens } from './test-tokens';

// The private broker comes from the launcher `npm start` uses; the services' definitions are
// required by path as tools/docs does, since an app must not import another app.
/* eslint-disable @typescript-eslint/no-require-imports */
const root = path.resolve(__dirname, '../../../..');
const { loadServices } = require(path.join(root, 'tools/docs/config-reference.ts')) as {
  loadServices(root: string): Array<ServiceDefinition<z.ZodRawShape>>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const UPSTREAM_URLS: Record<string, string> = {
  TICKETS_URL: 'tickets',
  CUSTOMERS_URL: 'customers',
  ROUTING_URL: 'routing',
  ANALYTICS_URL: 'analytics',
  CHANNELS_INGEST_URL: 'channels-ingest',
  NOTIFICATIONS_URL: 'notifications',
};

/**
 * Every service of apps/ booted in this process (so a test can read each one's Nest router), on a
 * database and a Kafka broker of their own, with the demo tenant seeded. The gateway starts last,
 * pointed at the others.
 */
export class InProcessPlatform {
  readonly running = new Map<string, RunningService>();
  private database: ScratchDatabase | undefined;
  private kafka: { brokers: string; stop(): Promise<unknown> } | undefined;
  private readonly stateDir = mkdtempSync(path.join(os.tmpdir(), 'garda-routes-'));
  env: NodeJS.ProcessEnv = {};

  constructor(private readonly tokens: TestTokens) {}

  async start(): Promise<this> {
    this.database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_routes');
    this.kafka = await services.startPrivateKafka({ stateDir: path.join(this.stateDir, 'kafka') });
    this.env = {
      ...process.env,
      ...this.tokens.signingEnv,
      PORT: '0',
      DATABASE_URL: this.database.url,
      KAFKA_BROKERS: this.kafka.brokers,
      SEED_DEMO: 'true',
      LOG_LEVEL: 'error',
      CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      SMTP_ENABLED: 'false',
      SOCKET_ADAPTER: 'memory',
      MEDIA_LOCAL_DIR: path.join(this.stateDir, 'media'),
      WEBCHAT_SESSIONS_PER_ADDRESS: '100000',
      WEBCHAT_MESSAGES_PER_SESSION: '100000',
      WEBCHAT_MESSAGES_PER_ADDRESS: '100000',
      WEBCHAT_CONNECTIONS_PER_ADDRESS: '100000',
    };
    const definitions = loadServices(root).filter((definition) => 'appModule' in definition);
    for (const definition of definitions.filter((candidate) => candidate.name !== 'gateway')) await this.boot(definition, {});
    const upstreams = Object.fromEntries(
      Object.entries(UPSTREAM_URLS).flatMap(([variable, name]) => (this.running.has(name) ? [[variable, this.url(name)]] : [])),
    );
    const gateway = definitions.find((candidate) => candidate.name === 'gateway');
    if (gateway) await this.boot(gateway, upstreams);
    return this;
  }

  private async boot(definition: ServiceDefinition<z.ZodRawShape>, extra: Record<string, string>): Promise<void> {
    const running = await bootstrapService(definition, { ...this.env, ...extra });
    if (!running) throw new Error(`${definition.name} did not start`);
    this.running.set(definition.name, running);
  }

  url(name: string): string {
    const service = this.running.get(name);
    if (!service) throw new Error(`${name} is not running`);
    return service.url;
  }

  async stop(): Promise<void> {
    for (const [name, service] of [...this.running.entries()].reverse()) {
      await service.close();
      this.running.delete(name);
    }
    await this.kafka?.stop();
    await this.database?.drop();
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScratchDatabase, freePort, platformServices as services, type ScratchDatabase, type ServiceHandle } from '@garda/testing';

export type { ServiceHandle };

export const FLOW_SERVICES = ['customers', 'tickets', 'routing', 'channels-ingest', 'gateway'] as const;
export type ServiceName = (typeof FLOW_SERVICES)[number] | 'analytics' | 'notifications';
const ALL_SERVICES: readonly ServiceName[] = [...FLOW_SERVICES, 'analytics', 'notifications'];
/** How one service finds another over HTTP (the gateway's proxies to tickets, customers, analytics). */
const SERVICE_URL_VARIABLES: Record<string, ServiceName> = {
  TICKETS_URL: 'tickets',
  CUSTOMERS_URL: 'customers',
  ANALYTICS_URL: 'analytics',
  ROUTING_URL: 'routing',
  CHANNELS_INGEST_URL: 'channels-ingest',
  NOTIFICATIONS_URL: 'notifications',
};

/**
 * Runs the real services as separate processes (exactly what `npm start` runs) against the Kafka
 * broker and database the integration global setup provided.
 */
export { freePort };

export class Platform {
  readonly handles = new Map<string, ServiceHandle>();
  private readonly ports = new Map<string, number>();
  readonly env: Record<string, string>;

  constructor(extraEnv: Record<string, string> = {}) {
    if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set: run integration tests through `npm test` (jest global setup)');
    this.env = {
      // Set by start(): every platform gets a broker of its own.
      KAFKA_BROKERS: '',
      DATABASE_URL: process.env.DATABASE_URL!,
      JWT_SECRET: randomBytes(24).toString('hex'),
      CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      // Any free port: several platforms (and developers' own) must not fight over 2525.
      SMTP_PORT: '0',
      // Every actor talks from 127.0.0.1: web-chat limits per address are proven in channels-ingest's tests.
      WEBCHAT_SESSIONS_PER_ADDRESS: '100000',
      WEBCHAT_MESSAGES_PER_SESSION: '100000',
      WEBCHAT_MESSAGES_PER_ADDRESS: '100000',
      WEBCHAT_CONNECTIONS_PER_ADDRESS: '100000',
      // Webhook receivers and fake providers of these tests listen on loopback, which production refuses.
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
      ...extraEnv,
    };
  }

  private database: ScratchDatabase | undefined;
  private kafka: { brokers: string; stop(): Promise<unknown>; stateDir: string } | undefined;

  /**
   * Each platform gets a database and a Kafka broker of its own, so test files never see each
   * other's tenants, agents' states, seeded passwords or leftover events.
   */
  async start(names: readonly ServiceName[] = FLOW_SERVICES): Promise<this> {
    if (!this.database) {
      this.database = await createScratchDatabase(this.env.DATABASE_URL, 'garda_e2e');
      this.env.DATABASE_URL = this.database.url;
    }
    if (!this.kafka) {
      const stateDir = mkdtempSync(path.join(os.tmpdir(), 'garda-e2e-kafka-'));
      this.kafka = { ...(await services.startPrivateKafka({ stateDir })), stateDir };
      this.env.KAFKA_BROKERS = this.kafka.brokers;
    }
    // Ports first, so services that call each other over HTTP (the gateway) know where to.
    for (const name of ALL_SERVICES) if (!this.ports.has(name)) this.ports.set(name, await freePort());
    for (const [variable, name] of Object.entries(SERVICE_URL_VARIABLES)) this.env[variable] = `http://127.0.0.1:${this.ports.get(name)}`;
    await Promise.all(names.map((name) => this.startOne(name)));
    return this;
  }

  async startOne(name: ServiceName): Promise<ServiceHandle> {
    const port = this.ports.get(name) ?? (await freePort());
    this.ports.set(name, port);
    const handle = await services.startService(name, { env: { ...this.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port });
    this.handles.set(name, handle);
    return handle;
  }

  url(name: ServiceName): string {
    const handle = this.handles.get(name);
    if (!handle) throw new Error(`${name} is not running`);
    return handle.url;
  }

  async kill(name: ServiceName): Promise<void> {
    await this.handles.get(name)?.kill();
    this.handles.delete(name);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.handles.values()].map((handle) => handle.stop()));
    this.handles.clear();
    await this.database?.drop();
    this.database = undefined;
    await this.kafka?.stop();
    if (this.kafka) rmSync(this.kafka.stateDir, { recursive: true, force: true });
    this.kafka = undefined;
  }
}

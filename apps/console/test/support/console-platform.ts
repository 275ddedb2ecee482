import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createScratchDatabase,
  freePort,
  platformServices as services,
  REPOSITORY_ROOT as ROOT,
  type ScratchDatabase,
  type ServiceHandle,
} from '@garda/testing';
import { Client } from 'pg';

const SERVICES = ['customers', 'tickets', 'routing', 'channels-ingest', 'analytics', 'gateway'] as const;
type ServiceName = (typeof SERVICES)[number];

/**
 * The real services as separate processes (what `npm start` runs) on free ports, in a database of
 * their own on the integration test server, plus the console served by apps/console/serve.mjs.
 */
export class ConsolePlatform {
  private readonly handles = new Map<string, ServiceHandle>();
  private console?: { child: ChildProcess; url: string; exited: Promise<unknown> };
  private database?: ScratchDatabase;
  private env: Record<string, string> = {};
  private ports = {} as Record<ServiceName, number>;
  private kafka?: { brokers: string; stop(): Promise<unknown>; stateDir: string };
  /** channels-ingest's inbound SMTP listener (customers' e-mail). */
  smtpPort = 0;
  private consolePort = 0;

  async start(): Promise<void> {
    if (!process.env.DATABASE_URL) throw new Error("DATABASE_URL is not set: run through `npm test` or jest's integration project");
    this.database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_console');

    // A broker of its own: other test files seed the same demo tenant, and their leftover events
    // would otherwise show up on this wallboard.
    const kafkaDir = mkdtempSync(path.join(os.tmpdir(), 'garda-console-kafka-'));
    this.kafka = { ...(await services.startPrivateKafka({ stateDir: kafkaDir })), stateDir: kafkaDir };

    const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (name) => [name, await freePort()] as const))) as Record<
      ServiceName,
      number
    >;
    this.ports = ports;
    this.smtpPort = await freePort();
    // Known before the gateway starts: it lets only the console's origin call it from a browser.
    this.consolePort = await freePort();
    const env = {
      KAFKA_BROKERS: this.kafka.brokers,
      DATABASE_URL: this.database.url,
      JWT_SECRET: randomBytes(24).toString('hex'),
      CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      TICKETS_URL: `http://127.0.0.1:${ports.tickets}`,
      CUSTOMERS_URL: `http://127.0.0.1:${ports.customers}`,
      ANALYTICS_URL: `http://127.0.0.1:${ports.analytics}`,
      ROUTING_URL: `http://127.0.0.1:${ports.routing}`,
      CHANNELS_INGEST_URL: `http://127.0.0.1:${ports['channels-ingest']}`,
      SMTP_ENABLED: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.smtpPort),
      CORS_ALLOWED_ORIGINS: `http://127.0.0.1:${this.consolePort}`,
      // The e-mail relay and providers these tests use listen on loopback, which production refuses.
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
    };
    this.env = env;
    await Promise.all(
      SERVICES.map(async (name) => {
        const handle = await services.startService(name, {
          env: { ...env, PUBLIC_URL: `http://127.0.0.1:${ports[name]}` },
          port: ports[name],
        });
        this.handles.set(name, handle);
      }),
    );
    await this.startConsole();
  }

  private async startConsole(): Promise<void> {
    const port = this.consolePort;
    const child = spawn(process.execPath, [path.join(ROOT, 'apps/console/serve.mjs')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        GATEWAY_URL: this.url('gateway'),
        MEDIA_URL: this.url('channels-ingest'),
        CONSOLE_REBUILD: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const url = `http://127.0.0.1:${port}`;
    this.console = { child, url, exited };
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the console server exited:\n${output}`);
      const up = await fetch(`${url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (up) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`the console server did not start:\n${output}`);
  }

  /** Stops a service and starts it again on the same port (a deploy, or a crash and restart). */
  async restart(name: ServiceName, whileDown?: () => Promise<void>): Promise<void> {
    await this.handles.get(name)?.stop();
    await whileDown?.();
    const port = this.ports[name];
    this.handles.set(name, await services.startService(name, { env: { ...this.env, PUBLIC_URL: `http://127.0.0.1:${port}` }, port }));
  }

  url(name: ServiceName | 'console'): string {
    if (name === 'console') return this.console!.url;
    const handle = this.handles.get(name);
    if (!handle) throw new Error(`${name} is not running`);
    return handle.url;
  }

  /** Rows of a diagnostic query on the platform's database, for a failing test's report. */
  async query(sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: this.database?.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows; // diagnostic rows, shown as they are
    } finally {
      await client.end();
    }
  }

  /** The last lines each service logged, for a failing test's report. */
  outputs(): string {
    return [...this.handles.entries()]
      .map(([name, handle]) => `--- ${name}\n${handle.output().split('\n').slice(-30).join('\n')}\n`)
      .join('');
  }

  async stop(): Promise<void> {
    if (this.console && this.console.child.exitCode === null) {
      this.console.child.kill('SIGTERM');
      await this.console.exited;
    }
    await Promise.all([...this.handles.values()].map((handle) => handle.stop()));
    this.handles.clear();
    await this.database?.drop();
    this.database = undefined;
    await this.kafka?.stop();
    if (this.kafka) rmSync(this.kafka.stateDir, { recursive: true, force: true });
    this.kafka = undefined;
  }
}

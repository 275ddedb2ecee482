import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '@garda/testing';

const ROOT = path.resolve(__dirname, '../../..');
// Native import() of the ESM infra modules (this TypeScript is compiled to CommonJS).
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
  child: { pid?: number };
  output(): string;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}

export interface LoadPlatform {
  kafkaBrokers: string;
  databaseUrl: string;
  jwtSecret: string;
  /** Every running process, replicas included (`routing#2`). */
  processes: Array<ServiceProcess & { replica: number }>;
  urls(name: string): string[];
  /** CPU seconds (user + system) each service's processes have used so far, replicas summed. */
  cpuSeconds(): Record<string, number>;
  stop(): Promise<void>;
}

export interface LoadPlatformOptions {
  /** Replicas per service (default 1 each). */
  replicas?: Record<string, number>;
  log?: (line: string) => void;
  /** Extra environment for every service. */
  env?: Record<string, string>;
}

/**
 * The whole platform as `npm start` runs it — a fresh Kafka broker, a fresh database on the local
 * PostgreSQL, topics from libs/contracts, every service as its own process with the demo tenant
 * seeded — plus replicas on request, for measuring how throughput grows with them.
 */
export async function startLoadPlatform(options: LoadPlatformOptions = {}): Promise<LoadPlatform> {
  const log = options.log ?? (() => undefined);
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'garda-load-'));
  await chmod(stateDir, 0o755);
  const { startInfra } = (await importEsm(pathToFileURL(path.join(ROOT, 'deploy/local/infra.mjs')).href)) as {
    startInfra: (options: object) => Promise<{ kafkaBrokers: string; databaseUrl: string; stop(): Promise<void> }>;
  };
  const { createDatabase, dropDatabase, withDatabase } = (await importEsm(
    pathToFileURL(path.join(ROOT, 'deploy/local/postgres.mjs')).href,
  )) as {
    createDatabase(url: string, name: string, options?: object): Promise<void>;
    dropDatabase(url: string, name: string): Promise<void>;
    withDatabase(url: string, name: string): string;
  };
  // A broker of its own: a shared one would carry other runs' events into this one's figures.
  const previousBrokers = process.env.KAFKA_BROKERS;
  delete process.env.KAFKA_BROKERS;
  const databaseName = `garda_load_${Date.now()}`;
  const infra = await startInfra({ stateDir, databaseName }).finally(() => {
    if (previousBrokers !== undefined) process.env.KAFKA_BROKERS = previousBrokers;
  });
  const databaseUrl = withDatabase(infra.databaseUrl, databaseName);
  await createDatabase(databaseUrl, databaseName, { ifMissing: true });
  const processes: LoadPlatform['processes'] = [];
  const jwtSecret = randomBytes(24).toString('hex');
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all(processes.splice(0).map((handle) => handle.stop().catch(() => undefined)));
    await dropDatabase(databaseUrl, databaseName).catch(() => undefined);
    await infra.stop().catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  };
  try {
    log(`Kafka ${infra.kafkaBrokers}; database ${databaseName}`);
    await createTopics(infra.kafkaBrokers);
    const available = services.availableServices();
    const ports = new Map<string, number[]>();
    for (const service of available) {
      const count = Math.max(1, options.replicas?.[service.name] ?? 1);
      const free: number[] = [];
      for (let replica = 0; replica < count; replica += 1) free.push(await freePort());
      ports.set(service.name, free);
    }
    const first = (name: string) => `http://127.0.0.1:${ports.get(name)?.[0]}`;
    const env: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers,
      JWT_SECRET: jwtSecret,
      CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
      WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
      SEED_DEMO: 'true',
      LOG_LEVEL: 'warn',
      SMTP_PORT: '0',
      OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1',
      // Every simulated customer talks from 127.0.0.1: per-address limits would measure themselves.
      WEBCHAT_SESSIONS_PER_ADDRESS: '1000000',
      WEBCHAT_MESSAGES_PER_SESSION: '1000000',
      WEBCHAT_MESSAGES_PER_ADDRESS: '1000000',
      WEBCHAT_CONNECTIONS_PER_ADDRESS: '1000000',
      TICKETS_URL: first('tickets'),
      CUSTOMERS_URL: first('customers'),
      ANALYTICS_URL: first('analytics'),
      ROUTING_URL: first('routing'),
      ...options.env,
    };
    // First replicas together (they seed the demo tenant), then the others.
    const startOne = async (name: string, replica: number) => {
      const port = ports.get(name)![replica - 1];
      const handle = await services.startService(name, {
        env: { ...env, PUBLIC_URL: `http://127.0.0.1:${port}` },
        port,
        onOutput: (service, stream, text) => {
          if (!stopping && /"level":(50|60)|"level":"(error|fatal)"/.test(text))
            log(`[${service}#${replica}] ${text.trim().slice(0, 600)}`);
        },
      });
      processes.push({ ...handle, replica });
      log(`${name}#${replica} ready on ${handle.url}`);
    };
    await Promise.all(available.map((service) => startOne(service.name, 1)));
    for (const service of available)
      for (let replica = 2; replica <= (ports.get(service.name)?.length ?? 1); replica += 1) await startOne(service.name, replica);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kafkaBrokers: infra.kafkaBrokers,
    databaseUrl,
    jwtSecret,
    processes,
    urls: (name) => processes.filter((handle) => handle.name === name).map((handle) => handle.url),
    cpuSeconds: () => {
      const totals: Record<string, number> = {};
      for (const handle of processes) totals[handle.name] = (totals[handle.name] ?? 0) + processCpuSeconds(handle.child.pid);
      return totals;
    },
    stop,
  };
}

async function createTopics(brokers: string): Promise<void> {
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/platform/create-topics.mjs')], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_BROKERS: brokers },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the Kafka topics failed (exit ${code})`);
}

/** utime + stime of a process from /proc (Linux), in seconds; 0 once it has exited. */
export function processCpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux reports process times in USER_HZ, 100 on every mainstream architecture. */
const CLOCK_TICKS = 100;

// `npm start`: the whole platform on one machine, no Docker. Provides Kafka and PostgreSQL
// (deploy/local/infra.mjs), starts every service and the console, seeds the demo tenant, prints the
// URLs and demo logins, and stops everything cleanly on Ctrl-C.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startInfra } from '../../deploy/local/infra.mjs';
import services from './services.cjs';

const { ROOT, availableServices, startService } = services;

const stateDir = path.join(ROOT, '.garda');
const log = (message) => process.stdout.write(`[garda] ${message}\n`);
const running = [];
let infra;
let stopping = false;

async function main() {
  await mkdir(stateDir, { recursive: true });
  const secrets = await localSecrets();
  log('starting Kafka and PostgreSQL…');
  infra = await startInfra({ stateDir, databaseName: 'garda', logger: { info: log, warn: log, error: log } });
  log(`Kafka at ${infra.kafkaBrokers}; PostgreSQL at ${infra.databaseUrl.replace(/:[^:@/]*@/, ':***@')}`);

  const env = {
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    JWT_SECRET: process.env.JWT_SECRET ?? secrets.JWT_SECRET,
    CHANNELS_SECRET_KEY: process.env.CHANNELS_SECRET_KEY ?? secrets.CHANNELS_SECRET_KEY,
    WEBHOOK_SECRET_KEY: process.env.WEBHOOK_SECRET_KEY ?? secrets.WEBHOOK_SECRET_KEY,
    SEED_DEMO: process.env.SEED_DEMO ?? 'true',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // Local development only: webhook receivers and fake providers a developer runs on this machine.
    // Production's default (unset) refuses loopback and private networks.
    OUTBOUND_ALLOWED_NETWORKS: process.env.OUTBOUND_ALLOWED_NETWORKS ?? '127.0.0.0/8,::1',
    // The console below, under either name a developer may type.
    CORS_ALLOWED_ORIGINS:
      process.env.CORS_ALLOWED_ORIGINS ??
      ['localhost', '127.0.0.1'].map((host) => `http://${host}:${process.env.CONSOLE_PORT ?? '4200'}`).join(','),
  };
  await createTopics(env);
  const verbose = process.env.GARDA_VERBOSE === 'true';
  // Services do not need each other to start (they meet over Kafka), so they start together.
  const started = await Promise.allSettled(
    availableServices().map(async (service) => {
      const port = Number(process.env[`${service.name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? service.port);
      const handle = await startService(service.name, {
        env: { ...env, ...serviceUrls(), PUBLIC_URL: `http://localhost:${port}` },
        port,
        onOutput: (name, stream, text) => {
          if (verbose || stream === 'stderr' || /"level":"(error|fatal)"/.test(text)) process.stdout.write(prefix(name, text));
        },
      });
      running.push(handle);
      log(`${service.name} ready on ${handle.url}`);
    }),
  );
  const failed = started.filter((result) => result.status === 'rejected');
  if (failed.length > 0) throw new Error(failed.map((result) => result.reason.message).join('\n'));
  await startConsole(env);
  printWelcome();
}

/**
 * Topics are created once, before the services: seven services racing to create the same topics
 * on a fresh broker would each see the others' "already exists" and the brief leaderless moment.
 */
async function createTopics(env) {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [path.join(ROOT, 'tools/platform/create-topics.mjs')], {
    cwd: ROOT,
    env: { ...process.env, KAFKA_BROKERS: env.KAFKA_BROKERS },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`creating the Kafka topics failed (exit ${code})`);
  const created = JSON.parse(output.trim().split('\n').pop() ?? '{}').created ?? [];
  log(created.length > 0 ? `created ${created.length} Kafka topics from libs/contracts` : 'Kafka topics are in place');
}

/** Where services that call each other over HTTP find one another (the gateway's proxies). */
function serviceUrls() {
  const url = (name) => {
    const service = availableServices().find((candidate) => candidate.name === name);
    const port = process.env[`${name.toUpperCase().replace(/-/g, '_')}_PORT`] ?? service?.port;
    return `http://127.0.0.1:${port}`;
  };
  return {
    TICKETS_URL: url('tickets'),
    CUSTOMERS_URL: url('customers'),
    ANALYTICS_URL: url('analytics'),
    ROUTING_URL: url('routing'),
    CHANNELS_INGEST_URL: url('channels-ingest'),
    NOTIFICATIONS_URL: url('notifications'),
  };
}

async function startConsole(env) {
  const script = path.join(ROOT, 'apps/console/serve.mjs');
  if (!existsSync(script)) return;
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      PORT: process.env.CONSOLE_PORT ?? '4200',
      GATEWAY_URL: process.env.GATEWAY_URL ?? 'http://localhost:3000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  running.push({ name: 'console', stop: async () => (child.exitCode === null ? (child.kill('SIGTERM'), exited) : undefined) });
}

function printWelcome() {
  const password = process.env.DEMO_PASSWORD ?? 'garda-demo';
  log('');
  log('Garda is running.');
  log('  Console (agent desk + wallboard): http://localhost:4200');
  log('  Gateway API + agent socket:       http://localhost:3000   (OpenAPI: /docs)');
  log('  Web-chat demo page (customer):    http://localhost:3001/webchat/demo');
  log('  Demo logins (password for all: ' + password + '):');
  log('    agents:     alice@demo.garda.local, bob@demo.garda.local, carol@demo.garda.local');
  log('    supervisor: sam@demo.garda.local     admin: admin@demo.garda.local');
  log('Press Ctrl-C to stop everything.');
}

/** Secrets are generated per machine and kept out of the repository (.garda/ is ignored). */
async function localSecrets() {
  const file = path.join(stateDir, 'secrets.json');
  const existing = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
  // Generated once per machine and kept (secrets added later join an existing file).
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    CHANNELS_SECRET_KEY: randomBytes(32).toString('hex'),
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('hex'),
    ...existing,
  };
  if (Object.keys(secrets).length !== Object.keys(existing).length)
    await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const handle of running.splice(0).reverse()) await handle.stop().catch(() => undefined);
  await infra?.stop().catch((error) => log(`infrastructure stop: ${error.message}`));
  log('stopped.');
  process.exit(code);
}

const prefix = (name, text) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((line) => `[${name}] ${line}\n`)
    .join('');

// `on`, not `once`: the local broker's own signal hook re-raises a signal nobody else listens to,
// which would cut this graceful stop short. A second Ctrl-C gives up waiting.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) {
      log('stopping now, without waiting.');
      process.exit(130);
    }
    void shutdown(0);
  });
}
main().catch(async (error) => {
  process.stderr.write(`[garda] cannot start: ${error.message}\n`);
  await shutdown(1);
});

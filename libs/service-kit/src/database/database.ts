import { DataSource, type EntitySchema, type MixedList } from 'typeorm';
import type { DatabaseSsl } from '../config/transport-security';
import type { Logger } from 'pino';

export interface DatabaseOptions {
  url: string;
  /** The service's own schema; no service reads another's tables. */
  schema: string;
  applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /** pg's TLS options (service-kit's databaseSslOptions); false: plaintext. */
  ssl?: DatabaseSsl;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    applicationName: options.applicationName,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    ...(options.ssl ? { ssl: options.ssl } : {}),
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
}

/**
 * Connects, creates the service's schema and runs pending migrations. Replicas starting together
 * serialise on an advisory lock, so a migration never runs twice.
 */
export async function initialiseDatabase(dataSource: DataSource, schema: string, logger: Logger): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SELECT pg_advisory_lock(hashtext($1))`, [`garda-migrations:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.info({ migrations: applied.map((m) => m.name) }, 'database migrations applied');
  } finally {
    await runner.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`garda-migrations:${schema}`]).catch(() => undefined);
    await runner.release();
  }
}

/** Refuse to start with a message that says what is wrong, instead of a stack trace. */
export function describeDatabaseError(error: unknown, url: string): string {
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@');
  const message = error instanceof Error ? error.message : String(error);
  return `cannot use the database at ${safeUrl}: ${message}. Set DATABASE_URL to a reachable PostgreSQL.`;
}

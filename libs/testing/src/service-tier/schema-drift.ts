import { createDataSource, createLogger, initialiseDatabase, schemaFor, type ServiceDefinition } from '@garda/service-kit';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { createScratchDatabase } from '../scratch-database';

/**
 * What TypeORM's schema builder would still change after every migration ran: the SQL it would
 * run to make the tables match the entities. Empty when entities and migrations agree (ADR 0061);
 * anything else is drift — an entity changed without a migration, or a migration without its entity.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

/**
 * Statements that only take away what the migrations give the database beyond the entities
 * (CHECK and foreign-key constraints, indexes, column defaults): the migrations own those (ADR
 * 0061), the entities need not repeat them.
 */
const DATABASE_ONLY = [/ DROP CONSTRAINT "/, /^DROP INDEX /, /ALTER COLUMN "[^"]+" DROP DEFAULT$/];

/**
 * The drift that matters: what the schema builder would create, add or alter for the entities —
 * a table, column, type, nullability, key, index or default an entity relies on that the
 * migrations did not make. Empty means every entity can work on the migrated tables.
 */
export async function entityDrift(dataSource: DataSource): Promise<string[]> {
  return (await pendingSchemaChanges(dataSource)).filter((statement) => !DATABASE_ONLY.some((pattern) => pattern.test(statement)));
}

/** A service's database migrated on a scratch database, for checks that need no running service. */
export async function withMigratedDatabase<S extends z.ZodRawShape, R>(
  definition: ServiceDefinition<S>,
  work: (dataSource: DataSource) => Promise<R>,
): Promise<R> {
  const database = await createScratchDatabase(process.env.DATABASE_URL, `garda_schema_${schemaFor(definition.name)}`);
  const schema = schemaFor(definition.name);
  const dataSource = createDataSource({
    url: database.url,
    schema,
    applicationName: `garda-schema-${definition.name}`,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 2,
  });
  try {
    await initialiseDatabase(dataSource, schema, createLogger(definition.name, 'warn'));
    return await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}

import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { databaseSslOptions } from '../config/transport-security';
import { type BaseConfig, ConfigError, loadConfig } from '../config/load-config';
import { createDataSource, describeDatabaseError, initialiseDatabase } from '../database/database';
import { createLogger } from '../logging/logger';
import { schemaFor, type ServiceDefinition, StartupError } from './bootstrap';

export interface TaskContext<C> {
  config: C;
  dataSource: DataSource;
  logger: Logger;
}

/**
 * A one-off maintenance command of a service (e.g. `node main.js reencrypt-secrets`): the service's
 * validated config and its database (migrated first, under the same lock as a start), no Kafka and
 * no HTTP. Runs in the service's own image, so it needs nothing a deployment does not already have.
 */
export async function runServiceTask<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  task: (context: TaskContext<z.output<z.ZodObject<S>> & BaseConfig>) => Promise<void>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const config = loadConfig(definition.name, definition.configShape, env) as z.output<z.ZodObject<S>> & BaseConfig;
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  const schema = schemaFor(definition.name);
  const dataSource = createDataSource({
    url: config.DATABASE_URL,
    schema,
    applicationName: `garda-${definition.name}-task`,
    entities: definition.entities,
    migrations: definition.migrations,
    ssl: databaseSslOptions(config),
  });
  try {
    await initialiseDatabase(dataSource, schema, logger);
  } catch (error) {
    throw new StartupError(describeDatabaseError(error, config.DATABASE_URL));
  }
  try {
    await task({ config, dataSource, logger });
  } finally {
    await dataSource.destroy();
  }
}

/** main.ts's entry for a task: exit 0 when it is done, 1 with one clear line when it fails. */
export function runTaskMain<S extends z.ZodRawShape>(
  definition: ServiceDefinition<S>,
  task: (context: TaskContext<z.output<z.ZodObject<S>> & BaseConfig>) => Promise<void>,
): void {
  runServiceTask(definition, task).then(
    () => process.exit(0),
    (error: unknown) => {
      const message =
        error instanceof ConfigError || error instanceof StartupError ? error.message : String((error as Error)?.stack ?? error);
      process.stderr.write(`${JSON.stringify({ level: 'fatal', service: definition.name, msg: message })}\n`);
      process.exit(1);
    },
  );
}

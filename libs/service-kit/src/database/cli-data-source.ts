import type { z } from 'zod';
import type { ServiceDefinition } from '../runtime/bootstrap';
import { schemaFor } from '../runtime/bootstrap';
import { createDataSource } from './database';

/**
 * The DataSource the TypeORM CLI loads for one service (apps/<service>/src/data-source.ts): the
 * service's entities, migrations and schema on DATABASE_URL, as the service itself uses them, so
 * `npm run db:migration -- generate <service> <Name>` writes the migration an entity change needs (ADR 0061).
 */
export function cliDataSource<S extends z.ZodRawShape>(definition: ServiceDefinition<S>, env: NodeJS.ProcessEnv = process.env) {
  const url = env.DATABASE_URL;
  if (!url) throw new Error(`DATABASE_URL is not set: point it at the database whose ${definition.name} schema the migration starts from`);
  return createDataSource({
    url,
    schema: schemaFor(definition.name),
    applicationName: `garda-${definition.name}-cli`,
    entities: definition.entities,
    migrations: definition.migrations,
    poolSize: 1,
  });
}

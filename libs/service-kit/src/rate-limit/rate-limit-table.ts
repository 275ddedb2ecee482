import type { MigrationInterface, QueryRunner } from 'typeorm';

export const RATE_LIMIT_TABLE = 'rate_limit';

/**
 * The table rate-limiter-flexible's PostgreSQL store writes (its column order: key, points,
 * expire in epoch ms). `key` is text rather than the library's varchar(255) because keys carry
 * e-mail addresses and account ids. Add it to a service's migrations with
 * `rateLimitTableMigrationFor('<service>', <timestamp>)`.
 */
export function rateLimitTableMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `RateLimitTable${timestamp}`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}"."${RATE_LIMIT_TABLE}" (
        "key" text PRIMARY KEY,
        "points" integer NOT NULL DEFAULT 0,
        "expire" bigint
      )`);
      await runner.query(`CREATE INDEX "idx_rate_limit_expire" ON "${schema}"."${RATE_LIMIT_TABLE}" ("expire")`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}"."${RATE_LIMIT_TABLE}"`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

/** The rate-limit table in a service's own schema, e.g. `rateLimitTableMigrationFor('channels-ingest', 1733000000000)`. */
export const rateLimitTableMigrationFor = (serviceName: string, timestamp: number) =>
  rateLimitTableMigration(serviceName.replace(/-/g, '_'), timestamp);

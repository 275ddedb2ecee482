import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox (events waiting to be published, written in the same transaction as the change they
 * announce) and the inbox (messages already processed by a consumer group, so a redelivery changes
 * nothing). Every service that produces or consumes owns both tables in its own schema.
 */
export function messagingTablesMigration(schema: string, timestamp = 1700000000000): new () => MigrationInterface {
  const name = `MessagingTables${timestamp}`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`CREATE TABLE "${schema}"."outbox" (
        "id" bigserial PRIMARY KEY,
        "topic" text NOT NULL,
        "message_key" text NOT NULL,
        "payload" text NOT NULL,
        "headers" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
      await runner.query(`CREATE TABLE "${schema}"."inbox" (
        "consumer_group" text NOT NULL,
        "message_id" text NOT NULL,
        "topic" text NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_inbox" PRIMARY KEY ("consumer_group", "message_id")
      )`);
      await runner.query(`CREATE INDEX "idx_inbox_processed_at" ON "${schema}"."inbox" ("processed_at")`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}"."inbox"`);
      await runner.query(`DROP TABLE "${schema}"."outbox"`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

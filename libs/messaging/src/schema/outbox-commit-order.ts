import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transaction that wrote each outbox row, so the relay publishes in commit order per key
 * (ADR 0056): a row is published only once every older transaction has ended, in (txid, id) order.
 */
export function outboxCommitOrderMigration(schema: string, timestamp = 1796279830407): new () => MigrationInterface {
  const name = `OutboxCommitOrder${timestamp}`;
  const migration = class implements MigrationInterface {
    name = name;
    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`ALTER TABLE "${schema}"."outbox" ADD COLUMN "txid" xid8 NOT NULL DEFAULT pg_current_xact_id()`);
      await runner.query(`CREATE INDEX "idx_outbox_txid" ON "${schema}"."outbox" ("txid", "id")`);
    }
    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP INDEX "${schema}"."idx_outbox_txid"`);
      await runner.query(`ALTER TABLE "${schema}"."outbox" DROP COLUMN "txid"`);
    }
  };
  Object.defineProperty(migration, 'name', { value: name });
  return migration;
}

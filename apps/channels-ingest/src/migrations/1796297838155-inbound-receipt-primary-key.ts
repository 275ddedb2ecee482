import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The receipt's unique key becomes its primary key (generated with `npm run db:migration`, then
 * trimmed to this change): the entity has always declared (account_id, provider_message_id) as its
 * key, and the drift test (ADR 0061) needs the table to agree. Inserts keep their
 * `ON CONFLICT ("account_id", "provider_message_id")`: a primary key is the same unique index.
 */
export class InboundReceiptPrimaryKey1796297838155 implements MigrationInterface {
  name = 'InboundReceiptPrimaryKey1796297838155';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "channels_ingest"."inbound_receipt" DROP CONSTRAINT "uq_inbound_receipt",
      ADD CONSTRAINT "pk_inbound_receipt" PRIMARY KEY ("account_id", "provider_message_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "channels_ingest"."inbound_receipt" DROP CONSTRAINT "pk_inbound_receipt",
      ADD CONSTRAINT "uq_inbound_receipt" UNIQUE ("account_id", "provider_message_id")`);
  }
}

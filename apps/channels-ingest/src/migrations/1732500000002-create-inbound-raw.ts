import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateInboundRaw1732500000002 implements MigrationInterface {
  name = 'CreateInboundRaw1732500000002';

  async up(runner: QueryRunner): Promise<void> {
    // The provider's delivery exactly as received (signed JSON, form body, MIME message), which
    // InboundMessage.rawPayloadRef points at: for audits, disputes and re-parsing after a fix.
    await runner.query(`CREATE TABLE "channels_ingest"."inbound_raw" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "account_id" text NOT NULL,
      "content_type" text NOT NULL,
      "payload" bytea NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_inbound_raw_received_at" ON "channels_ingest"."inbound_raw" ("received_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."inbound_raw"`);
  }
}

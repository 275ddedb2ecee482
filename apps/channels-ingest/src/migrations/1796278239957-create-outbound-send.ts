import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOutboundSend1796278239957 implements MigrationInterface {
  name = 'CreateOutboundSend1796278239957';

  async up(runner: QueryRunner): Promise<void> {
    // One row per outbound message that reached the point of being sent (outbound/send-once/send-once.ts):
    // claimed (status NULL, a lease) → sent, delivered or failed. Written outside the consumer's transaction,
    // so a provider's answer is kept even when the handler's later writes roll back.
    await runner.query(`CREATE TABLE "channels_ingest"."outbound_send" (
      "tenant_id" text NOT NULL,
      "message_id" text NOT NULL,
      "channel" text NOT NULL,
      "claimed_by" text NOT NULL,
      "lease_until" timestamptz NOT NULL,
      "attempts" integer NOT NULL DEFAULT 1,
      "status" text,
      "provider_message_id" text,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "recorded_at" timestamptz,
      CONSTRAINT "pk_outbound_send" PRIMARY KEY ("tenant_id", "message_id"),
      CONSTRAINT "chk_outbound_send_status" CHECK ("status" IS NULL OR "status" IN ('sent', 'delivered', 'failed'))
    )`);
    await runner.query(`CREATE INDEX "idx_outbound_send_created_at" ON "channels_ingest"."outbound_send" ("created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."outbound_send"`);
  }
}

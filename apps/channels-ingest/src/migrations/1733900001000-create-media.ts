import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateMedia1733900001000 implements MigrationInterface {
  name = 'CreateMedia1733900001000';

  async up(runner: QueryRunner): Promise<void> {
    // Every stored attachment: where it is in the media store, what it is, and whose it is.
    await runner.query(`CREATE TABLE "channels_ingest"."media_object" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "storage_key" text NOT NULL,
      "content_type" text NOT NULL,
      "size_bytes" bigint NOT NULL CHECK ("size_bytes" >= 0),
      "sha256" text NOT NULL,
      "filename" text,
      "source" text NOT NULL CHECK ("source" IN ('customer', 'agent', 'recording')),
      "account_id" text,
      "webchat_session_id" uuid,
      "provider_key" text,
      "uploaded_by" uuid,
      "customer_id" uuid,
      "conversation_id" uuid,
      "ticket_id" uuid,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_media_object_provider_key" ON "channels_ingest"."media_object" ("tenant_id", "provider_key") WHERE "provider_key" IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "idx_media_object_customer" ON "channels_ingest"."media_object" ("tenant_id", "customer_id")`);
    // What a web-chat line carried, so a reloaded widget shows the files again.
    await runner.query(`ALTER TABLE "channels_ingest"."webchat_transcript" ADD COLUMN "attachments" jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "channels_ingest"."webchat_transcript" DROP COLUMN "attachments"`);
    await runner.query(`DROP TABLE "channels_ingest"."media_object"`);
  }
}

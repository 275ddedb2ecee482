import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateWhatsappTemplates1733900002000 implements MigrationInterface {
  name = 'CreateWhatsappTemplates1733900002000';

  async up(runner: QueryRunner): Promise<void> {
    // A WhatsApp account's approved message templates, as last read from Meta's Graph API.
    await runner.query(`CREATE TABLE "channels_ingest"."whatsapp_template" (
      "account_id" text NOT NULL REFERENCES "channels_ingest"."channel_account" ("id") ON DELETE CASCADE,
      "name" text NOT NULL,
      "language" text NOT NULL,
      "category" text,
      "body" text NOT NULL,
      "parameters" jsonb NOT NULL,
      "synced_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_whatsapp_template" PRIMARY KEY ("account_id", "name", "language")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."whatsapp_template"`);
  }
}

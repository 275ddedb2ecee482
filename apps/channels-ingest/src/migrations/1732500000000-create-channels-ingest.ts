import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChannelsIngest1732500000000 implements MigrationInterface {
  name = 'CreateChannelsIngest1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "channels_ingest"."channel_account" (
      "id" text PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "channel" text NOT NULL,
      "display_name" text NOT NULL,
      "config" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "secrets_encrypted" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_channel_account_tenant" ON "channels_ingest"."channel_account" ("tenant_id")`);
    // Provider-side identifiers (WhatsApp phone_number_id, Meta page id, Twilio number, inbound
    // e-mail address) that tell a webhook which account it is for; one account may have several.
    await runner.query(`CREATE TABLE "channels_ingest"."channel_address" (
      "channel" text NOT NULL,
      "address" text NOT NULL,
      "account_id" text NOT NULL REFERENCES "channels_ingest"."channel_account" ("id") ON DELETE CASCADE,
      CONSTRAINT "pk_channel_address" PRIMARY KEY ("channel", "address")
    )`);
    await runner.query(`CREATE INDEX "idx_channel_address_account" ON "channels_ingest"."channel_address" ("account_id")`);
    // One row per provider message accepted: a provider's retry of the same id finds it and publishes nothing.
    await runner.query(`CREATE TABLE "channels_ingest"."inbound_receipt" (
      "account_id" text NOT NULL,
      "provider_message_id" text NOT NULL,
      "message_id" uuid NOT NULL,
      "received_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "uq_inbound_receipt" UNIQUE ("account_id", "provider_message_id")
    )`);
    await runner.query(`CREATE INDEX "idx_inbound_receipt_received_at" ON "channels_ingest"."inbound_receipt" ("received_at")`);
    // What a web-chat visitor and the agents said, so a resumed session (page reload) shows its history.
    await runner.query(`CREATE TABLE "channels_ingest"."webchat_transcript" (
      "id" bigserial PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "account_id" text NOT NULL,
      "session_id" uuid NOT NULL,
      "message_id" uuid NOT NULL,
      "direction" text NOT NULL CHECK ("direction" IN ('inbound', 'outbound')),
      "text" text NOT NULL,
      "author_name" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "uq_webchat_transcript_message" UNIQUE ("message_id")
    )`);
    await runner.query(`CREATE INDEX "idx_webchat_transcript_session" ON "channels_ingest"."webchat_transcript" ("session_id", "id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."webchat_transcript"`);
    await runner.query(`DROP TABLE "channels_ingest"."inbound_receipt"`);
    await runner.query(`DROP TABLE "channels_ingest"."channel_address"`);
    await runner.query(`DROP TABLE "channels_ingest"."channel_account"`);
  }
}

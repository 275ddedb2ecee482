import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVoiceCalls1733900000000 implements MigrationInterface {
  name = 'CreateVoiceCalls1733900000000';

  async up(runner: QueryRunner): Promise<void> {
    // One phone call (a caller's, or a callback Garda places), from the first webhook to its end.
    await runner.query(`CREATE TABLE "channels_ingest"."voice_call" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "account_id" text NOT NULL,
      "direction" text NOT NULL CHECK ("direction" IN ('inbound', 'callback')),
      "call_sid" text,
      "customer_number" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('ivr', 'queued', 'callback-pending', 'connecting', 'in-progress', 'completed', 'abandoned', 'failed')),
      "language" text NOT NULL,
      "queue" text,
      "required_skills" jsonb NOT NULL DEFAULT '[]'::jsonb,
      "thread_key" text NOT NULL,
      "inbound_message_id" uuid,
      "conversation_id" uuid,
      "agent_id" uuid,
      "contact_id" uuid,
      "source_call_id" uuid,
      "answered_at" timestamptz,
      "ended_at" timestamptz,
      "duration_seconds" integer,
      "recording_url" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_voice_call_sid" ON "channels_ingest"."voice_call" ("call_sid") WHERE "call_sid" IS NOT NULL`,
    );
    await runner.query(
      `CREATE UNIQUE INDEX "uq_voice_call_inbound_message" ON "channels_ingest"."voice_call" ("inbound_message_id") WHERE "inbound_message_id" IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "idx_voice_call_conversation" ON "channels_ingest"."voice_call" ("conversation_id")`);
    // At most one callback task per missed call, whatever Twilio repeats.
    await runner.query(
      `CREATE UNIQUE INDEX "uq_voice_call_callback_source" ON "channels_ingest"."voice_call" ("source_call_id") WHERE "source_call_id" IS NOT NULL`,
    );
    // What happened on a call, kept until the conversation exists and then published (channels.call-event.v1).
    await runner.query(`CREATE TABLE "channels_ingest"."voice_call_event" (
      "id" uuid PRIMARY KEY,
      "call_id" uuid NOT NULL REFERENCES "channels_ingest"."voice_call" ("id") ON DELETE CASCADE,
      "seq" bigserial NOT NULL,
      "kind" text NOT NULL,
      "payload" jsonb NOT NULL,
      "published_at" timestamptz,
      CONSTRAINT "uq_voice_call_event_kind" UNIQUE ("call_id", "kind")
    )`);
    // routing's assignment of a voice contact, kept until the call can be connected (in either order).
    await runner.query(`CREATE TABLE "channels_ingest"."voice_assignment" (
      "conversation_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "contact_id" uuid NOT NULL,
      "agent_id" uuid NOT NULL,
      "assigned_at" timestamptz NOT NULL
    )`);
    // Where an agent takes calls when the account rings agents' phones.
    await runner.query(`CREATE TABLE "channels_ingest"."voice_agent_endpoint" (
      "tenant_id" uuid NOT NULL,
      "agent_id" uuid NOT NULL,
      "phone_number" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_voice_agent_endpoint" PRIMARY KEY ("tenant_id", "agent_id")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."voice_agent_endpoint"`);
    await runner.query(`DROP TABLE "channels_ingest"."voice_assignment"`);
    await runner.query(`DROP TABLE "channels_ingest"."voice_call_event"`);
    await runner.query(`DROP TABLE "channels_ingest"."voice_call"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProviderTables1732500000001 implements MigrationInterface {
  name = 'CreateProviderTables1732500000001';

  async up(runner: QueryRunner): Promise<void> {
    // Every outbound message handed to a provider, so the provider's later status callbacks
    // (which only name the provider's id) can be attached to the Garda message they describe.
    await runner.query(`CREATE TABLE "channels_ingest"."outbound_delivery" (
      "message_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "account_id" text NOT NULL,
      "channel" text NOT NULL,
      "conversation_id" uuid NOT NULL,
      "thread_key" text NOT NULL,
      "provider_message_id" text,
      "status" text NOT NULL,
      "error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_outbound_delivery_provider_id" ON "channels_ingest"."outbound_delivery" ("channel", "provider_message_id") WHERE "provider_message_id" IS NOT NULL`,
    );
    // When the customer last wrote on a thread: WhatsApp allows free-form replies only within 24 hours of it.
    await runner.query(`CREATE TABLE "channels_ingest"."customer_window" (
      "account_id" text NOT NULL,
      "thread_key" text NOT NULL,
      "last_inbound_at" timestamptz NOT NULL,
      CONSTRAINT "pk_customer_window" PRIMARY KEY ("account_id", "thread_key")
    )`);
    // Which e-mail thread a Message-ID belongs to (ours and the customer's), for In-Reply-To/References threading.
    await runner.query(`CREATE TABLE "channels_ingest"."email_message_index" (
      "account_id" text NOT NULL,
      "message_id_header" text NOT NULL,
      "thread_key" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_email_message_index" PRIMARY KEY ("account_id", "message_id_header")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."email_message_index"`);
    await runner.query(`DROP TABLE "channels_ingest"."customer_window"`);
    await runner.query(`DROP TABLE "channels_ingest"."outbound_delivery"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateTickets1732400000000 implements MigrationInterface {
  name = 'CreateTickets1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "tickets"."ticket" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "customer_id" uuid NOT NULL,
      "subject" text NOT NULL,
      "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'pending', 'solved', 'closed')),
      "priority" text NOT NULL DEFAULT 'normal' CHECK ("priority" IN ('low', 'normal', 'high', 'urgent')),
      "assignee_id" uuid,
      "queue" text,
      "disposition" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_ticket_tenant_customer" ON "tickets"."ticket" ("tenant_id", "customer_id")`);
    await runner.query(`CREATE TABLE "tickets"."conversation" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL REFERENCES "tickets"."ticket" ("id"),
      "customer_id" uuid NOT NULL,
      "customer_name" text,
      "channel" text NOT NULL,
      "account_id" text NOT NULL,
      "thread_key" text NOT NULL,
      "recipient_identity_type" text NOT NULL,
      "recipient_value" text NOT NULL,
      "status" text NOT NULL DEFAULT 'open' CHECK ("status" IN ('open', 'closed')),
      "assigned_agent_id" uuid,
      "contact_id" uuid NOT NULL,
      "subject" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "last_message_at" timestamptz NOT NULL DEFAULT now(),
      "closed_at" timestamptz
    )`);
    // One open conversation per thread: a customer's next message always lands in it.
    await runner.query(`CREATE UNIQUE INDEX "uq_conversation_open_thread" ON "tickets"."conversation"
      ("tenant_id", "channel", "account_id", "thread_key") WHERE "status" = 'open'`);
    await runner.query(`CREATE INDEX "idx_conversation_agent" ON "tickets"."conversation" ("tenant_id", "assigned_agent_id", "status")`);
    await runner.query(`CREATE INDEX "idx_conversation_customer" ON "tickets"."conversation" ("tenant_id", "customer_id")`);
    await runner.query(`CREATE TABLE "tickets"."message" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL REFERENCES "tickets"."conversation" ("id"),
      "direction" text NOT NULL CHECK ("direction" IN ('inbound', 'outbound')),
      "author_type" text NOT NULL CHECK ("author_type" IN ('customer', 'agent', 'system')),
      "author_id" text,
      "author_name" text,
      "text" text NOT NULL,
      "attachments" jsonb NOT NULL DEFAULT '[]',
      "internal" boolean NOT NULL DEFAULT false,
      "provider_message_id" text,
      "delivery_status" text,
      "delivery_error" text,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_message_conversation" ON "tickets"."message" ("conversation_id", "created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "tickets"."message"`);
    await runner.query(`DROP TABLE "tickets"."conversation"`);
    await runner.query(`DROP TABLE "tickets"."ticket"`);
  }
}

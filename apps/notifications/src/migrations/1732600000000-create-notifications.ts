import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notifications' state:
 *  - message_link / conversation_recipient: who a conversation's customer is on their channel, joined
 *    from identified messages (channel, account, thread, sender) and conversation messages
 *    (conversation id), so a survey can be addressed; survey_sent_at makes the survey once-only;
 *  - webhook_endpoint / webhook_delivery: tenants' endpoints and the delivery log with retries;
 *  - sla_policy / waiting_contact: max wait per queue and the contacts being watched.
 */
export class CreateNotifications1732600000000 implements MigrationInterface {
  name = 'CreateNotifications1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "notifications"."message_link" (
      "message_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid,
      "channel" text,
      "account_id" text,
      "thread_key" text,
      "identity_type" text,
      "identity_value" text,
      "subject" text,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_message_link_created" ON "notifications"."message_link" ("created_at")`);
    await runner.query(`CREATE TABLE "notifications"."conversation_recipient" (
      "conversation_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "channel" text,
      "account_id" text,
      "thread_key" text,
      "identity_type" text,
      "identity_value" text,
      "subject" text,
      "closed_at" timestamptz,
      "closed_by_agent_id" uuid,
      "survey_message_id" uuid,
      "survey_sent_at" timestamptz
    )`);
    await runner.query(`CREATE TABLE "notifications"."webhook_endpoint" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "url" text NOT NULL,
      "events" text[] NOT NULL,
      "secret" text NOT NULL,
      "description" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "deleted_at" timestamptz
    )`);
    await runner.query(
      `CREATE INDEX "idx_webhook_endpoint_tenant" ON "notifications"."webhook_endpoint" ("tenant_id") WHERE "deleted_at" IS NULL`,
    );
    await runner.query(`CREATE TABLE "notifications"."webhook_delivery" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "endpoint_id" uuid NOT NULL REFERENCES "notifications"."webhook_endpoint" ("id"),
      "event_id" text NOT NULL,
      "event_type" text NOT NULL,
      "payload" jsonb NOT NULL,
      "occurred_at" timestamptz NOT NULL,
      "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'delivered', 'failed')),
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
      "last_status_code" integer,
      "last_error" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "delivered_at" timestamptz,
      CONSTRAINT "uq_webhook_delivery_event" UNIQUE ("endpoint_id", "event_id")
    )`);
    await runner.query(
      `CREATE INDEX "idx_webhook_delivery_due" ON "notifications"."webhook_delivery" ("next_attempt_at") WHERE "status" = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX "idx_webhook_delivery_endpoint" ON "notifications"."webhook_delivery" ("endpoint_id", "created_at" DESC)`,
    );
    await runner.query(`CREATE TABLE "notifications"."sla_policy" (
      "tenant_id" uuid NOT NULL,
      "queue_name" text NOT NULL,
      "max_wait_seconds" integer NOT NULL CHECK ("max_wait_seconds" > 0),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_sla_policy" PRIMARY KEY ("tenant_id", "queue_name")
    )`);
    await runner.query(`CREATE TABLE "notifications"."waiting_contact" (
      "contact_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL,
      "queue_name" text,
      "channel" text,
      "arrived_at" timestamptz NOT NULL,
      "left_at" timestamptz,
      "alerted_at" timestamptz
    )`);
    await runner.query(
      `CREATE INDEX "idx_waiting_contact_watch" ON "notifications"."waiting_contact" ("arrived_at") WHERE "left_at" IS NULL AND "alerted_at" IS NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'waiting_contact',
      'sla_policy',
      'webhook_delivery',
      'webhook_endpoint',
      'conversation_recipient',
      'message_link',
    ]) {
      await runner.query(`DROP TABLE "notifications"."${table}"`);
    }
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * analytics' projection of the event stream (see docs/adr/0008-analytics-projection.md):
 *  - contact: one row per routed contact, its queue, arrival, answer/abandon and close; real-time
 *    "in queue" figures and exact KPIs are read from it;
 *  - interval_stat: 15-minute counters per queue, for charts and "today" figures;
 *  - queue, agent, agent_queue, conversation: what the events tell about them.
 * Rows are written only inside consumer handlers (inbox dedupe), so a redelivery changes nothing.
 */
export class CreateAnalytics1732600000000 implements MigrationInterface {
  name = 'CreateAnalytics1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "analytics"."queue" (
      "tenant_id" uuid NOT NULL,
      "name" text NOT NULL,
      "queue_id" uuid,
      "is_default" boolean NOT NULL DEFAULT false,
      "service_level_seconds" integer NOT NULL CHECK ("service_level_seconds" > 0),
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_queue" PRIMARY KEY ("tenant_id", "name")
    )`);
    await runner.query(`CREATE TABLE "analytics"."contact" (
      "contact_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL,
      "customer_id" uuid,
      "channel" text NOT NULL,
      "queue_name" text NOT NULL,
      "requested_queue" text,
      "queue_confirmed" boolean NOT NULL DEFAULT false,
      "status" text NOT NULL CHECK ("status" IN ('waiting', 'answered', 'abandoned')),
      "arrived_at" timestamptz NOT NULL,
      "agent_id" uuid,
      "answered_at" timestamptz,
      "abandoned_at" timestamptz,
      "waited_seconds" double precision,
      "within_service_level" boolean,
      "closed_at" timestamptz,
      "offers" integer NOT NULL DEFAULT 0
    )`);
    await runner.query(`CREATE INDEX "idx_contact_tenant_status_queue" ON "analytics"."contact" ("tenant_id", "status", "queue_name")`);
    await runner.query(`CREATE INDEX "idx_contact_tenant_arrived" ON "analytics"."contact" ("tenant_id", "arrived_at")`);
    await runner.query(`CREATE INDEX "idx_contact_conversation" ON "analytics"."contact" ("conversation_id")`);
    await runner.query(`CREATE INDEX "idx_contact_agent_open" ON "analytics"."contact" ("agent_id") WHERE "closed_at" IS NULL`);
    await runner.query(`CREATE TABLE "analytics"."interval_stat" (
      "tenant_id" uuid NOT NULL,
      "queue_name" text NOT NULL,
      "interval_start" timestamptz NOT NULL,
      "contacts_queued" integer NOT NULL DEFAULT 0,
      "contacts_answered" integer NOT NULL DEFAULT 0,
      "answered_within_sl" integer NOT NULL DEFAULT 0,
      "answer_wait_seconds" double precision NOT NULL DEFAULT 0,
      "contacts_abandoned" integer NOT NULL DEFAULT 0,
      "abandoned_within_sl" integer NOT NULL DEFAULT 0,
      "abandon_wait_seconds" double precision NOT NULL DEFAULT 0,
      "contacts_handled" integer NOT NULL DEFAULT 0,
      "handle_seconds" double precision NOT NULL DEFAULT 0,
      CONSTRAINT "pk_interval_stat" PRIMARY KEY ("tenant_id", "interval_start", "queue_name")
    )`);
    await runner.query(`CREATE TABLE "analytics"."agent" (
      "agent_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "name" text,
      "state" text NOT NULL CHECK ("state" IN ('available', 'away', 'offline', 'after-contact-work')),
      "state_reason" text,
      "state_since" timestamptz NOT NULL
    )`);
    await runner.query(`CREATE INDEX "idx_agent_tenant" ON "analytics"."agent" ("tenant_id")`);
    await runner.query(`CREATE TABLE "analytics"."agent_queue" (
      "agent_id" uuid NOT NULL,
      "tenant_id" uuid NOT NULL,
      "queue_name" text NOT NULL,
      "last_offered_at" timestamptz NOT NULL,
      CONSTRAINT "pk_agent_queue" PRIMARY KEY ("agent_id", "queue_name")
    )`);
    await runner.query(`CREATE INDEX "idx_agent_queue_tenant" ON "analytics"."agent_queue" ("tenant_id")`);
    await runner.query(`CREATE TABLE "analytics"."conversation" (
      "conversation_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "customer_id" uuid,
      "channel" text,
      "started_at" timestamptz,
      "first_response_at" timestamptz,
      "closed_at" timestamptz,
      "closed_by_agent_id" uuid
    )`);
    await runner.query(
      `CREATE INDEX "idx_conversation_tenant_customer" ON "analytics"."conversation" ("tenant_id", "customer_id", "started_at")`,
    );
    await runner.query(`CREATE INDEX "idx_conversation_tenant_closed" ON "analytics"."conversation" ("tenant_id", "closed_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['conversation', 'agent_queue', 'agent', 'interval_stat', 'contact', 'queue']) {
      await runner.query(`DROP TABLE "analytics"."${table}"`);
    }
  }
}

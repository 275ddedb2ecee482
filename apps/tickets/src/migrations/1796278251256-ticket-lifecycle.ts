import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tickets that live from the first message to closed (docs/tickets.md): the full status set, a
 * number per tenant, type, tags, follow-ups, a history row per change, durable timers and the
 * tenant's lifecycle settings.
 */
export class TicketLifecycle1796278251256 implements MigrationInterface {
  name = 'TicketLifecycle1796278251256';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "tickets"."ticket" DROP CONSTRAINT IF EXISTS "ticket_status_check"`);
    await runner.query(`ALTER TABLE "tickets"."ticket"
      ADD CONSTRAINT "ck_ticket_status" CHECK ("status" IN ('new', 'open', 'pending', 'on-hold', 'solved', 'closed')),
      ALTER COLUMN "status" SET DEFAULT 'new',
      ADD COLUMN "number" integer,
      ADD COLUMN "type" text CHECK ("type" IN ('question', 'incident', 'problem', 'complaint', 'request', 'task')),
      ADD COLUMN "tags" text[] NOT NULL DEFAULT '{}',
      ADD COLUMN "channel" text,
      ADD COLUMN "customer_name" text,
      ADD COLUMN "customer_address" text,
      ADD COLUMN "follow_up_of" uuid REFERENCES "tickets"."ticket" ("id"),
      ADD COLUMN "status_changed_at" timestamptz NOT NULL DEFAULT now(),
      ADD COLUMN "solved_at" timestamptz,
      ADD COLUMN "survey_kind" text CHECK ("survey_kind" IN ('csat', 'nps')),
      ADD COLUMN "survey_score" smallint,
      ADD COLUMN "survey_comment" text,
      ADD COLUMN "survey_answered_at" timestamptz`);
    // Tickets from before numbers: numbered in creation order per tenant, from #1001.
    await runner.query(`UPDATE "tickets"."ticket" t SET "number" = n.rn + 1000 FROM (
      SELECT "id", row_number() OVER (PARTITION BY "tenant_id" ORDER BY "created_at", "id") AS rn FROM "tickets"."ticket") n WHERE n."id" = t."id"`);
    await runner.query(`ALTER TABLE "tickets"."ticket" ALTER COLUMN "number" SET NOT NULL`);
    await runner.query(`CREATE UNIQUE INDEX "uq_ticket_tenant_number" ON "tickets"."ticket" ("tenant_id", "number")`);
    await runner.query(`CREATE TABLE "tickets"."ticket_number_counter" (
      "tenant_id" uuid PRIMARY KEY,
      "last_number" integer NOT NULL
    )`);
    await runner.query(`INSERT INTO "tickets"."ticket_number_counter" ("tenant_id", "last_number")
      SELECT "tenant_id", max("number") FROM "tickets"."ticket" GROUP BY "tenant_id"`);
    await runner.query(`CREATE TABLE "tickets"."ticket_history" (
      "id" bigserial PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL REFERENCES "tickets"."ticket" ("id"),
      "field" text NOT NULL,
      "from_value" text,
      "to_value" text,
      "actor_type" text NOT NULL CHECK ("actor_type" IN ('agent', 'supervisor', 'admin', 'customer', 'system')),
      "actor_id" text,
      "actor_name" text,
      "reason" text,
      "changed_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_ticket_history_ticket" ON "tickets"."ticket_history" ("ticket_id", "changed_at")`);
    // Durable timers: one row per (ticket, kind); replicas claim due rows with FOR UPDATE SKIP LOCKED.
    await runner.query(`CREATE TABLE "tickets"."ticket_timer" (
      "ticket_id" uuid NOT NULL REFERENCES "tickets"."ticket" ("id"),
      "kind" text NOT NULL CHECK ("kind" IN ('auto-close', 'pending-reminder', 'pending-solve')),
      "tenant_id" uuid NOT NULL,
      "due_at" timestamptz NOT NULL,
      PRIMARY KEY ("ticket_id", "kind")
    )`);
    await runner.query(`CREATE INDEX "idx_ticket_timer_due" ON "tickets"."ticket_timer" ("due_at")`);
    await runner.query(`CREATE TABLE "tickets"."ticket_settings" (
      "tenant_id" uuid PRIMARY KEY,
      "reopen_window_seconds" integer NOT NULL,
      "auto_close_seconds" integer NOT NULL,
      "pending_reminder_seconds" integer NOT NULL,
      "pending_solve_seconds" integer NOT NULL,
      "pending_reminder_text" text,
      "stranded_text" text,
      "tag_vocabulary" text[] NOT NULL DEFAULT '{}',
      "free_tags" boolean NOT NULL DEFAULT true,
      "survey_kind" text NOT NULL DEFAULT 'csat' CHECK ("survey_kind" IN ('csat', 'nps')),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX "idx_conversation_thread" ON "tickets"."conversation" ("tenant_id", "channel", "account_id", "thread_key", "created_at")`,
    );
    await runner.query(`CREATE INDEX "idx_conversation_ticket" ON "tickets"."conversation" ("ticket_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "tickets"."idx_conversation_ticket"`);
    await runner.query(`DROP INDEX "tickets"."idx_conversation_thread"`);
    await runner.query(`DROP TABLE "tickets"."ticket_settings"`);
    await runner.query(`DROP TABLE "tickets"."ticket_timer"`);
    await runner.query(`DROP TABLE "tickets"."ticket_history"`);
    await runner.query(`DROP TABLE "tickets"."ticket_number_counter"`);
    await runner.query(`UPDATE "tickets"."ticket" SET "status" = 'open' WHERE "status" IN ('new', 'on-hold')`);
    await runner.query(`ALTER TABLE "tickets"."ticket" DROP CONSTRAINT "ck_ticket_status",
      ALTER COLUMN "status" SET DEFAULT 'open',
      DROP COLUMN "number", DROP COLUMN "type", DROP COLUMN "tags", DROP COLUMN "channel", DROP COLUMN "customer_name",
      DROP COLUMN "customer_address", DROP COLUMN "follow_up_of", DROP COLUMN "status_changed_at", DROP COLUMN "solved_at",
      DROP COLUMN "survey_kind", DROP COLUMN "survey_score", DROP COLUMN "survey_comment", DROP COLUMN "survey_answered_at"`);
    await runner.query(
      `ALTER TABLE "tickets"."ticket" ADD CONSTRAINT "ticket_status_check" CHECK ("status" IN ('open', 'pending', 'solved', 'closed'))`,
    );
  }
}

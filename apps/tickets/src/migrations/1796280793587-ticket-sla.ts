import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA in one place (docs/tickets.md#sla): targets per priority, optionally per queue and channel,
 * a business calendar per tenant, and each ticket's running clocks and next deadline.
 */
export class TicketSla1796280793587 implements MigrationInterface {
  name = 'TicketSla1796280793587';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "tickets"."sla_policy" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "priority" text CHECK ("priority" IN ('low', 'normal', 'high', 'urgent')),
      "queue" text,
      "channel" text,
      "first_response_seconds" integer,
      "next_response_seconds" integer,
      "resolution_seconds" integer,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE UNIQUE INDEX "uq_sla_policy_scope" ON "tickets"."sla_policy"
      ("tenant_id", coalesce("priority", ''), coalesce("queue", ''), coalesce("channel", ''))`);
    await runner.query(`CREATE TABLE "tickets"."sla_calendar" (
      "tenant_id" uuid PRIMARY KEY,
      "time_zone" text NOT NULL DEFAULT 'UTC',
      "weekly" jsonb,
      "holidays" text[] NOT NULL DEFAULT '{}',
      "warning_seconds" integer NOT NULL DEFAULT 900,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`ALTER TABLE "tickets"."ticket"
      ADD COLUMN "sla_metric" text CHECK ("sla_metric" IN ('first-response', 'next-response', 'resolution')),
      ADD COLUMN "first_response_due_at" timestamptz,
      ADD COLUMN "next_response_due_at" timestamptz,
      ADD COLUMN "resolution_due_at" timestamptz,
      ADD COLUMN "resolution_paused_seconds" integer,
      ADD COLUMN "first_responded_at" timestamptz`);
    await runner.query(`ALTER TABLE "tickets"."ticket_timer" DROP CONSTRAINT "ticket_timer_kind_check",
      ADD CONSTRAINT "ck_ticket_timer_kind" CHECK ("kind" IN ('auto-close', 'pending-reminder', 'pending-solve', 'sla-warning', 'sla-breach'))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "tickets"."ticket_timer" WHERE "kind" IN ('sla-warning', 'sla-breach')`);
    await runner.query(`ALTER TABLE "tickets"."ticket_timer" DROP CONSTRAINT "ck_ticket_timer_kind",
      ADD CONSTRAINT "ticket_timer_kind_check" CHECK ("kind" IN ('auto-close', 'pending-reminder', 'pending-solve'))`);
    await runner.query(`ALTER TABLE "tickets"."ticket" DROP COLUMN "sla_metric", DROP COLUMN "first_response_due_at",
      DROP COLUMN "next_response_due_at", DROP COLUMN "resolution_due_at", DROP COLUMN "resolution_paused_seconds", DROP COLUMN "first_responded_at"`);
    await runner.query(`DROP TABLE "tickets"."sla_calendar"`);
    await runner.query(`DROP TABLE "tickets"."sla_policy"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports' rollups (docs/adr/0064-report-rollups.md), kept current by the projection handlers:
 *  - report_stat: counters per tenant, grain ('15m' UTC-aligned, or 'day' = the tenant's local day
 *    when the event was projected), queue, agent ('' when no agent is involved) and channel. A year
 *    of day rows answers a yearly report; 15-minute rows give hours and the ragged edges of a range;
 *  - tenant_setting: the tenant's time zone (identity.tenant-settings-changed.v1);
 *  - conversation: what reports need to follow one conversation (awaiting a reply since, the queue
 *    it is counted in, whether a repeat contact took its first-contact resolution away).
 */
export class CreateReportRollups1796278669692 implements MigrationInterface {
  name = 'CreateReportRollups1796278669692';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "analytics"."report_stat" (
      "tenant_id" uuid NOT NULL,
      "grain" text NOT NULL CHECK ("grain" IN ('15m', 'day')),
      "bucket_start" timestamptz NOT NULL,
      "queue_name" text NOT NULL,
      "agent_id" text NOT NULL,
      "channel" text NOT NULL,
      "contacts_queued" integer NOT NULL DEFAULT 0,
      "contacts_answered" integer NOT NULL DEFAULT 0,
      "answered_within_sl" integer NOT NULL DEFAULT 0,
      "answer_wait_seconds" double precision NOT NULL DEFAULT 0,
      "contacts_abandoned" integer NOT NULL DEFAULT 0,
      "contacts_handled" integer NOT NULL DEFAULT 0,
      "handle_seconds" double precision NOT NULL DEFAULT 0,
      "first_responses" integer NOT NULL DEFAULT 0,
      "first_response_seconds" double precision NOT NULL DEFAULT 0,
      "next_responses" integer NOT NULL DEFAULT 0,
      "next_response_seconds" double precision NOT NULL DEFAULT 0,
      "conversations_opened" integer NOT NULL DEFAULT 0,
      "conversations_closed" integer NOT NULL DEFAULT 0,
      "conversations_resolved" integer NOT NULL DEFAULT 0,
      "resolution_seconds" double precision NOT NULL DEFAULT 0,
      "resolved_first_contact" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_report_stat" PRIMARY KEY ("tenant_id", "grain", "bucket_start", "queue_name", "agent_id", "channel")
    )`);
    await runner.query(`CREATE TABLE "analytics"."tenant_setting" (
      "tenant_id" uuid PRIMARY KEY,
      "time_zone" text NOT NULL,
      "revision" integer NOT NULL
    )`);
    await runner.query(`ALTER TABLE "analytics"."conversation"
      ADD COLUMN "awaiting_reply_since" timestamptz,
      ADD COLUMN "report_queue" text,
      ADD COLUMN "repeat_contact" boolean NOT NULL DEFAULT false`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE "analytics"."conversation" DROP COLUMN "awaiting_reply_since", DROP COLUMN "report_queue", DROP COLUMN "repeat_contact"`,
    );
    await runner.query(`DROP TABLE "analytics"."tenant_setting"`);
    await runner.query(`DROP TABLE "analytics"."report_stat"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Everything the routing engine needs to be rebuilt exactly from the tables (ADR 0009): a
 * per-tenant revision that every routing operation replaces (an instance whose cached engine has
 * another revision rebuilds it), the engine clock and next timer, and the per-contact, per-agent
 * and per-queue fields the engine keeps (relaxation step, preference, epochs, counters...).
 *
 * The assignment guard becomes "at most one *active* assignment per contact": a transferred
 * contact is assigned again, but never to two agents at once.
 */
export class RoutingEngineState1732500000000 implements MigrationInterface {
  name = 'RoutingEngineState1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "routing"."tenant_routing_state" (
      "tenant_id" uuid PRIMARY KEY,
      "revision" uuid NOT NULL,
      "version" bigint NOT NULL DEFAULT 0,
      "clock" double precision NOT NULL DEFAULT 0,
      "contact_seq" bigint NOT NULL DEFAULT 0,
      "next_timer_at" timestamptz,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE INDEX "idx_tenant_routing_state_timer" ON "routing"."tenant_routing_state" ("next_timer_at") WHERE "next_timer_at" IS NOT NULL`,
    );

    await runner.query(`ALTER TABLE "routing"."queue"
      ADD COLUMN "after_contact_work_seconds" integer CHECK ("after_contact_work_seconds" BETWEEN 0 AND 3600),
      ADD COLUMN "round_robin_cursor" uuid,
      ADD COLUMN "counters" jsonb NOT NULL DEFAULT '{}'`);

    await runner.query(`ALTER TABLE "routing"."agent_profile"
      ADD COLUMN "queues" text[],
      ADD COLUMN "cross_channel" jsonb,
      ADD COLUMN "acw_until" timestamptz,
      ADD COLUMN "acw_epoch" integer NOT NULL DEFAULT 0`);

    await runner.query(`ALTER TABLE "routing"."contact"
      ADD COLUMN "seq" bigint NOT NULL DEFAULT 0,
      ADD COLUMN "requires" jsonb,
      ADD COLUMN "explicit_priority" integer,
      ADD COLUMN "queue_entered_at" timestamptz,
      ADD COLUMN "step" integer NOT NULL DEFAULT 0,
      ADD COLUMN "offer_seq" integer NOT NULL DEFAULT 0,
      ADD COLUMN "last_declined_by" uuid,
      ADD COLUMN "preferred_until" timestamptz,
      ADD COLUMN "wait_epoch" integer NOT NULL DEFAULT 0,
      ADD COLUMN "queue_epoch" integer NOT NULL DEFAULT 0,
      ADD COLUMN "preference_epoch" integer NOT NULL DEFAULT 0,
      ADD COLUMN "ended_at" timestamptz`);
    await runner.query(`UPDATE "routing"."contact" SET "queue_entered_at" = "arrived_at", "preferred_agent_id" = NULL`);
    await runner.query(`ALTER TABLE "routing"."contact" DROP CONSTRAINT "contact_status_check"`);
    await runner.query(`ALTER TABLE "routing"."contact" ADD CONSTRAINT "contact_status_check"
      CHECK ("status" IN ('waiting', 'offered', 'assigned', 'completed', 'abandoned', 'max-wait-exceeded'))`);
    await runner.query(
      `CREATE INDEX "idx_contact_active" ON "routing"."contact" ("tenant_id") WHERE "status" IN ('waiting', 'offered', 'assigned')`,
    );

    await runner.query(`ALTER TABLE "routing"."assignment" DROP CONSTRAINT "assignment_pkey"`);
    await runner.query(`ALTER TABLE "routing"."assignment" ADD COLUMN "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_assignment_active_contact" ON "routing"."assignment" ("contact_id") WHERE "released_at" IS NULL`,
    );
    await runner.query(`CREATE INDEX "idx_offer_contact" ON "routing"."offer" ("contact_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "routing"."idx_offer_contact"`);
    await runner.query(`DROP INDEX "routing"."uq_assignment_active_contact"`);
    await runner.query(`ALTER TABLE "routing"."assignment" DROP COLUMN "id"`);
    await runner.query(`ALTER TABLE "routing"."assignment" ADD PRIMARY KEY ("contact_id")`);
    await runner.query(`DROP INDEX "routing"."idx_contact_active"`);
    await runner.query(`ALTER TABLE "routing"."contact" DROP CONSTRAINT "contact_status_check"`);
    await runner.query(`ALTER TABLE "routing"."contact" ADD CONSTRAINT "contact_status_check"
      CHECK ("status" IN ('waiting', 'offered', 'assigned', 'completed', 'abandoned'))`);
    await runner.query(`ALTER TABLE "routing"."contact" DROP COLUMN "seq", DROP COLUMN "requires", DROP COLUMN "explicit_priority",
      DROP COLUMN "queue_entered_at", DROP COLUMN "step", DROP COLUMN "offer_seq", DROP COLUMN "last_declined_by", DROP COLUMN "preferred_until",
      DROP COLUMN "wait_epoch", DROP COLUMN "queue_epoch", DROP COLUMN "preference_epoch", DROP COLUMN "ended_at"`);
    await runner.query(
      `ALTER TABLE "routing"."agent_profile" DROP COLUMN "queues", DROP COLUMN "cross_channel", DROP COLUMN "acw_until", DROP COLUMN "acw_epoch"`,
    );
    await runner.query(
      `ALTER TABLE "routing"."queue" DROP COLUMN "after_contact_work_seconds", DROP COLUMN "round_robin_cursor", DROP COLUMN "counters"`,
    );
    await runner.query(`DROP TABLE "routing"."tenant_routing_state"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing's state, with the two promises it makes guarded by the database itself so that even two
 * routing instances (or a rebalance) cannot break them:
 *  - one contact, one agent: assignment is keyed by contact, and a contact has at most one pending offer;
 *  - no agent over capacity: agent_channel_load.reserved can never exceed capacity (CHECK).
 */
export class CreateRouting1732400000000 implements MigrationInterface {
  name = 'CreateRouting1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "routing"."queue" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "name" text NOT NULL,
      "required_skills" jsonb NOT NULL DEFAULT '[]',
      "priority" integer NOT NULL DEFAULT 0,
      "is_default" boolean NOT NULL DEFAULT false,
      "strategy" text NOT NULL DEFAULT 'longest-idle',
      "offer_timeout_seconds" integer NOT NULL DEFAULT 30 CHECK ("offer_timeout_seconds" BETWEEN 5 AND 600),
      "service_level_percent" integer NOT NULL DEFAULT 80,
      "service_level_seconds" integer NOT NULL DEFAULT 20,
      "max_wait_seconds" integer,
      "overflow_queue" text,
      "relaxation" jsonb NOT NULL DEFAULT '[]',
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "uq_queue_tenant_name" UNIQUE ("tenant_id", "name")
    )`);
    await runner.query(`CREATE TABLE "routing"."agent_profile" (
      "agent_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "name" text NOT NULL,
      "skills" jsonb NOT NULL DEFAULT '{}',
      "state" text NOT NULL DEFAULT 'offline' CHECK ("state" IN ('available', 'away', 'offline', 'after-contact-work')),
      "state_reason" text,
      "state_since" timestamptz NOT NULL DEFAULT now(),
      "idle_since" timestamptz NOT NULL DEFAULT now(),
      "missed_offers" integer NOT NULL DEFAULT 0,
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_agent_profile_tenant_state" ON "routing"."agent_profile" ("tenant_id", "state")`);
    await runner.query(`CREATE TABLE "routing"."agent_channel_load" (
      "agent_id" uuid NOT NULL REFERENCES "routing"."agent_profile" ("agent_id") ON DELETE CASCADE,
      "channel" text NOT NULL,
      "capacity" integer NOT NULL CHECK ("capacity" >= 0),
      "reserved" integer NOT NULL DEFAULT 0,
      CONSTRAINT "pk_agent_channel_load" PRIMARY KEY ("agent_id", "channel"),
      CONSTRAINT "chk_agent_channel_load_capacity" CHECK ("reserved" >= 0 AND "reserved" <= "capacity")
    )`);
    await runner.query(`CREATE TABLE "routing"."contact" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL,
      "ticket_id" uuid NOT NULL,
      "customer_id" uuid NOT NULL,
      "customer_name" text,
      "channel" text NOT NULL,
      "queue_id" uuid NOT NULL REFERENCES "routing"."queue" ("id"),
      "required_skills" jsonb NOT NULL DEFAULT '[]',
      "priority" integer NOT NULL DEFAULT 0,
      "preferred_agent_id" uuid,
      "preview" text,
      "status" text NOT NULL CHECK ("status" IN ('waiting', 'offered', 'assigned', 'completed', 'abandoned')),
      "declined_by" uuid[] NOT NULL DEFAULT '{}',
      "arrived_at" timestamptz NOT NULL,
      "assigned_at" timestamptz,
      "completed_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "idx_contact_waiting" ON "routing"."contact" ("tenant_id", "status", "priority" DESC, "arrived_at")`);
    await runner.query(`CREATE TABLE "routing"."offer" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "contact_id" uuid NOT NULL REFERENCES "routing"."contact" ("id"),
      "agent_id" uuid NOT NULL REFERENCES "routing"."agent_profile" ("agent_id"),
      "channel" text NOT NULL,
      "status" text NOT NULL CHECK ("status" IN ('pending', 'accepted', 'rejected', 'expired', 'cancelled')),
      "offered_at" timestamptz NOT NULL,
      "expires_at" timestamptz NOT NULL,
      "closed_at" timestamptz
    )`);
    await runner.query(`CREATE UNIQUE INDEX "uq_offer_pending_contact" ON "routing"."offer" ("contact_id") WHERE "status" = 'pending'`);
    await runner.query(`CREATE INDEX "idx_offer_pending_expiry" ON "routing"."offer" ("expires_at") WHERE "status" = 'pending'`);
    await runner.query(`CREATE TABLE "routing"."assignment" (
      "contact_id" uuid PRIMARY KEY REFERENCES "routing"."contact" ("id"),
      "tenant_id" uuid NOT NULL,
      "agent_id" uuid NOT NULL REFERENCES "routing"."agent_profile" ("agent_id"),
      "channel" text NOT NULL,
      "assigned_at" timestamptz NOT NULL,
      "released_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "idx_assignment_agent_active" ON "routing"."assignment" ("agent_id") WHERE "released_at" IS NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['assignment', 'offer', 'contact', 'agent_channel_load', 'agent_profile', 'queue']) {
      await runner.query(`DROP TABLE "routing"."${table}"`);
    }
  }
}

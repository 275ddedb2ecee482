import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's own projection of the event stream for the supervisor wallboard. */
export class CreateWallboard1732500001000 implements MigrationInterface {
  name = 'CreateWallboard1732500001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway"."wallboard_contact" (
      "contact_id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL,
      "queue_name" text NOT NULL,
      "queue_id" uuid,
      "channel" text NOT NULL,
      "customer_name" text,
      "status" text NOT NULL CHECK ("status" IN ('waiting', 'offered', 'assigned', 'closed')),
      "agent_id" uuid,
      "offer_expires_at" timestamptz,
      "requested_at" timestamptz NOT NULL,
      "assigned_at" timestamptz,
      "waited_seconds" double precision,
      "closed_at" timestamptz,
      "abandoned" boolean NOT NULL DEFAULT false
    )`);
    await runner.query(`CREATE INDEX "idx_wallboard_contact_tenant_status" ON "gateway"."wallboard_contact" ("tenant_id", "status")`);
    await runner.query(`CREATE INDEX "idx_wallboard_contact_conversation" ON "gateway"."wallboard_contact" ("conversation_id")`);
    await runner.query(`CREATE TABLE "gateway"."agent_presence" (
      "tenant_id" uuid NOT NULL,
      "agent_id" uuid NOT NULL,
      "state" text NOT NULL,
      "reason" text,
      "since" timestamptz NOT NULL,
      PRIMARY KEY ("tenant_id", "agent_id")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."agent_presence"`);
    await runner.query(`DROP TABLE "gateway"."wallboard_contact"`);
  }
}

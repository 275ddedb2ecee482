import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The trace context of each contact the gateway saw routed, so that an agent's socket commands about
 * it (accept, reject, reply) continue the contact's trace on whichever replica holds the socket.
 */
export class CreateContactTrace1732500003000 implements MigrationInterface {
  name = 'CreateContactTrace1732500003000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway"."contact_trace" (
      "tenant_id" uuid NOT NULL,
      "contact_id" uuid NOT NULL,
      "conversation_id" uuid NOT NULL,
      "trace_parent" text NOT NULL,
      "correlation_id" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("tenant_id", "contact_id")
    )`);
    await runner.query(
      `CREATE INDEX "idx_contact_trace_conversation" ON "gateway"."contact_trace" ("tenant_id", "conversation_id", "updated_at")`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."contact_trace"`);
  }
}

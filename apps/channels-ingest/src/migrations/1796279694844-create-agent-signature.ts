import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgentSignature1796279694844 implements MigrationInterface {
  name = 'CreateAgentSignature1796279694844';

  async up(runner: QueryRunner): Promise<void> {
    // Each agent's own e-mail signature (sanitised HTML), added below their e-mail replies.
    await runner.query(`CREATE TABLE "channels_ingest"."agent_signature" (
      "tenant_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "html" text NOT NULL,
      "updated_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_agent_signature" PRIMARY KEY ("tenant_id", "user_id")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "channels_ingest"."agent_signature"`);
  }
}

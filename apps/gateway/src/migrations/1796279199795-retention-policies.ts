import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each tenant's retention policy (days per kind of data; null keeps it for ever), owned by the gateway. */
export class RetentionPolicies1796279199795 implements MigrationInterface {
  name = 'RetentionPolicies1796279199795';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway"."retention_policy" (
      "tenant_id" uuid PRIMARY KEY,
      "raw_payload_days" integer CHECK ("raw_payload_days" BETWEEN 1 AND 7300),
      "transcript_days" integer CHECK ("transcript_days" BETWEEN 1 AND 7300),
      "closed_ticket_days" integer CHECK ("closed_ticket_days" BETWEEN 1 AND 7300),
      "audit_days" integer CHECK ("audit_days" BETWEEN 1 AND 7300),
      "revision" integer NOT NULL,
      "changed_by" uuid NOT NULL,
      "changed_at" timestamptz NOT NULL DEFAULT now()
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."retention_policy"`);
  }
}

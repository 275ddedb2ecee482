import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure requests and which services have finished theirs. Only ids are kept (the customer's id is
 * random and, once erased, points at an empty record): the request is evidence that the erasure was
 * asked for and done (GDPR art. 5(2) accountability), not another copy of the person.
 */
export class PrivacyRequests1796278403637 implements MigrationInterface {
  name = 'PrivacyRequests1796278403637';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway"."erasure_request" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "customer_id" uuid NOT NULL,
      "requested_by" uuid NOT NULL,
      "status" text NOT NULL DEFAULT 'pending' CHECK ("status" IN ('pending', 'done')),
      "requested_at" timestamptz NOT NULL DEFAULT now(),
      "completed_at" timestamptz
    )`);
    await runner.query(`CREATE INDEX "idx_erasure_request_tenant" ON "gateway"."erasure_request" ("tenant_id", "requested_at" DESC)`);
    await runner.query(`CREATE TABLE "gateway"."erasure_request_service" (
      "request_id" uuid NOT NULL REFERENCES "gateway"."erasure_request" ("id") ON DELETE CASCADE,
      "service" text NOT NULL,
      "rows_affected" integer NOT NULL,
      "completed_at" timestamptz NOT NULL,
      CONSTRAINT "pk_erasure_request_service" PRIMARY KEY ("request_id", "service")
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."erasure_request_service"`);
    await runner.query(`DROP TABLE "gateway"."erasure_request"`);
  }
}

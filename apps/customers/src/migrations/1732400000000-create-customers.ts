import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomers1732400000000 implements MigrationInterface {
  name = 'CreateCustomers1732400000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "customers"."customer" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL,
      "display_name" text,
      "email" text,
      "phone" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "updated_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE INDEX "idx_customer_tenant" ON "customers"."customer" ("tenant_id")`);
    await runner.query(`CREATE TABLE "customers"."customer_identity" (
      "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "customer_id" uuid NOT NULL REFERENCES "customers"."customer" ("id") ON DELETE CASCADE,
      "identity_type" text NOT NULL,
      "value" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(
      `CREATE UNIQUE INDEX "uq_customer_identity" ON "customers"."customer_identity" ("tenant_id", "identity_type", "value")`,
    );
    await runner.query(`CREATE INDEX "idx_customer_identity_customer" ON "customers"."customer_identity" ("customer_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "customers"."customer_identity"`);
    await runner.query(`DROP TABLE "customers"."customer"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGateway1732500000000 implements MigrationInterface {
  name = 'CreateGateway1732500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "gateway"."tenant" (
      "id" uuid PRIMARY KEY,
      "name" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now()
    )`);
    await runner.query(`CREATE TABLE "gateway"."app_user" (
      "id" uuid PRIMARY KEY,
      "tenant_id" uuid NOT NULL REFERENCES "gateway"."tenant" ("id"),
      "email" text NOT NULL,
      "name" text NOT NULL,
      "role" text NOT NULL CHECK ("role" IN ('agent', 'supervisor', 'admin')),
      "password_hash" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "ck_app_user_email_lower" CHECK ("email" = lower("email"))
    )`);
    // Login is by e-mail alone, so an address names one user across all tenants.
    await runner.query(`CREATE UNIQUE INDEX "uq_app_user_email" ON "gateway"."app_user" ("email")`);
    await runner.query(`CREATE INDEX "idx_app_user_tenant" ON "gateway"."app_user" ("tenant_id")`);
    // Large socket.io broadcasts between replicas travel through this table (postgres adapter).
    await runner.query(`CREATE TABLE "gateway"."socket_io_attachments" (
      "id" bigserial UNIQUE,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "payload" bytea
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "gateway"."socket_io_attachments"`);
    await runner.query(`DROP TABLE "gateway"."app_user"`);
    await runner.query(`DROP TABLE "gateway"."tenant"`);
  }
}

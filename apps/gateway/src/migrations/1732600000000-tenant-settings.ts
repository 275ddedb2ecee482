import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's settings (BOARD decision 3): time zone, default language and languages offered, with
 * a revision that rises on every change so projections elsewhere can ignore a stale announcement.
 * Existing tenants keep working as before: UTC and English until an admin says otherwise.
 */
export class TenantSettings1732600000000 implements MigrationInterface {
  name = 'TenantSettings1732600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "gateway"."tenant"
      ADD COLUMN "time_zone" text NOT NULL DEFAULT 'UTC',
      ADD COLUMN "default_language" text NOT NULL DEFAULT 'en',
      ADD COLUMN "languages" text[] NOT NULL DEFAULT '{en}',
      ADD COLUMN "settings_revision" integer NOT NULL DEFAULT 1,
      ADD COLUMN "updated_at" timestamptz NOT NULL DEFAULT now(),
      ADD CONSTRAINT "ck_tenant_default_language" CHECK ("default_language" IN ('id', 'en')),
      ADD CONSTRAINT "ck_tenant_languages" CHECK ("languages" <@ ARRAY['id', 'en']::text[] AND "default_language" = ANY ("languages"))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "gateway"."tenant"
      DROP CONSTRAINT "ck_tenant_languages",
      DROP CONSTRAINT "ck_tenant_default_language",
      DROP COLUMN "updated_at",
      DROP COLUMN "settings_revision",
      DROP COLUMN "languages",
      DROP COLUMN "default_language",
      DROP COLUMN "time_zone"`);
  }
}

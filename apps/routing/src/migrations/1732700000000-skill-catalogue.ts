import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The tenant's skill catalogue (GET/PUT /skills): skills and languages queues and profiles may name. */
export class SkillCatalogue1732700000000 implements MigrationInterface {
  name = 'SkillCatalogue1732700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "routing"."skill" (
      "tenant_id" uuid NOT NULL,
      "name" text NOT NULL,
      "kind" text NOT NULL DEFAULT 'skill' CHECK ("kind" IN ('skill', 'language')),
      "label" text,
      "language_code" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "pk_skill" PRIMARY KEY ("tenant_id", "name"),
      CONSTRAINT "chk_skill_language_code" CHECK ("language_code" IS NULL OR "kind" = 'language')
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "routing"."skill"`);
  }
}

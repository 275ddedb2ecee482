import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook secrets move from plain text to `secret_sealed` (AES-256-GCM under WEBHOOK_SECRET_KEY, see
 * webhooks/webhook-secrets.ts). SQL cannot encrypt without the key, so this only makes room: the
 * service seals the remaining plain secrets when it starts (WebhookSecrets.sealPlainSecrets), and
 * `secret_hint` keeps the four characters the admin list shows.
 * `down` cannot put back secrets that were sealed: it refuses while any row has only a sealed one.
 */
export class SealWebhookSecrets1732700000000 implements MigrationInterface {
  name = 'SealWebhookSecrets1732700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "notifications"."webhook_endpoint" ADD COLUMN "secret_sealed" text, ADD COLUMN "secret_hint" text`);
    await runner.query(`UPDATE "notifications"."webhook_endpoint" SET "secret_hint" = right("secret", 4)`);
    await runner.query(`ALTER TABLE "notifications"."webhook_endpoint" ALTER COLUMN "secret" DROP NOT NULL`);
    await runner.query(
      `ALTER TABLE "notifications"."webhook_endpoint" ADD CONSTRAINT "ck_webhook_endpoint_secret" CHECK ("secret" IS NOT NULL OR "secret_sealed" IS NOT NULL)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "notifications"."webhook_endpoint" DROP CONSTRAINT "ck_webhook_endpoint_secret"`);
    // Fails (NOT NULL) when secrets were sealed already: decrypting needs the key, which SQL does not have.
    await runner.query(`ALTER TABLE "notifications"."webhook_endpoint" ALTER COLUMN "secret" SET NOT NULL`);
    await runner.query(`ALTER TABLE "notifications"."webhook_endpoint" DROP COLUMN "secret_hint", DROP COLUMN "secret_sealed"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Views and search over a tenant's tickets (docs/tickets.md): one index per view's filter and
 * order, full text with the 'simple' configuration (no stemming, so Bahasa Indonesia and English
 * words match as written) and trigrams (pg_trgm) for parts of names, e-mail addresses and phones.
 */
export class TicketViewsAndSearch1796279397937 implements MigrationInterface {
  name = 'TicketViewsAndSearch1796279397937';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await runner.query(`ALTER TABLE "tickets"."ticket" ADD COLUMN "sla_due_at" timestamptz`);
    await runner.query(
      `CREATE INDEX "idx_ticket_assignee_status" ON "tickets"."ticket" ("tenant_id", "assignee_id", "status", "updated_at" DESC, "id" DESC)`,
    );
    await runner.query(`CREATE INDEX "idx_ticket_status" ON "tickets"."ticket" ("tenant_id", "status", "updated_at" DESC, "id" DESC)`);
    await runner.query(
      `CREATE INDEX "idx_ticket_queue_status" ON "tickets"."ticket" ("tenant_id", "queue", "status", "updated_at" DESC, "id" DESC)`,
    );
    await runner.query(`CREATE INDEX "idx_ticket_updated" ON "tickets"."ticket" ("tenant_id", "updated_at" DESC, "id" DESC)`);
    await runner.query(`CREATE INDEX "idx_ticket_unassigned" ON "tickets"."ticket" ("tenant_id", "updated_at" DESC, "id" DESC)
      WHERE "assignee_id" IS NULL AND "status" IN ('new', 'open', 'pending', 'on-hold')`);
    await runner.query(
      `CREATE INDEX "idx_ticket_sla_due" ON "tickets"."ticket" ("tenant_id", "sla_due_at", "id") WHERE "sla_due_at" IS NOT NULL`,
    );
    await runner.query(`CREATE INDEX "idx_ticket_tags" ON "tickets"."ticket" USING gin ("tags")`);
    await runner.query(`CREATE INDEX "idx_ticket_text" ON "tickets"."ticket" USING gin (
      to_tsvector('simple', "subject" || ' ' || coalesce("customer_name", '') || ' ' || coalesce("customer_address", '')))`);
    await runner.query(`CREATE INDEX "idx_ticket_customer_trgm" ON "tickets"."ticket" USING gin (
      (coalesce("customer_name", '') || ' ' || coalesce("customer_address", '')) gin_trgm_ops)`);
    await runner.query(`CREATE INDEX "idx_message_text" ON "tickets"."message" USING gin (to_tsvector('simple', "text"))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of [
      'idx_message_text',
      'idx_ticket_customer_trgm',
      'idx_ticket_text',
      'idx_ticket_tags',
      'idx_ticket_sla_due',
      'idx_ticket_unassigned',
      'idx_ticket_updated',
      'idx_ticket_queue_status',
      'idx_ticket_status',
      'idx_ticket_assignee_status',
    ]) {
      await runner.query(`DROP INDEX "tickets"."${index}"`);
    }
    await runner.query(`ALTER TABLE "tickets"."ticket" DROP COLUMN "sla_due_at"`);
  }
}

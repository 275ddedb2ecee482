import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queues and agents' profiles can be deleted (DELETE /queues/:name, /agents/:id/profile) while
 * their history stays: finished contacts keep the id of the queue they waited in, offers and
 * assignments the id of their agent. Those columns stop being foreign keys; the admin API refuses
 * to delete a queue or profile that an active contact, offer or assignment still needs, under the
 * tenant's routing lock, and a load change for an agent without a profile fails (no load row).
 */
export class HistoryOutlivesConfiguration1732700001000 implements MigrationInterface {
  name = 'HistoryOutlivesConfiguration1732700001000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "routing"."contact" DROP CONSTRAINT "contact_queue_id_fkey"`);
    await runner.query(`ALTER TABLE "routing"."offer" DROP CONSTRAINT "offer_agent_id_fkey"`);
    await runner.query(`ALTER TABLE "routing"."assignment" DROP CONSTRAINT "assignment_agent_id_fkey"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    // NOT VALID: history of what was deleted in the meantime cannot satisfy them any more.
    await runner.query(
      `ALTER TABLE "routing"."assignment" ADD CONSTRAINT "assignment_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "routing"."agent_profile" ("agent_id") NOT VALID`,
    );
    await runner.query(
      `ALTER TABLE "routing"."offer" ADD CONSTRAINT "offer_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "routing"."agent_profile" ("agent_id") NOT VALID`,
    );
    await runner.query(
      `ALTER TABLE "routing"."contact" ADD CONSTRAINT "contact_queue_id_fkey" FOREIGN KEY ("queue_id") REFERENCES "routing"."queue" ("id") NOT VALID`,
    );
  }
}

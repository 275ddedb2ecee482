import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER, PeriodicJob, affectedRows, expiredSql, queryRows, type BaseConfig } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { z } from 'zod';

const BATCH = 1000;

/**
 * Applies each tenant's retention policy to tickets' data, one replica at a time, in batches:
 *  - closedTicketDays: a solved or closed ticket whose conversations all closed longer ago goes,
 *    with its conversations, their messages, its history and its timers;
 *  - transcriptDays: messages older than that go (the conversation and ticket stay, so the history
 *    still shows that a contact happened and how it went).
 */
@Injectable()
export class TicketRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly job: PeriodicJob;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) config: BaseConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.job = new PeriodicJob('tickets-retention', dataSource, logger, config.RETENTION_SWEEP_INTERVAL_SECONDS * 1000, () => this.sweep());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  private async sweep(): Promise<Record<string, number>> {
    return { closedTickets: await this.pruneClosedTickets(), messages: await this.pruneMessages() };
  }

  private async pruneClosedTickets(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.dataSource.transaction(async (manager) => {
        const tickets = await queryRows(
          manager,
          z.object({ id: z.string() }),
          `SELECT t."id" FROM "tickets"."ticket" t
           WHERE t."status" IN ('solved', 'closed')
             AND NOT EXISTS (SELECT 1 FROM "tickets"."conversation" c WHERE c."ticket_id" = t."id" AND c."status" <> 'closed')
             AND ${expiredSql(
               'tickets',
               'closedTicketDays',
               't',
               `COALESCE((SELECT max(c."closed_at") FROM "tickets"."conversation" c WHERE c."ticket_id" = t."id"), t."updated_at")`,
             )}
           LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        );
        if (tickets.length === 0) return 0;
        const ids = tickets.map((ticket) => ticket.id);
        await manager.query(
          `DELETE FROM "tickets"."message" WHERE "conversation_id" IN (SELECT "id" FROM "tickets"."conversation" WHERE "ticket_id" = ANY($1::uuid[]))`,
          [ids],
        );
        await manager.query(`DELETE FROM "tickets"."conversation" WHERE "ticket_id" = ANY($1::uuid[])`, [ids]);
        // The ticket's own history and timers go with it; a later follow-up keeps its own history but no longer points here.
        await manager.query(`DELETE FROM "tickets"."ticket_history" WHERE "ticket_id" = ANY($1::uuid[])`, [ids]);
        await manager.query(`DELETE FROM "tickets"."ticket_timer" WHERE "ticket_id" = ANY($1::uuid[])`, [ids]);
        await manager.query(`UPDATE "tickets"."ticket" SET "follow_up_of" = NULL WHERE "follow_up_of" = ANY($1::uuid[])`, [ids]);
        await manager.query(`DELETE FROM "tickets"."ticket" WHERE "id" = ANY($1::uuid[])`, [ids]);
        return ids.length;
      });
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }

  private async pruneMessages(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await affectedRows(
        this.dataSource,
        `DELETE FROM "tickets"."message" WHERE "id" IN (
           SELECT m."id" FROM "tickets"."message" m WHERE ${expiredSql('tickets', 'transcriptDays', 'm', 'm."created_at"')} LIMIT ${BATCH})`,
      );
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }
}

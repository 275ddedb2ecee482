import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { type TransactionContext, UnitOfWork } from '@garda/messaging';
import { CONFIG, LOGGER, updatedRows } from '@garda/service-kit';
import type { Logger } from 'pino';
import { ConversationEntity } from '../conversations/conversation.entity';
import { sendSystemMessage } from '../conversations/system-message';
import { TicketEntity } from '../conversations/ticket.entity';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { setTimer, type TicketTimerKind } from '../lifecycle/ticket-timers';
import { TicketSettings } from '../settings/ticket-settings';
import type { TicketsConfig } from '../tickets.config';
import { z } from 'zod';

interface DueTimer {
  ticket_id: string;
  kind: TicketTimerKind;
}

/**
 * Fires the tickets' durable timers (ticket_timer rows): solved → closed after the tenant period,
 * pending → a reminder → solved. Every replica polls; `FOR UPDATE SKIP LOCKED` hands each due row
 * to exactly one of them, and the row is deleted in the same transaction as its effect, so a crash
 * fires it again later rather than never (and a fired timer never fires twice).
 */
@Injectable()
export class TicketTimerWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: TicketsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(UnitOfWork) private readonly unitOfWork: UnitOfWork,
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
    @Inject(TicketSettings) private readonly settings: TicketSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.info({ pollMs: this.config.TICKETS_TIMER_POLL_MS }, 'ticket timers: polling');
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.fireDue()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error({ err: error }, 'ticket timers failed; retrying on the next poll'))
        .finally(() => (this.running = undefined));
    }, this.config.TICKETS_TIMER_POLL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One batch of due timers in one transaction; returns how many fired. */
  async fireDue(now = new Date()): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      // pg answers a DELETE … RETURNING through TypeORM as [rows, affected].
      const due = await updatedRows(
        tx.manager,
        z.object({ ticket_id: z.string(), kind: z.enum(['auto-close', 'pending-reminder', 'pending-solve', 'sla-warning', 'sla-breach']) }),
        `DELETE FROM "tickets"."ticket_timer" WHERE ("ticket_id", "kind") IN (
           SELECT "ticket_id", "kind" FROM "tickets"."ticket_timer" WHERE "due_at" <= $1 ORDER BY "due_at" LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING "ticket_id", "kind"`,
        [now, this.config.TICKETS_TIMER_BATCH],
      );
      for (const timer of due) await this.fire(tx, timer, now);
      if (due.length) this.logger.debug({ fired: due.length }, 'ticket timers fired');
      return due.length;
    });
  }

  private async fire(tx: TransactionContext, timer: DueTimer, now: Date): Promise<void> {
    const ticket = await tx.manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: timer.ticket_id }, lock: { mode: 'pessimistic_write' } });
    if (!ticket) return;
    if (timer.kind === 'auto-close' && ticket.status === 'solved') {
      await this.tickets.change(tx, ticket, { status: 'closed' }, SYSTEM, { reason: 'auto-close', at: now });
    } else if (timer.kind === 'pending-reminder' && ticket.status === 'pending') {
      const settings = await this.settings.of(tx.manager, ticket.tenantId);
      const conversation = await tx.manager
        .getRepository(ConversationEntity)
        .findOne({ where: { ticketId: ticket.id }, order: { createdAt: 'DESC' } });
      if (conversation) await sendSystemMessage(tx, conversation, settings.pendingReminderText, now);
      await setTimer(
        tx.manager,
        ticket.tenantId,
        ticket.id,
        'pending-solve',
        new Date(now.getTime() + settings.pendingSolveSeconds * 1000),
      );
      this.logger.info({ ticketId: ticket.id }, 'pending ticket: customer reminded');
    } else if (timer.kind === 'pending-solve' && ticket.status === 'pending') {
      await this.tickets.change(tx, ticket, { status: 'solved' }, SYSTEM, { reason: 'pending-expired', at: now });
    } else if ((timer.kind === 'sla-warning' || timer.kind === 'sla-breach') && ticket.slaDueAt && ticket.slaMetric) {
      // The deadline may have moved since the timer was set; a warning never comes after the breach.
      if (timer.kind === 'sla-breach' ? ticket.slaDueAt > now : ticket.slaDueAt <= now) return;
      await tx.publish(
        timer.kind === 'sla-breach' ? Topics.SlaBreached : Topics.SlaWarning,
        {
          tenantId: ticket.tenantId,
          ticketId: ticket.id,
          number: ticket.number,
          metric: ticket.slaMetric,
          dueAt: ticket.slaDueAt.toISOString(),
          priority: ticket.priority,
          queue: ticket.queue,
          assigneeId: ticket.assigneeId,
          at: now.toISOString(),
        },
        {
          tenantId: ticket.tenantId,
          key: ticket.id,
          messageId: `${timer.kind}:${ticket.id}:${ticket.slaMetric}:${ticket.slaDueAt.getTime()}`,
        },
      );
    }
  }
}

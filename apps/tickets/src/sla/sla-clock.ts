import { Injectable } from '@nestjs/common';
import { type SlaMetric, type TicketStatus } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { TicketEntity } from '../conversations/ticket.entity';
import { clearTimers, setTimer } from '../lifecycle/ticket-timers';
import { addBusinessSeconds, ALWAYS_OPEN, type BusinessCalendar, businessSecondsBetween } from './business-hours';
import { SlaCalendarEntity, SlaPolicyEntity } from './sla.entities';

export const DEFAULT_WARNING_SECONDS = 900;

/** The policy that applies: the most specific match (queue, then channel, then priority) wins. */
export function pickPolicy(
  policies: SlaPolicyEntity[],
  ticket: Pick<TicketEntity, 'priority' | 'queue' | 'channel'>,
): SlaPolicyEntity | undefined {
  const score = (p: SlaPolicyEntity) => (p.queue ? 4 : 0) + (p.channel ? 2 : 0) + (p.priority ? 1 : 0);
  return policies
    .filter(
      (p) =>
        (!p.priority || p.priority === ticket.priority) &&
        (!p.queue || p.queue === ticket.queue) &&
        (!p.channel || p.channel === ticket.channel),
    )
    .sort((a, b) => score(b) - score(a))[0];
}

/**
 * A ticket's SLA clocks, counted in the tenant's business hours: first response (from creation
 * until an agent's first public reply), next response (from a customer's message until the
 * agent answers), resolution (from creation until solved, stopped while pending). The earliest
 * running deadline is the ticket's `slaDueAt`, with a warning and a breach timer on it.
 */
@Injectable()
export class SlaClock {
  async calendarOf(manager: EntityManager, tenantId: string): Promise<{ calendar: BusinessCalendar; warningSeconds: number }> {
    const row = await manager.getRepository(SlaCalendarEntity).findOneBy({ tenantId });
    if (!row) return { calendar: ALWAYS_OPEN('UTC'), warningSeconds: DEFAULT_WARNING_SECONDS };
    return {
      calendar: row.weekly
        ? { timeZone: row.timeZone, weekly: row.weekly, holidays: row.holidays }
        : { ...ALWAYS_OPEN(row.timeZone), holidays: row.holidays },
      warningSeconds: row.warningSeconds,
    };
  }

  private async policyFor(manager: EntityManager, ticket: TicketEntity) {
    return pickPolicy(await manager.getRepository(SlaPolicyEntity).findBy({ tenantId: ticket.tenantId }), ticket);
  }

  /** A new ticket: first response and resolution start now. */
  async started(manager: EntityManager, ticket: TicketEntity, at: Date): Promise<void> {
    await this.retarget(manager, ticket, at);
  }

  /** Priority, queue or policies changed: running clocks are re-measured from when they started. */
  async retarget(manager: EntityManager, ticket: TicketEntity, at: Date): Promise<void> {
    const policy = await this.policyFor(manager, ticket);
    const { calendar } = await this.calendarOf(manager, ticket.tenantId);
    const add = (seconds: number | null | undefined, from: Date) => (seconds ? addBusinessSeconds(from, seconds, calendar) : null);
    ticket.firstResponseDueAt = ticket.firstRespondedAt ? null : add(policy?.firstResponseSeconds, ticket.createdAt);
    if (ticket.status === 'pending') {
      ticket.resolutionPausedSeconds = policy?.resolutionSeconds
        ? Math.max(0, policy.resolutionSeconds - businessSecondsBetween(ticket.createdAt, at, calendar))
        : null;
      ticket.resolutionDueAt = null;
    } else if (ticket.status !== 'solved' && ticket.status !== 'closed') {
      ticket.resolutionDueAt = add(policy?.resolutionSeconds, ticket.createdAt);
    }
    if (!policy?.nextResponseSeconds) ticket.nextResponseDueAt = null;
    await this.settle(manager, ticket);
  }

  async agentReplied(manager: EntityManager, ticket: TicketEntity, at: Date): Promise<void> {
    ticket.firstRespondedAt ??= at;
    ticket.firstResponseDueAt = null;
    ticket.nextResponseDueAt = null;
    await this.settle(manager, ticket);
  }

  /** After the first answer, each customer message the team has not answered starts "next response". */
  async customerWrote(manager: EntityManager, ticket: TicketEntity, at: Date): Promise<void> {
    if (!ticket.firstRespondedAt || ticket.nextResponseDueAt || ['pending', 'solved', 'closed'].includes(ticket.status)) return;
    const policy = await this.policyFor(manager, ticket);
    if (!policy?.nextResponseSeconds) return;
    const { calendar } = await this.calendarOf(manager, ticket.tenantId);
    ticket.nextResponseDueAt = addBusinessSeconds(at, policy.nextResponseSeconds, calendar);
    await this.settle(manager, ticket);
  }

  /** Pending stops the clocks (the customer owes the answer); leaving pending starts them again. */
  async statusChanged(manager: EntityManager, ticket: TicketEntity, from: TicketStatus, at: Date): Promise<void> {
    const { calendar } = await this.calendarOf(manager, ticket.tenantId);
    if (ticket.status === 'solved' || ticket.status === 'closed') {
      ticket.firstResponseDueAt = null;
      ticket.nextResponseDueAt = null;
      ticket.resolutionDueAt = null;
      ticket.resolutionPausedSeconds = null;
    } else if (ticket.status === 'pending') {
      ticket.resolutionPausedSeconds = ticket.resolutionDueAt ? businessSecondsBetween(at, ticket.resolutionDueAt, calendar) : null;
      ticket.resolutionDueAt = null;
      ticket.nextResponseDueAt = null;
    } else if (from === 'pending' && ticket.resolutionPausedSeconds !== null) {
      ticket.resolutionDueAt = addBusinessSeconds(at, ticket.resolutionPausedSeconds, calendar);
      ticket.resolutionPausedSeconds = null;
    } else if (from === 'solved') {
      // Reopened after a solve: the resolution clock runs again on the full target.
      const policy = await this.policyFor(manager, ticket);
      ticket.resolutionDueAt = policy?.resolutionSeconds ? addBusinessSeconds(at, policy.resolutionSeconds, calendar) : null;
    }
    await this.settle(manager, ticket);
  }

  /** The earliest running deadline becomes slaDueAt; its warning and breach timers follow it. */
  private async settle(manager: EntityManager, ticket: TicketEntity): Promise<void> {
    const running: Array<[SlaMetric, Date]> = [];
    if (ticket.firstResponseDueAt) running.push(['first-response', ticket.firstResponseDueAt]);
    if (ticket.nextResponseDueAt) running.push(['next-response', ticket.nextResponseDueAt]);
    if (ticket.resolutionDueAt) running.push(['resolution', ticket.resolutionDueAt]);
    running.sort((a, b) => a[1].getTime() - b[1].getTime());
    const [metric, dueAt] = running[0] ?? [null, null];
    const changed = ticket.slaDueAt?.getTime() !== dueAt?.getTime() || ticket.slaMetric !== metric;
    ticket.slaMetric = metric;
    ticket.slaDueAt = dueAt;
    await manager.getRepository(TicketEntity).update(
      { id: ticket.id },
      {
        slaMetric: metric,
        slaDueAt: dueAt,
        firstResponseDueAt: ticket.firstResponseDueAt,
        nextResponseDueAt: ticket.nextResponseDueAt,
        resolutionDueAt: ticket.resolutionDueAt,
        resolutionPausedSeconds: ticket.resolutionPausedSeconds,
        firstRespondedAt: ticket.firstRespondedAt,
      },
    );
    if (!changed) return;
    if (!dueAt) {
      await clearTimers(manager, ticket.id, ['sla-warning', 'sla-breach']);
      return;
    }
    const { warningSeconds } = await this.calendarOf(manager, ticket.tenantId);
    await setTimer(manager, ticket.tenantId, ticket.id, 'sla-warning', new Date(dueAt.getTime() - warningSeconds * 1000));
    await setTimer(manager, ticket.tenantId, ticket.id, 'sla-breach', dueAt);
  }
}

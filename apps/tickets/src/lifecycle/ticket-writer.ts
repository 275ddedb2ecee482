import { Inject, Injectable } from '@nestjs/common';
import { type TicketHistoryField, type TicketPriority, type TicketStatus, type TicketType, Topics } from '@garda/contracts';
import type { TransactionContext } from '@garda/messaging';
import { ConflictError, InvalidInputError, queryRows } from '@garda/service-kit';
import type { EntityManager } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import { TicketEntity } from '../conversations/ticket.entity';
import { type EffectiveTicketSettings, TicketSettings } from '../settings/ticket-settings';
import { SlaClock } from '../sla/sla-clock';
import type { TicketActor } from './ticket-actor';
import { TicketHistoryEntity } from './ticket-history.entity';
import { decideTransition, PARKED_STATUSES } from './ticket-lifecycle';
import { clearTimers, setTimer } from './ticket-timers';
import { z } from 'zod';

/** What may change on a ticket in one step (absent: unchanged). */
export interface TicketPatch {
  status?: TicketStatus;
  priority?: TicketPriority;
  type?: TicketType | null;
  tags?: string[];
  subject?: string;
  assigneeId?: string | null;
  queue?: string | null;
}

export interface NewTicket {
  id: string;
  tenantId: string;
  customerId: string;
  subject: string;
  queue: string | null;
  channel: TicketEntity['channel'];
  customerName: string | null;
  customerAddress: string | null;
  followUpOf: string | null;
  createdAt: Date;
}

/**
 * Every write to a ticket goes through here: the lifecycle's decision, the history rows, the timers
 * that follow from the new status, the live conversation let go when the ticket is parked, and the
 * event announcing the change, all in the caller's transaction.
 */
@Injectable()
export class TicketWriter {
  constructor(
    @Inject(TicketSettings) private readonly settings: TicketSettings,
    @Inject(SlaClock) private readonly sla: SlaClock,
  ) {}

  async create(manager: EntityManager, input: NewTicket, actor: TicketActor): Promise<TicketEntity> {
    const number = await this.nextNumber(manager, input.tenantId);
    const ticket = manager.getRepository(TicketEntity).create({
      ...input,
      number,
      status: 'new',
      priority: 'normal',
      type: null,
      tags: [],
      assigneeId: null,
      disposition: null,
      statusChangedAt: input.createdAt,
      solvedAt: null,
      slaDueAt: null,
      surveyKind: null,
      surveyScore: null,
      surveyComment: null,
      surveyAnsweredAt: null,
    });
    await manager.getRepository(TicketEntity).insert(ticket);
    await this.record(
      manager,
      ticket,
      [{ field: 'status', from: null, to: 'new' }],
      actor,
      input.followUpOf ? 'follow-up' : null,
      input.createdAt,
    );
    await this.sla.started(manager, ticket, input.createdAt);
    return ticket;
  }

  /**
   * Applies a patch. A refused status move is a ConflictError saying why, a tag outside a closed
   * vocabulary an InvalidInputError; either way nothing changes. Returns the changed fields.
   */
  async change(
    { manager, publish }: TransactionContext,
    ticket: TicketEntity,
    patch: TicketPatch,
    actor: TicketActor,
    options: { reason?: string; at?: Date } = {},
  ): Promise<Array<{ field: TicketHistoryField; from: string | null; to: string | null }>> {
    const at = options.at ?? new Date();
    const settings = await this.settings.of(manager, ticket.tenantId);
    const changes: Array<{ field: TicketHistoryField; from: string | null; to: string | null }> = [];
    const update: Partial<TicketEntity> = {};

    if (patch.tags !== undefined) {
      const tags = [...new Set(patch.tags)].sort();
      if (!settings.freeTags) {
        const unknown = tags.filter((tag) => !settings.tagVocabulary.includes(tag));
        if (unknown.length) throw new InvalidInputError('tags', `not in the tenant's tag list: ${unknown.join(', ')}`);
      }
      if (tags.join(',') !== [...ticket.tags].sort().join(',')) {
        changes.push({ field: 'tags', from: ticket.tags.join(',') || null, to: tags.join(',') || null });
        update.tags = tags;
      }
    }
    const simple: Array<[TicketHistoryField, keyof TicketPatch & keyof TicketEntity]> = [
      ['priority', 'priority'],
      ['type', 'type'],
      ['subject', 'subject'],
      ['queue', 'queue'],
      ['assignee', 'assigneeId'],
    ];
    for (const [field, key] of simple) {
      const next = patch[key];
      if (next === undefined || next === ticket[key]) continue;
      changes.push({ field, from: (ticket[key] as string | null) ?? null, to: (next as string | null) ?? null });
      Object.assign(update, { [key]: next });
    }
    const assigneeAfter = update.assigneeId !== undefined ? update.assigneeId : ticket.assigneeId;
    if (patch.status !== undefined && patch.status !== ticket.status) {
      const decision = decideTransition({ status: ticket.status, assigneeId: assigneeAfter }, patch.status, actor.type);
      if (!decision.allowed) throw new ConflictError(decision.reason);
      changes.push({ field: 'status', from: ticket.status, to: patch.status });
      update.status = patch.status;
      update.statusChangedAt = at;
      if (patch.status === 'solved') update.solvedAt = at;
    } else if (ticket.status === 'closed' && changes.length) {
      throw new ConflictError('a closed ticket is final: a new message opens a follow-up ticket');
    }
    if (!changes.length) return changes;

    const previousStatus = ticket.status;
    await manager.getRepository(TicketEntity).update({ id: ticket.id, tenantId: ticket.tenantId }, update);
    Object.assign(ticket, update);
    await this.record(manager, ticket, changes, actor, options.reason ?? null, at);
    if (update.status) await this.sla.statusChanged(manager, ticket, previousStatus, at);
    else if (update.priority || update.queue !== undefined) await this.sla.retarget(manager, ticket, at);
    if (update.status) {
      await this.scheduleFor(manager, ticket, settings, at);
      if (PARKED_STATUSES.includes(update.status)) await this.releaseLiveConversation({ manager, publish }, ticket, at);
    }
    await publish(
      Topics.TicketChanged,
      {
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        number: ticket.number,
        status: ticket.status,
        priority: ticket.priority,
        assigneeId: ticket.assigneeId,
        queue: ticket.queue,
        changes: changes.map((change) => ({ ...change, from: clip(change.from), to: clip(change.to) })),
        actor: { type: actor.type, id: actor.id },
        ...(options.reason ? { reason: options.reason } : {}),
        changedAt: at.toISOString(),
      },
      { tenantId: ticket.tenantId, key: ticket.id },
    );
    return changes;
  }

  /** Per-tenant numbers customers can quote: #1001, #1002… (the counter row serialises creators). */
  private async nextNumber(manager: EntityManager, tenantId: string): Promise<number> {
    const [row] = await queryRows(
      manager,
      z.object({ last_number: z.number() }),
      `INSERT INTO "tickets"."ticket_number_counter" ("tenant_id", "last_number") VALUES ($1, 1001)
       ON CONFLICT ("tenant_id") DO UPDATE SET "last_number" = "ticket_number_counter"."last_number" + 1
       RETURNING "last_number"`,
      [tenantId],
    );
    return row!.last_number;
  }

  private async record(
    manager: EntityManager,
    ticket: TicketEntity,
    changes: Array<{ field: TicketHistoryField; from: string | null; to: string | null }>,
    actor: TicketActor,
    reason: string | null,
    at: Date,
  ): Promise<void> {
    await manager.getRepository(TicketHistoryEntity).insert(
      changes.map((change) => ({
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        field: change.field,
        fromValue: change.from,
        toValue: change.to,
        actorType: actor.type,
        actorId: actor.id,
        actorName: actor.name,
        reason,
        changedAt: at,
      })),
    );
  }

  /** The timers a status brings: solved closes later, pending reminds and then solves. */
  private async scheduleFor(manager: EntityManager, ticket: TicketEntity, settings: EffectiveTicketSettings, at: Date): Promise<void> {
    if (ticket.status === 'solved') {
      await clearTimers(manager, ticket.id, ['pending-reminder', 'pending-solve']);
      await setTimer(manager, ticket.tenantId, ticket.id, 'auto-close', new Date(at.getTime() + settings.autoCloseSeconds * 1000));
    } else if (ticket.status === 'pending') {
      await clearTimers(manager, ticket.id, ['auto-close', 'pending-solve']);
      await setTimer(
        manager,
        ticket.tenantId,
        ticket.id,
        'pending-reminder',
        new Date(at.getTime() + settings.pendingReminderSeconds * 1000),
      );
    } else {
      await clearTimers(manager, ticket.id, ['auto-close', 'pending-reminder', 'pending-solve']);
    }
  }

  /**
   * A parked ticket (pending, on-hold, solved) holds no live capacity: its open conversation closes
   * and routing frees the agent's slot. The customer's next message reopens it (ThreadingHandler).
   */
  async releaseLiveConversation({ manager, publish }: TransactionContext, ticket: TicketEntity, at: Date): Promise<void> {
    const conversations = manager.getRepository(ConversationEntity);
    const open = await conversations.findBy({ tenantId: ticket.tenantId, ticketId: ticket.id, status: 'open' });
    for (const conversation of open) {
      await conversations.update({ id: conversation.id }, { status: 'closed', closedAt: at });
      await publish(
        Topics.ConversationClosed,
        {
          tenantId: ticket.tenantId,
          conversationId: conversation.id,
          ticketId: ticket.id,
          contactId: conversation.contactId,
          agentId: conversation.assignedAgentId ?? undefined,
          disposition: ticket.disposition ?? undefined,
          ticketStatus: ticket.status,
          closedAt: at.toISOString(),
        },
        { tenantId: ticket.tenantId, key: ticket.tenantId },
      );
    }
  }
}

const clip = (value: string | null) => (value === null ? null : value.slice(0, 2000));

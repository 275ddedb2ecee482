import type { TicketDetail, TicketSummary } from '@garda/contracts';
import type { EntityManager } from 'typeorm';
import { ConversationEntity } from '../conversations/conversation.entity';
import type { TicketEntity } from '../conversations/ticket.entity';
import { TicketHistoryEntity } from '../lifecycle/ticket-history.entity';

/** A ticket as lists and views show it (TicketSummary in the API). */
export function toSummary(ticket: TicketEntity): TicketSummary {
  return {
    id: ticket.id,
    number: ticket.number,
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    type: ticket.type,
    tags: ticket.tags,
    assigneeId: ticket.assigneeId,
    queue: ticket.queue,
    channel: ticket.channel,
    customerId: ticket.customerId,
    customerName: ticket.customerName,
    followUpOf: ticket.followUpOf,
    slaDueAt: ticket.slaDueAt?.toISOString() ?? null,
    statusChangedAt: ticket.statusChangedAt.toISOString(),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  };
}

/** A ticket with its conversations and its whole history, oldest change first. */
export async function toDetail(manager: EntityManager, ticket: TicketEntity): Promise<TicketDetail> {
  const [conversations, history] = await Promise.all([
    manager
      .getRepository(ConversationEntity)
      .find({ where: { ticketId: ticket.id, tenantId: ticket.tenantId }, order: { createdAt: 'ASC' } }),
    manager
      .getRepository(TicketHistoryEntity)
      .find({ where: { ticketId: ticket.id, tenantId: ticket.tenantId }, order: { changedAt: 'ASC', id: 'ASC' } }),
  ]);
  return {
    ...toSummary(ticket),
    customerAddress: ticket.customerAddress,
    disposition: ticket.disposition,
    solvedAt: ticket.solvedAt?.toISOString() ?? null,
    survey:
      ticket.surveyKind && ticket.surveyScore !== null && ticket.surveyAnsweredAt
        ? {
            kind: ticket.surveyKind,
            score: ticket.surveyScore,
            comment: ticket.surveyComment,
            answeredAt: ticket.surveyAnsweredAt.toISOString(),
          }
        : null,
    conversations: conversations.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      assignedAgentId: c.assignedAgentId,
      createdAt: c.createdAt.toISOString(),
    })),
    history: history.map((h) => ({
      field: h.field,
      from: h.fromValue,
      to: h.toValue,
      actorType: h.actorType,
      actorId: h.actorId,
      actorName: h.actorName,
      reason: h.reason,
      changedAt: h.changedAt.toISOString(),
    })),
  };
}

import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ContactTransferredV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { ConversationEntity } from './conversation.entity';
import { TicketEntity } from './ticket.entity';

/**
 * A transfer takes the conversation off its agent until routing assigns it again, so it leaves
 * the agent's list (and their access to the customer) at once. Only the agent it was taken from is
 * cleared: if the next assignment was recorded first (the two topics race), it stays.
 */
@Controller()
export class TransferHandler {
  constructor(@Inject(TicketWriter) private readonly tickets: TicketWriter) {}

  @EventPattern(Topics.ContactTransferred)
  async transferred(@Payload() event: ContactTransferredV1, @Ctx() context: EventContext): Promise<void> {
    const { manager } = context;
    if (!event.fromAgentId) return;
    const result = await manager
      .getRepository(ConversationEntity)
      .update(
        { id: event.conversationId, tenantId: event.tenantId, contactId: event.contactId, assignedAgentId: event.fromAgentId },
        { assignedAgentId: null },
      );
    if (!result.affected) return;
    const conversation = await manager
      .getRepository(ConversationEntity)
      .findOneByOrFail({ id: event.conversationId, tenantId: event.tenantId });
    const ticket = await manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: conversation.ticketId, tenantId: event.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!ticket || ticket.status === 'closed') return;
    await this.tickets.change(
      context,
      ticket,
      { queue: event.toQueueName, ...(ticket.assigneeId === event.fromAgentId ? { assigneeId: null } : {}) },
      SYSTEM,
      { reason: 'transferred', at: new Date(event.transferredAt) },
    );
  }
}

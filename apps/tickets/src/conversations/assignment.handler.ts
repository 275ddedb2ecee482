import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ContactAssignedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { ConversationEntity } from './conversation.entity';
import { TicketEntity } from './ticket.entity';

/** Records on the conversation and its ticket which agent routing assigned; a new ticket becomes open. */
@Controller()
export class AssignmentHandler {
  constructor(@Inject(TicketWriter) private readonly tickets: TicketWriter) {}

  @EventPattern(Topics.ContactAssigned)
  async assigned(@Payload() event: ContactAssignedV1, @Ctx() context: EventContext): Promise<void> {
    const { manager } = context;
    // Only the conversation's current contact may set its owner (a stale assignment is ignored).
    const result = await manager
      .getRepository(ConversationEntity)
      .update({ id: event.conversationId, tenantId: event.tenantId, contactId: event.contactId }, { assignedAgentId: event.agentId });
    if (!result.affected) return;
    const ticket = await manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: event.ticketId, tenantId: event.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!ticket || ticket.status === 'closed') return;
    await this.tickets.change(
      context,
      ticket,
      { assigneeId: event.agentId, ...(ticket.status === 'new' ? { status: 'open' as const } : {}) },
      SYSTEM,
      { reason: 'assigned-by-routing', at: new Date(event.assignedAt) },
    );
  }
}

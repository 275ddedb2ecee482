import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ContactAssignedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { ConversationEntity } from './conversation.entity';
import { TicketEntity } from './ticket.entity';

/** Records on the conversation and its ticket which agent routing assigned. */
@Controller()
export class AssignmentHandler {
  @EventPattern(Topics.ContactAssigned)
  async assigned(@Payload() event: ContactAssignedV1, @Ctx() { manager }: EventContext): Promise<void> {
    // Only the conversation's current contact may set its owner (a stale assignment is ignored).
    const result = await manager
      .getRepository(ConversationEntity)
      .update({ id: event.conversationId, tenantId: event.tenantId, contactId: event.contactId }, { assignedAgentId: event.agentId });
    if (result.affected) {
      await manager.getRepository(TicketEntity).update({ id: event.ticketId, tenantId: event.tenantId }, { assigneeId: event.agentId });
    }
  }
}

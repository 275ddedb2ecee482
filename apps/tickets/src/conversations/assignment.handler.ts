import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { ConversationEntity } from './conversation.entity';
import { TicketEntity } from './ticket.entity';

/** Records on the conversation and its ticket which agent routing assigned. */
@Injectable()
export class AssignmentHandler implements OnModuleInit {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  onModuleInit(): void {
    this.runtime.consumer.on(Topics.ContactAssigned, async (event, { manager }) => {
      // Only the conversation's current contact may set its owner (a stale assignment is ignored).
      const result = await manager
        .getRepository(ConversationEntity)
        .update({ id: event.conversationId, tenantId: event.tenantId, contactId: event.contactId }, { assignedAgentId: event.agentId });
      if (result.affected) {
        await manager.getRepository(TicketEntity).update({ id: event.ticketId, tenantId: event.tenantId }, { assigneeId: event.agentId });
      }
    });
  }
}

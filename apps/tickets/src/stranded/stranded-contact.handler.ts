import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type MaxWaitExceededV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { ConversationEntity } from '../conversations/conversation.entity';
import { sendSystemMessage } from '../conversations/system-message';
import { TicketEntity } from '../conversations/ticket.entity';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { TicketSettings } from '../settings/ticket-settings';

/**
 * No contact stranded: when routing gives up on a contact (its queue's maximum wait, no overflow),
 * its ticket stays unassigned in that queue's "unassigned" view for an agent to take, and the
 * customer is told (the tenant's text) that the team will answer them in this thread.
 */
@Controller()
export class StrandedContactHandler {
  constructor(
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
    @Inject(TicketSettings) private readonly settings: TicketSettings,
  ) {}

  @EventPattern(Topics.MaxWaitExceeded)
  async gaveUp(@Payload() event: MaxWaitExceededV1, @Ctx() context: EventContext): Promise<void> {
    const { manager } = context;
    const conversation = await manager.getRepository(ConversationEntity).findOneBy({
      id: event.conversationId,
      tenantId: event.tenantId,
      contactId: event.contactId,
      status: 'open',
    });
    // Already answered, closed, or superseded by a newer contact: nothing is stranded.
    if (!conversation || conversation.assignedAgentId) return;
    const ticket = await manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: conversation.ticketId, tenantId: event.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (!ticket || ticket.status === 'closed') return;
    const at = new Date(event.exceededAt);
    await this.tickets.change(context, ticket, { queue: event.queueName, assigneeId: null }, SYSTEM, { reason: 'routing-gave-up', at });
    const { strandedText } = await this.settings.of(manager, event.tenantId);
    await sendSystemMessage(context, conversation, strandedText, at);
  }
}

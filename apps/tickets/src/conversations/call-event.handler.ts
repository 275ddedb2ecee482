import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type CallEventV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';

/**
 * What happened on a phone call (channels.call-event.v1) becomes a system message on the call's
 * conversation — ringing, answered, ended with its duration, the recording link — so the agent and
 * the ticket's history show the call. A caller who hung up before an agent took the call ends the
 * conversation: its ticket is solved as abandoned, and routing, told by the close, counts the
 * contact as abandoned (the callback, if the queue arranges one, is a contact of its own).
 */
@Controller()
export class CallEventHandler {
  constructor(@Inject(TicketWriter) private readonly tickets: TicketWriter) {}

  @EventPattern(Topics.CallEvent)
  async handle(@Payload() event: CallEventV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const conversation = await manager.getRepository(ConversationEntity).findOneBy({ id: event.conversationId, tenantId: event.tenantId });
    if (!conversation) return;
    const messages = manager.getRepository(MessageEntity);
    if (await messages.existsBy({ id: event.eventId })) return;
    const createdAt = new Date(event.at);
    const attachments = event.recordingUrl ? [{ kind: 'audio' as const, url: event.recordingUrl, mimeType: 'audio/mpeg' }] : [];
    await messages.insert({
      id: event.eventId,
      tenantId: event.tenantId,
      conversationId: conversation.id,
      direction: 'inbound',
      authorType: 'system',
      authorId: null,
      authorName: null,
      text: event.text,
      attachments,
      internal: false,
      providerMessageId: null,
      createdAt,
    });
    await publish(
      Topics.ConversationMessage,
      {
        tenantId: event.tenantId,
        conversationId: conversation.id,
        ticketId: conversation.ticketId,
        customerId: conversation.customerId,
        messageId: event.eventId,
        channel: conversation.channel,
        direction: 'inbound',
        authorType: 'system',
        text: event.text,
        attachments,
        assignedAgentId: conversation.assignedAgentId ?? undefined,
        isNewConversation: false,
        createdAt: createdAt.toISOString(),
      },
      { tenantId: event.tenantId, key: conversation.id, messageId: `conversation-message:${event.eventId}` },
    );
    if (event.event !== 'abandoned' || conversation.status !== 'open' || conversation.assignedAgentId) return;
    await manager
      .getRepository(ConversationEntity)
      .update({ id: conversation.id, tenantId: event.tenantId }, { status: 'closed', closedAt: createdAt });
    const ticket = await manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: conversation.ticketId, tenantId: event.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (ticket && ticket.status !== 'solved' && ticket.status !== 'closed') {
      await manager.getRepository(TicketEntity).update({ id: ticket.id }, { disposition: 'abandoned' });
      ticket.disposition = 'abandoned';
      await this.tickets.change({ manager, publish }, ticket, { status: 'solved' }, SYSTEM, { reason: 'call-abandoned', at: createdAt });
    }
    await publish(
      Topics.ConversationClosed,
      {
        tenantId: event.tenantId,
        conversationId: conversation.id,
        ticketId: conversation.ticketId,
        contactId: conversation.contactId,
        disposition: 'abandoned',
        closedAt: createdAt.toISOString(),
      },
      { tenantId: event.tenantId, key: event.tenantId, messageId: `conversation-closed:${conversation.id}` },
    );
  }
}

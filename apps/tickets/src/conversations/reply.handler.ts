import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type ReplySubmittedV1, Topics } from '@garda/contracts';
import { EventPattern, LOGGER, queryRows, type EventContext } from '@garda/service-kit';
import type { Logger } from 'pino';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { SlaClock } from '../sla/sla-clock';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';
import { z } from 'zod';

/**
 * An agent's reply: stored on the conversation and, unless it is an internal note, sent back to the
 * customer on the conversation's channel.
 */
@Controller()
export class ReplyHandler {
  constructor(
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
    @Inject(SlaClock) private readonly sla: SlaClock,
  ) {}

  @EventPattern(Topics.ReplySubmitted)
  async handle(@Payload() reply: ReplySubmittedV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const conversation = await manager.getRepository(ConversationEntity).findOneBy({ id: reply.conversationId, tenantId: reply.tenantId });
    if (!conversation || conversation.assignedAgentId !== reply.agentId) {
      // Tickets owns assignments, so this is where a reply to someone else's conversation is refused
      // (logged, not retried: retrying cannot make it right).
      this.logger.warn({ conversationId: reply.conversationId, agentId: reply.agentId }, 'reply refused: not the assigned agent');
      return;
    }
    const messages = manager.getRepository(MessageEntity);
    if (await messages.existsBy({ id: reply.messageId })) return;
    const createdAt = new Date(reply.submittedAt);
    await messages.insert({
      id: reply.messageId,
      tenantId: reply.tenantId,
      conversationId: conversation.id,
      direction: 'outbound',
      authorType: 'agent',
      authorId: reply.agentId,
      authorName: reply.agentName,
      text: reply.text,
      attachments: reply.attachments,
      internal: reply.internal,
      providerMessageId: null,
      deliveryStatus: reply.internal ? null : 'pending',
      createdAt,
    });
    await manager.getRepository(ConversationEntity).update({ id: conversation.id }, { lastMessageAt: createdAt });
    // The first answer to a new ticket (taken from a view, say) is when the team starts working it.
    const ticket = await manager
      .getRepository(TicketEntity)
      .findOne({ where: { id: conversation.ticketId, tenantId: reply.tenantId }, lock: { mode: 'pessimistic_write' } });
    if (ticket && !reply.internal) await this.sla.agentReplied(manager, ticket, createdAt);
    if (ticket?.status === 'new' && !reply.internal) {
      await this.tickets.change(
        { manager, publish },
        ticket,
        { status: 'open' },
        { type: 'agent', id: reply.agentId, name: reply.agentName },
        {
          at: createdAt,
        },
      );
    }

    if (!reply.internal) {
      const thread = await queryRows(
        manager,
        z.object({ provider_message_id: z.string() }),
        `SELECT "provider_message_id" FROM "tickets"."message" WHERE "conversation_id" = $1 AND "provider_message_id" IS NOT NULL
         ORDER BY "created_at" DESC LIMIT 20`,
        [conversation.id],
      );
      await publish(
        Topics.OutboundMessage,
        {
          tenantId: reply.tenantId,
          messageId: reply.messageId,
          conversationId: conversation.id,
          channel: conversation.channel,
          accountId: conversation.accountId,
          threadKey: conversation.threadKey,
          recipient: { identityType: conversation.recipientIdentityType, value: conversation.recipientValue },
          text: reply.text,
          attachments: reply.attachments,
          ...(reply.template ? { template: reply.template } : {}),
          ...(reply.cc ? { cc: reply.cc } : {}),
          authorId: reply.agentId,
          authorName: reply.agentName,
          subject: conversation.subject ? `Re: ${conversation.subject.replace(/^re:\s*/i, '')}` : undefined,
          threadProviderIds: thread.map((row) => row.provider_message_id).reverse(),
          createdAt: createdAt.toISOString(),
        },
        { tenantId: reply.tenantId, key: conversation.id, messageId: `outbound:${reply.messageId}` },
      );
    }
    await publish(
      Topics.ConversationMessage,
      {
        tenantId: reply.tenantId,
        conversationId: conversation.id,
        ticketId: conversation.ticketId,
        customerId: conversation.customerId,
        messageId: reply.messageId,
        channel: conversation.channel,
        direction: 'outbound',
        authorType: 'agent',
        authorId: reply.agentId,
        authorName: reply.agentName,
        text: reply.text,
        attachments: reply.attachments,
        internal: reply.internal,
        assignedAgentId: conversation.assignedAgentId ?? undefined,
        isNewConversation: false,
        createdAt: createdAt.toISOString(),
      },
      { tenantId: reply.tenantId, key: conversation.id, messageId: `conversation-message:${reply.messageId}` },
    );
  }
}

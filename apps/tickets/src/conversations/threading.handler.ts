import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type IdentifiedMessageV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';

/**
 * Step 3 of a contact's flow: append an identified message to the thread's open conversation, or
 * open a conversation and a ticket and ask routing for an agent.
 */
@Controller()
export class ThreadingHandler {
  @EventPattern(Topics.IdentifiedMessage)
  async thread(@Payload() message: IdentifiedMessageV1, @Ctx() { manager, publish }: EventContext): Promise<void> {
    const conversations = manager.getRepository(ConversationEntity);
    const now = new Date(message.receivedAt);
    let conversation = await conversations.findOne({
      where: {
        tenantId: message.tenantId,
        channel: message.channel,
        accountId: message.accountId,
        threadKey: message.threadKey,
        status: 'open',
      },
      lock: { mode: 'pessimistic_write' },
    });
    const isNew = !conversation;
    if (!conversation) {
      const ticketId = randomUUID();
      const subject = message.subject ?? (message.text.slice(0, 80) || `${message.channel} conversation`);
      await manager.getRepository(TicketEntity).insert({
        id: ticketId,
        tenantId: message.tenantId,
        customerId: message.customerId,
        subject,
        status: 'open',
        priority: 'normal',
        // The channel account maps a topic to a queue; the customer's own words (topic) never pick one.
        queue: message.queue ?? null,
      });
      conversation = conversations.create({
        id: randomUUID(),
        tenantId: message.tenantId,
        ticketId,
        customerId: message.customerId,
        customerName: message.customerName ?? message.sender.displayName ?? null,
        channel: message.channel,
        accountId: message.accountId,
        threadKey: message.threadKey,
        recipientIdentityType: message.sender.identityType,
        recipientValue: message.sender.value,
        status: 'open',
        assignedAgentId: null,
        contactId: randomUUID(),
        subject: message.subject ?? null,
        lastMessageAt: now,
        closedAt: null,
      });
      await conversations.insert(conversation);
    } else {
      await conversations.update({ id: conversation.id }, { lastMessageAt: now });
    }

    await manager.getRepository(MessageEntity).insert({
      id: message.messageId,
      tenantId: message.tenantId,
      conversationId: conversation.id,
      direction: 'inbound',
      authorType: 'customer',
      authorId: message.customerId,
      authorName: message.customerName ?? message.sender.displayName ?? null,
      text: message.text,
      attachments: message.attachments,
      internal: false,
      providerMessageId: message.providerMessageId,
      createdAt: now,
    });

    await publish(
      Topics.ConversationMessage,
      {
        tenantId: message.tenantId,
        conversationId: conversation.id,
        ticketId: conversation.ticketId,
        customerId: message.customerId,
        messageId: message.messageId,
        channel: message.channel,
        direction: 'inbound',
        authorType: 'customer',
        authorId: message.customerId,
        authorName: conversation.customerName ?? undefined,
        text: message.text,
        attachments: message.attachments,
        assignedAgentId: conversation.assignedAgentId ?? undefined,
        isNewConversation: isNew,
        createdAt: now.toISOString(),
      },
      { tenantId: message.tenantId, key: conversation.id, messageId: `conversation-message:${message.messageId}` },
    );

    if (isNew) {
      await publish(
        Topics.RoutingRequested,
        {
          tenantId: message.tenantId,
          contactId: conversation.contactId,
          conversationId: conversation.id,
          ticketId: conversation.ticketId,
          customerId: message.customerId,
          customerName: conversation.customerName ?? undefined,
          channel: message.channel,
          queue: message.queue,
          requiredSkills: message.requiredSkills ?? [],
          priority: 0,
          preview: message.text.slice(0, 200),
          requestedAt: now.toISOString(),
        },
        // Keyed by tenant: one routing instance owns a tenant's decisions at a time.
        { tenantId: message.tenantId, key: message.tenantId, messageId: `routing-requested:${conversation.contactId}` },
      );
    }
  }
}

import { randomUUID } from 'node:crypto';
import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type IdentifiedMessageV1, ROUTING_PRIORITY, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { SYSTEM } from '../lifecycle/ticket-actor';
import { REOPENABLE_STATUSES } from '../lifecycle/ticket-lifecycle';
import { TicketWriter } from '../lifecycle/ticket-writer';
import { TicketSettings } from '../settings/ticket-settings';
import { SurveyCapture } from '../surveys/survey-capture';
import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';
import { TicketEntity } from './ticket.entity';

/**
 * Step 3 of a contact's flow: append an identified message to the thread's open conversation; or
 * reopen the thread's pending, on-hold or solved ticket (inside the tenant's reopen window) and ask
 * routing for its previous agent first; or open a conversation and a new ticket (a follow-up when
 * the thread's last ticket is closed). A survey answer is recorded and goes no further.
 */
@Controller()
export class ThreadingHandler {
  constructor(
    @Inject(TicketWriter) private readonly tickets: TicketWriter,
    @Inject(TicketSettings) private readonly settings: TicketSettings,
    @Inject(SurveyCapture) private readonly surveys: SurveyCapture,
  ) {}

  @EventPattern(Topics.IdentifiedMessage)
  async thread(@Payload() message: IdentifiedMessageV1, @Ctx() context: EventContext): Promise<void> {
    const { manager, publish } = context;
    const conversations = manager.getRepository(ConversationEntity);
    const now = new Date(message.receivedAt);
    const thread = { tenantId: message.tenantId, channel: message.channel, accountId: message.accountId, threadKey: message.threadKey };
    let conversation = await conversations.findOne({ where: { ...thread, status: 'open' }, lock: { mode: 'pessimistic_write' } });
    let routeTo: { preferredAgentId?: string } | undefined;
    let isNew = false;

    if (!conversation) {
      const last = await conversations.findOne({ where: thread, order: { createdAt: 'DESC' }, lock: { mode: 'pessimistic_write' } });
      const lastTicket = last
        ? await manager.getRepository(TicketEntity).findOne({ where: { id: last.ticketId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (last && lastTicket && (await this.surveys.capture(context, lastTicket, last, message))) return;

      const settings = await this.settings.of(manager, message.tenantId);
      const reopenable =
        lastTicket &&
        REOPENABLE_STATUSES.includes(lastTicket.status) &&
        now.getTime() - lastTicket.statusChangedAt.getTime() <= settings.reopenWindowSeconds * 1000;
      if (last && lastTicket && reopenable) {
        const preferred = lastTicket.assigneeId;
        await this.tickets.change(
          context,
          lastTicket,
          { status: 'open' },
          { ...SYSTEM, type: 'customer', id: message.customerId },
          {
            reason: 'reopened-by-customer',
            at: now,
          },
        );
        // The same thread goes on: the conversation comes back with a new routing contact.
        conversation = Object.assign(last, {
          status: 'open' as const,
          contactId: randomUUID(),
          assignedAgentId: null,
          closedAt: null,
          lastMessageAt: now,
        });
        await conversations.update(
          { id: last.id },
          { status: 'open', contactId: conversation.contactId, assignedAgentId: null, closedAt: null, lastMessageAt: now },
        );
        routeTo = preferred ? { preferredAgentId: preferred } : {};
      } else {
        const ticketId = randomUUID();
        const customerName = message.customerName ?? message.sender.displayName ?? null;
        await this.tickets.create(
          manager,
          {
            id: ticketId,
            tenantId: message.tenantId,
            customerId: message.customerId,
            subject: message.subject ?? (message.text.slice(0, 80) || `${message.channel} conversation`),
            // The channel account maps a topic to a queue; the customer's own words (topic) never pick one.
            queue: message.queue ?? null,
            channel: message.channel,
            customerName,
            customerAddress: message.sender.value,
            followUpOf: lastTicket && !reopenable ? lastTicket.id : null,
            createdAt: now,
          },
          { ...SYSTEM, type: 'customer', id: message.customerId },
        );
        conversation = conversations.create({
          id: randomUUID(),
          ...thread,
          ticketId,
          customerId: message.customerId,
          customerName,
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
        isNew = true;
        routeTo = {};
      }
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

    if (routeTo) {
      const ticket = await manager.getRepository(TicketEntity).findOneByOrFail({ id: conversation.ticketId });
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
          queue: ticket.queue ?? message.queue,
          requiredSkills: message.requiredSkills ?? [],
          priority: ROUTING_PRIORITY[ticket.priority],
          ...routeTo,
          preview: message.text.slice(0, 200),
          requestedAt: now.toISOString(),
        },
        // Keyed by tenant: one routing instance owns a tenant's decisions at a time.
        { tenantId: message.tenantId, key: message.tenantId, messageId: `routing-requested:${conversation.contactId}` },
      );
    }
  }
}

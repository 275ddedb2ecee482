import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import type { TransactionContext } from '@garda/messaging';
import type { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';

/**
 * A message Garda itself sends the customer on the conversation's channel (a pending reminder, the
 * "we will answer you here" notice): kept in the thread like an agent's reply and sent once.
 */
export async function sendSystemMessage(
  { manager, publish }: TransactionContext,
  conversation: ConversationEntity,
  text: string,
  at: Date,
): Promise<string> {
  const messageId = randomUUID();
  await manager.getRepository(MessageEntity).insert({
    id: messageId,
    tenantId: conversation.tenantId,
    conversationId: conversation.id,
    direction: 'outbound',
    authorType: 'system',
    authorId: null,
    authorName: null,
    text,
    attachments: [],
    internal: false,
    providerMessageId: null,
    deliveryStatus: 'pending',
    createdAt: at,
  });
  await publish(
    Topics.OutboundMessage,
    {
      tenantId: conversation.tenantId,
      messageId,
      conversationId: conversation.id,
      channel: conversation.channel,
      accountId: conversation.accountId,
      threadKey: conversation.threadKey,
      recipient: { identityType: conversation.recipientIdentityType, value: conversation.recipientValue },
      text,
      attachments: [],
      subject: conversation.subject ? `Re: ${conversation.subject.replace(/^re:\s*/i, '')}` : undefined,
      threadProviderIds: [],
      createdAt: at.toISOString(),
    },
    { tenantId: conversation.tenantId, key: conversation.id, messageId: `outbound:${messageId}` },
  );
  await publish(
    Topics.ConversationMessage,
    {
      tenantId: conversation.tenantId,
      conversationId: conversation.id,
      ticketId: conversation.ticketId,
      customerId: conversation.customerId,
      messageId,
      channel: conversation.channel,
      direction: 'outbound',
      authorType: 'system',
      text,
      attachments: [],
      assignedAgentId: conversation.assignedAgentId ?? undefined,
      isNewConversation: false,
      createdAt: at.toISOString(),
    },
    { tenantId: conversation.tenantId, key: conversation.id, messageId: `conversation-message:${messageId}` },
  );
  return messageId;
}

import { type AgentTypingV1, type CustomerTypingV1, isTypingFresh, type TypingRelayedV1 } from '@garda/contracts';
import type { ConversationEntity } from './conversation.entity';

type ConversationRoute = Pick<
  ConversationEntity,
  'id' | 'tenantId' | 'channel' | 'accountId' | 'threadKey' | 'status' | 'assignedAgentId' | 'customerName'
>;

/**
 * What the customer's channel should hear when an agent types: only the agent who owns the open
 * conversation is relayed (anyone else typing in it is not the customer's business), and only
 * while the event is fresh.
 */
export function relayAgentTyping(conversation: ConversationRoute | null, event: AgentTypingV1, now = new Date()): TypingRelayedV1 | null {
  if (!conversation || conversation.tenantId !== event.tenantId || conversation.status !== 'open') return null;
  if (conversation.assignedAgentId !== event.agentId || !isTypingFresh(event.at, now)) return null;
  return {
    tenantId: event.tenantId,
    conversationId: conversation.id,
    channel: conversation.channel,
    accountId: conversation.accountId,
    threadKey: conversation.threadKey,
    who: 'agent',
    name: event.agentName || undefined,
    isTyping: true,
    assignedAgentId: conversation.assignedAgentId,
    at: event.at,
  };
}

/** What the assigned agent's desk should hear when the customer types on the conversation's thread. */
export function relayCustomerTyping(
  conversation: ConversationRoute | null,
  event: CustomerTypingV1,
  now = new Date(),
): TypingRelayedV1 | null {
  if (!conversation || conversation.tenantId !== event.tenantId || conversation.status !== 'open') return null;
  if (!conversation.assignedAgentId || !isTypingFresh(event.at, now)) return null;
  return {
    tenantId: event.tenantId,
    conversationId: conversation.id,
    channel: conversation.channel,
    accountId: conversation.accountId,
    threadKey: conversation.threadKey,
    who: 'customer',
    name: conversation.customerName ?? undefined,
    isTyping: event.isTyping,
    assignedAgentId: conversation.assignedAgentId,
    at: event.at,
  };
}

import type { AgentTypingV1, CustomerTypingV1 } from '@garda/contracts';
import { relayAgentTyping, relayCustomerTyping } from './typing-relay';

const TENANT = '00000000-0000-4000-8000-000000000001';
const ALICE = '00000000-0000-4000-8000-000000000201';
const BOB = '00000000-0000-4000-8000-000000000202';
const NOW = new Date('2026-01-02T03:04:05.000Z');
const conversation = {
  id: '00000000-0000-4000-8000-000000000901',
  tenantId: TENANT,
  channel: 'webchat' as const,
  accountId: 'web',
  threadKey: '00000000-0000-4000-8000-000000000777',
  status: 'open' as const,
  assignedAgentId: ALICE,
  customerName: 'Ada',
};
const agentTyping: AgentTypingV1 = {
  tenantId: TENANT,
  agentId: ALICE,
  agentName: 'Alice Agent',
  conversationId: conversation.id,
  at: NOW.toISOString(),
};
const customerTyping: CustomerTypingV1 = {
  tenantId: TENANT,
  channel: 'webchat',
  accountId: 'web',
  threadKey: conversation.threadKey,
  isTyping: true,
  at: NOW.toISOString(),
};

describe('typing relay', () => {
  it("sends the assigned agent's typing to the customer's thread with the agent's name", () => {
    expect(relayAgentTyping(conversation, agentTyping, NOW)).toEqual({
      tenantId: TENANT,
      conversationId: conversation.id,
      channel: 'webchat',
      accountId: 'web',
      threadKey: conversation.threadKey,
      who: 'agent',
      name: 'Alice Agent',
      isTyping: true,
      assignedAgentId: ALICE,
      at: NOW.toISOString(),
    });
  });

  it('keeps quiet about an agent who does not own the conversation, a closed one, another tenant or a stale event', () => {
    expect(relayAgentTyping(conversation, { ...agentTyping, agentId: BOB }, NOW)).toBeNull();
    expect(relayAgentTyping({ ...conversation, status: 'closed' }, agentTyping, NOW)).toBeNull();
    expect(relayAgentTyping({ ...conversation, tenantId: '00000000-0000-4000-8000-000000000002' }, agentTyping, NOW)).toBeNull();
    expect(relayAgentTyping(conversation, agentTyping, new Date(NOW.getTime() + 60_000))).toBeNull();
    expect(relayAgentTyping(null, agentTyping, NOW)).toBeNull();
  });

  it("sends the customer's typing to the assigned agent, and nowhere while nobody is assigned", () => {
    expect(relayCustomerTyping(conversation, customerTyping, NOW)).toMatchObject({
      who: 'customer',
      name: 'Ada',
      assignedAgentId: ALICE,
      isTyping: true,
      conversationId: conversation.id,
    });
    expect(relayCustomerTyping(conversation, { ...customerTyping, isTyping: false }, NOW)).toMatchObject({ isTyping: false });
    expect(relayCustomerTyping({ ...conversation, assignedAgentId: null }, customerTyping, NOW)).toBeNull();
    expect(relayCustomerTyping(null, customerTyping, NOW)).toBeNull();
  });
});

import type { ContactAssignedV1, ConversationMessageV1 } from '@garda/contracts';
import type { ConversationSummary } from '../api/types';
import { CUSTOMER_TYPING_SHOWN_MS, deskReducer, type DeskState, mergeDeliveryStatus, nextConversationId, unconfirmed } from './desk-state';

const TENANT = '00000000-0000-4000-8000-000000000001';
const ALICE = '00000000-0000-4000-8000-000000000201';

const assigned = (conversationId: string, at: string): ContactAssignedV1 => ({
  tenantId: TENANT,
  contactId: `${conversationId.slice(0, -1)}c`,
  conversationId,
  ticketId: `${conversationId.slice(0, -1)}t`,
  customerId: `${conversationId.slice(0, -1)}u`,
  agentId: ALICE,
  queueId: TENANT,
  queueName: 'support',
  channel: 'webchat',
  waitedSeconds: 3,
  assignedAt: at,
});

const message = (
  conversationId: string,
  messageId: string,
  text: string,
  createdAt: string,
  authorType: 'customer' | 'agent' = 'customer',
): ConversationMessageV1 => ({
  tenantId: TENANT,
  conversationId,
  ticketId: TENANT,
  customerId: TENANT,
  messageId,
  channel: 'webchat',
  direction: authorType === 'customer' ? 'inbound' : 'outbound',
  authorType,
  text,
  attachments: [],
  internal: false,
  assignedAgentId: ALICE,
  isNewConversation: false,
  createdAt,
});

const empty: DeskState = { conversations: [] };

describe('desk state', () => {
  it('opens an assigned conversation and makes it active when none is', () => {
    const state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    expect(state.conversations.map((c) => c.id)).toEqual(['conv-1']);
    expect(state.activeId).toBe('conv-1');
    // A redelivered assignment does not duplicate it.
    expect(deskReducer(state, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') }).conversations).toHaveLength(1);
  });

  it('counts unread customer messages on conversations that are not open, and clears them when opened', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, { type: 'assigned', event: assigned('conv-2', '2026-01-01T10:01:00.000Z') });
    state = deskReducer(state, { type: 'message', event: message('conv-2', 'm1', 'hello', '2026-01-01T10:02:00.000Z') });
    state = deskReducer(state, { type: 'message', event: message('conv-2', 'm1', 'hello', '2026-01-01T10:02:00.000Z') });
    state = deskReducer(state, { type: 'message', event: message('conv-1', 'm2', 'on the open one', '2026-01-01T10:03:00.000Z') });
    const byId = (id: string) => state.conversations.find((c) => c.id === id)!;
    expect(byId('conv-2').unread).toBe(1);
    expect(byId('conv-2').messages).toHaveLength(1);
    expect(byId('conv-1').unread).toBe(0);
    expect(nextConversationId(state)).toBe('conv-2');
    state = deskReducer(state, { type: 'select', conversationId: 'conv-2' });
    expect(state.conversations.find((c) => c.id === 'conv-2')!.unread).toBe(0);
  });

  it('shows a sent reply at once and once only when tickets confirms it', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, {
      type: 'sent',
      conversationId: 'conv-1',
      message: {
        id: 'r1',
        direction: 'outbound',
        authorType: 'agent',
        authorName: 'Alice',
        text: 'Hi',
        internal: false,
        createdAt: '2026-01-01T10:05:00.000Z',
        pending: true,
      },
    });
    expect(state.conversations[0].messages[0].pending).toBe(true);
    state = deskReducer(state, { type: 'message', event: message('conv-1', 'r1', 'Hi', '2026-01-01T10:05:00.100Z', 'agent') });
    expect(state.conversations[0].messages).toHaveLength(1);
    expect(state.conversations[0].messages[0].pending).toBeFalsy();
  });

  it('keeps pushed messages and pending replies when the list and history are reloaded after a reconnect', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, { type: 'select', conversationId: 'conv-1' });
    const summary = {
      id: 'conv-1',
      ticketId: 't',
      customerId: 'u',
      customerName: 'Ada',
      channel: 'webchat',
      status: 'open',
      lastMessageAt: '2026-01-01T10:00:00.000Z',
    } as ConversationSummary;
    state = deskReducer(state, { type: 'list-loaded', conversations: [summary], now: Date.parse('2026-01-01T10:00:05.000Z') });
    expect(state.activeId).toBe('conv-1');
    expect(state.conversations[0].customerName).toBe('Ada');
    state = deskReducer(state, {
      type: 'detail-loaded',
      detail: {
        ...summary,
        ticket: null,
        messages: [
          {
            id: 'm1',
            direction: 'inbound',
            authorType: 'customer',
            authorName: 'Ada',
            text: 'first',
            internal: false,
            createdAt: '2026-01-01T10:00:00.000Z',
          },
        ],
      },
    });
    expect(state.conversations[0].messages.map((m) => m.text)).toEqual(['first']);
    expect(state.conversations[0].loaded).toBe(true);
  });

  it('asks for history only once tickets has recorded the assignment (listed, or a message naming us)', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, { type: 'assigned', event: assigned('conv-2', '2026-01-01T10:00:01.000Z') });
    expect(
      unconfirmed(state)
        .map((c) => c.id)
        .sort(),
    ).toEqual(['conv-1', 'conv-2']);
    const summary = {
      id: 'conv-1',
      ticketId: 't',
      customerId: 'u',
      contactId: 'k',
      customerName: 'Ada',
      channel: 'webchat',
      status: 'open',
      lastMessageAt: '2026-01-01T10:00:00.000Z',
    } as ConversationSummary;
    state = deskReducer(state, { type: 'list-loaded', conversations: [summary], now: Date.parse('2026-01-01T10:00:02.000Z') });
    expect(unconfirmed(state).map((c) => c.id)).toEqual(['conv-2']);
    // A message of someone else's conversation proves nothing; one naming us does.
    state = deskReducer(state, { type: 'message', event: message('conv-2', 'm1', 'hi', '2026-01-01T10:00:03.000Z'), mine: false });
    expect(unconfirmed(state).map((c) => c.id)).toEqual(['conv-2']);
    state = deskReducer(state, { type: 'message', event: message('conv-2', 'm2', 'hi again', '2026-01-01T10:00:04.000Z'), mine: true });
    expect(unconfirmed(state)).toEqual([]);
  });

  it('keeps a conversation assigned moments ago that tickets does not list yet, but not an old one', () => {
    const state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    expect(
      deskReducer(state, { type: 'list-loaded', conversations: [], now: Date.parse('2026-01-01T10:00:02.000Z') }).conversations,
    ).toHaveLength(1);
    expect(
      deskReducer(state, { type: 'list-loaded', conversations: [], now: Date.parse('2026-01-01T10:05:00.000Z') }).conversations,
    ).toHaveLength(0);
  });

  it('removes a closed conversation and moves to the next one', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, { type: 'assigned', event: assigned('conv-2', '2026-01-01T10:01:00.000Z') });
    state = deskReducer(state, { type: 'select', conversationId: 'conv-1' });
    state = deskReducer(state, { type: 'removed', conversationId: 'conv-1' });
    expect(state.conversations.map((c) => c.id)).toEqual(['conv-2']);
    expect(state.activeId).toBe('conv-2');
  });

  it('marks a reply the channel could not deliver, with the reason, and a late "sent" does not hide it', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, {
      type: 'sent',
      conversationId: 'conv-1',
      message: {
        id: 'r1',
        direction: 'outbound',
        authorType: 'agent',
        authorName: 'Alice',
        text: 'Hi',
        internal: false,
        createdAt: '2026-01-01T10:05:00.000Z',
        pending: true,
      },
    });
    const delivery = { tenantId: TENANT, conversationId: 'conv-1', messageId: 'r1', at: '2026-01-01T10:05:01.000Z' };
    state = deskReducer(state, { type: 'delivery', event: { ...delivery, status: 'failed', error: 'number not on WhatsApp' } });
    expect(state.conversations[0].messages[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'number not on WhatsApp' });
    state = deskReducer(state, { type: 'delivery', event: { ...delivery, status: 'sent' } });
    expect(state.conversations[0].messages[0]).toMatchObject({ deliveryStatus: 'failed', deliveryError: 'number not on WhatsApp' });
    // A retry that got through clears the failure.
    state = deskReducer(state, { type: 'delivery', event: { ...delivery, status: 'delivered' } });
    expect(state.conversations[0].messages[0]).toMatchObject({ deliveryStatus: 'delivered', deliveryError: null });
    expect(mergeDeliveryStatus('read', 'sent')).toBe('read');
    expect(mergeDeliveryStatus('delivered', 'failed')).toBe('failed');
  });

  it('shows the customer typing until their message arrives or the indicator lapses', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    state = deskReducer(state, { type: 'customer-typing', conversationId: 'conv-1', isTyping: true, now: 1_000 });
    expect(state.conversations[0].customerTypingUntil).toBe(1_000 + CUSTOMER_TYPING_SHOWN_MS);
    expect(
      deskReducer(state, { type: 'typing-lapsed', conversationId: 'conv-1', now: 1_001 }).conversations[0].customerTypingUntil,
    ).toBeDefined();
    expect(
      deskReducer(state, { type: 'typing-lapsed', conversationId: 'conv-1', now: 1_000 + CUSTOMER_TYPING_SHOWN_MS }).conversations[0]
        .customerTypingUntil,
    ).toBeUndefined();
    state = deskReducer(state, { type: 'message', event: message('conv-1', 'm1', 'hello', '2026-01-01T10:02:00.000Z') });
    expect(state.conversations[0].customerTypingUntil).toBeUndefined();
  });
  it('keeps the files of a pushed customer message, so the desk can preview them', () => {
    let state = deskReducer(empty, { type: 'assigned', event: assigned('conv-1', '2026-01-01T10:00:00.000Z') });
    const photo = {
      kind: 'image' as const,
      mediaId: '7d1c2d0e-3f51-4c55-9d7a-3a4f4f0b2c11',
      mimeType: 'image/png',
      filename: 'parcel.png',
    };
    state = deskReducer(state, {
      type: 'message',
      event: { ...message('conv-1', 'm-1', 'Look at this', '2026-01-01T10:01:00.000Z'), attachments: [photo] },
    });
    expect(state.conversations[0]!.messages[0]!.attachments).toEqual([photo]);
  });
});

import type { Channel, ContactAssignedV1, ConversationMessageV1, MessageDeliveryUpdatedV1 } from '@garda/contracts';
import type { ConversationDetail, ConversationMessageView, ConversationSummary } from '../api/types';

export interface DeskMessage extends ConversationMessageView {
  /** Sent by this desk, not yet confirmed by the tickets service. */
  pending?: boolean;
  /** Why the channel could not deliver it (tickets' GET /conversations/:id and 'conversation:delivery'). */
  deliveryError?: string | null;
}

export interface DeskConversation {
  id: string;
  ticketId: string;
  customerId: string;
  /** Routing's contact for the conversation (what a transfer names). */
  contactId: string;
  customerName: string | null;
  channel: Channel;
  queueName?: string;
  subject?: string | null;
  messages: DeskMessage[];
  /** Whether the full history has been fetched. */
  loaded: boolean;
  /**
   * Tickets has recorded the assignment (it lists the conversation as ours, or pushed a message
   * naming us). Until then its history, customer and timeline are not asked for: tickets would
   * rightly refuse them, as the conversation is not ours in its books yet.
   */
  confirmed: boolean;
  unread: number;
  lastActivityAt: string;
  /** When the socket announced the assignment (tickets may not list it for a moment). */
  assignedAt?: string;
  /** The wrap-up or transfer panel open on this conversation. */
  panel?: 'wrap-up' | 'transfer';
  /** The customer is typing until this time (epoch ms); the indicator lapses without a fresh event. */
  customerTypingUntil?: number;
}

export interface DeskState {
  conversations: DeskConversation[];
  activeId?: string;
}

export type DeskAction =
  | { type: 'list-loaded'; conversations: ConversationSummary[]; now: number }
  | { type: 'detail-loaded'; detail: ConversationDetail }
  | { type: 'assigned'; event: ContactAssignedV1 }
  /** `mine`: tickets names this desk's agent as the conversation's owner. */
  | { type: 'message'; event: ConversationMessageV1; mine?: boolean }
  | { type: 'sent'; conversationId: string; message: DeskMessage }
  | { type: 'send-failed'; conversationId: string; messageId: string }
  | { type: 'select'; conversationId: string }
  | { type: 'panel'; conversationId: string; panel: DeskConversation['panel'] }
  /** Closed, or transferred away: it leaves the desk. */
  | { type: 'removed'; conversationId: string }
  | { type: 'delivery'; event: MessageDeliveryUpdatedV1 }
  | { type: 'customer-typing'; conversationId: string; isTyping: boolean; now: number }
  | { type: 'typing-lapsed'; conversationId: string; now: number };

/** How long "typing…" stays without a fresh event (the customer's widget repeats it every ~2 s). */
export const CUSTOMER_TYPING_SHOWN_MS = 5_000;

const DELIVERY_RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3 };

/**
 * The status a message should show when a channel reports another: a failure always shows (the
 * agent must see it), progress never goes backwards (a late "sent" does not undo "read" or a failure).
 */
export function mergeDeliveryStatus(current: string | null | undefined, next: string): string {
  if (next === 'failed' || !current) return next;
  // After a failure only proof of arrival counts (a retry that got through), not a late "sent".
  if (current === 'failed') return next === 'delivered' || next === 'read' ? next : current;
  return (DELIVERY_RANK[next] ?? 0) >= (DELIVERY_RANK[current] ?? 0) ? next : current;
}

const RECENT_ASSIGNMENT_MS = 30_000;

const byActivity = (a: DeskConversation, b: DeskConversation) => b.lastActivityAt.localeCompare(a.lastActivityAt);

function upsertMessage(messages: DeskMessage[], message: DeskMessage): DeskMessage[] {
  const index = messages.findIndex((m) => m.id === message.id);
  if (index === -1) return [...messages, message].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const next = messages.slice();
  next[index] = { ...messages[index], ...message, pending: message.pending && messages[index].pending };
  return next;
}

function update(state: DeskState, id: string, change: (conversation: DeskConversation) => DeskConversation): DeskState {
  return { ...state, conversations: state.conversations.map((c) => (c.id === id ? change(c) : c)) };
}

/**
 * The agent desk's conversations: what tickets says (list and history) merged with what the socket
 * pushes (assignments, messages), so a message is shown once whichever arrives first.
 */
export function deskReducer(state: DeskState, action: DeskAction): DeskState {
  switch (action.type) {
    case 'list-loaded': {
      const known = new Map(state.conversations.map((c) => [c.id, c]));
      const conversations: DeskConversation[] = action.conversations.map((summary) => {
        const existing = known.get(summary.id);
        return {
          id: summary.id,
          ticketId: summary.ticketId,
          customerId: summary.customerId,
          contactId: summary.contactId,
          customerName: summary.customerName ?? existing?.customerName ?? null,
          channel: summary.channel,
          subject: summary.subject,
          queueName: existing?.queueName,
          messages: existing?.messages ?? [],
          loaded: existing?.loaded ?? false,
          confirmed: true,
          unread: existing?.unread ?? 0,
          lastActivityAt: existing && existing.lastActivityAt > summary.lastMessageAt ? existing.lastActivityAt : summary.lastMessageAt,
          panel: existing?.panel,
          customerTypingUntil: existing?.customerTypingUntil,
          assignedAt: existing?.assignedAt,
        };
      });
      // Just assigned over the socket but not yet recorded by tickets: keep it rather than flicker away.
      const listed = new Set(conversations.map((c) => c.id));
      for (const existing of state.conversations) {
        if (!listed.has(existing.id) && existing.assignedAt && action.now - Date.parse(existing.assignedAt) < RECENT_ASSIGNMENT_MS)
          conversations.push(existing);
      }
      const activeId = conversations.some((c) => c.id === state.activeId) ? state.activeId : conversations[0]?.id;
      return { conversations: conversations.sort(byActivity), activeId };
    }
    case 'detail-loaded': {
      const { detail } = action;
      const exists = state.conversations.some((c) => c.id === detail.id);
      if (!exists) return state;
      return update(state, detail.id, (c) => {
        let messages = c.messages.filter((m) => m.pending && !detail.messages.some((d) => d.id === m.id));
        for (const message of detail.messages) messages = upsertMessage(messages, message);
        return {
          ...c,
          customerName: detail.customerName ?? c.customerName,
          subject: detail.subject,
          queueName: c.queueName ?? detail.ticket?.queue ?? undefined,
          messages,
          loaded: true,
        };
      });
    }
    case 'assigned': {
      const { event } = action;
      if (state.conversations.some((c) => c.id === event.conversationId)) return state;
      const conversation: DeskConversation = {
        id: event.conversationId,
        ticketId: event.ticketId,
        customerId: event.customerId,
        contactId: event.contactId,
        customerName: null,
        channel: event.channel,
        queueName: event.queueName,
        messages: [],
        loaded: false,
        confirmed: false,
        unread: 0,
        lastActivityAt: event.assignedAt,
        assignedAt: event.assignedAt,
      };
      return { conversations: [conversation, ...state.conversations].sort(byActivity), activeId: state.activeId ?? conversation.id };
    }
    case 'message': {
      const { event } = action;
      if (!state.conversations.some((c) => c.id === event.conversationId)) return state;
      const message: DeskMessage = {
        id: event.messageId,
        direction: event.direction,
        authorType: event.authorType,
        authorName: event.authorName ?? null,
        text: event.text,
        internal: event.internal ?? false,
        createdAt: event.createdAt,
        ...(event.attachments && event.attachments.length > 0 ? { attachments: event.attachments } : {}),
      };
      const next = update(state, event.conversationId, (c) => {
        const isNew = !c.messages.some((m) => m.id === message.id);
        const unseen = isNew && event.authorType === 'customer' && state.activeId !== c.id;
        return {
          ...c,
          confirmed: c.confirmed || action.mine === true,
          // The customer's message has arrived: they are no longer typing it.
          customerTypingUntil: event.authorType === 'customer' ? undefined : c.customerTypingUntil,
          messages: upsertMessage(c.messages, message),
          unread: c.unread + (unseen ? 1 : 0),
          lastActivityAt: event.createdAt > c.lastActivityAt ? event.createdAt : c.lastActivityAt,
        };
      });
      return { ...next, conversations: next.conversations.sort(byActivity) };
    }
    case 'sent':
      return update(state, action.conversationId, (c) => ({
        ...c,
        messages: upsertMessage(c.messages, action.message),
        lastActivityAt: action.message.createdAt,
      }));
    case 'send-failed':
      return update(state, action.conversationId, (c) => ({ ...c, messages: c.messages.filter((m) => m.id !== action.messageId) }));
    case 'select':
      return { ...update(state, action.conversationId, (c) => ({ ...c, unread: 0 })), activeId: action.conversationId };
    case 'panel':
      return update(state, action.conversationId, (c) => ({ ...c, panel: action.panel }));
    case 'delivery': {
      const { event } = action;
      return update(state, event.conversationId, (c) => ({
        ...c,
        messages: c.messages.map((m) => {
          if (m.id !== event.messageId) return m;
          const deliveryStatus = mergeDeliveryStatus(m.deliveryStatus, event.status);
          return { ...m, deliveryStatus, deliveryError: deliveryStatus === 'failed' ? (event.error ?? m.deliveryError ?? null) : null };
        }),
      }));
    }
    case 'customer-typing':
      return update(state, action.conversationId, (c) => ({
        ...c,
        customerTypingUntil: action.isTyping ? action.now + CUSTOMER_TYPING_SHOWN_MS : undefined,
      }));
    case 'typing-lapsed':
      return update(state, action.conversationId, (c) =>
        c.customerTypingUntil !== undefined && c.customerTypingUntil <= action.now ? { ...c, customerTypingUntil: undefined } : c,
      );
    case 'removed': {
      const conversations = state.conversations.filter((c) => c.id !== action.conversationId);
      const activeId = state.activeId === action.conversationId ? conversations[0]?.id : state.activeId;
      return { conversations, activeId };
    }
  }
}

/** The conversation after the active one, preferring one with unread messages (the "next" shortcut). */
export function nextConversationId(state: DeskState): string | undefined {
  const list = state.conversations;
  if (list.length === 0) return undefined;
  const unread = list.find((c) => c.unread > 0 && c.id !== state.activeId);
  if (unread) return unread.id;
  const index = list.findIndex((c) => c.id === state.activeId);
  return list[(index + 1) % list.length].id;
}

/** Conversations whose assignment tickets has not recorded yet: the desk asks for its list again. */
export function unconfirmed(state: DeskState): DeskConversation[] {
  return state.conversations.filter((c) => !c.confirmed);
}

import type { Channel } from '@garda/contracts';

export type { Session, SessionUser } from '../session/session';

export interface Presence {
  state: 'available' | 'away' | 'offline' | 'after-contact-work';
  reason?: string;
  since: string | null;
  /** During after-contact work: when routing puts the agent back to available. */
  until?: string;
}

/** GET /me/state: the caller's state as routing holds it. */
export interface RoutingState {
  agentId: string;
  state: Presence['state'];
  reason?: string;
  since: string;
  until?: string;
}

/** GET /me/transfer-targets. */
export interface TransferTargets {
  queues: string[];
  agents: Array<{ agentId: string; name: string; state: string }>;
}

/** A conversation as the tickets service returns it through the gateway. */
export interface ConversationSummary {
  id: string;
  ticketId: string;
  customerId: string;
  customerName: string | null;
  channel: Channel;
  status: 'open' | 'closed';
  assignedAgentId: string | null;
  contactId: string;
  subject: string | null;
  createdAt: string;
  lastMessageAt: string;
}

export interface ConversationMessageView {
  id: string;
  direction: 'inbound' | 'outbound';
  authorType: 'customer' | 'agent' | 'system';
  authorName: string | null;
  text: string;
  internal: boolean;
  createdAt: string;
  deliveryStatus?: string | null;
  /** Files on the message; stored ones (mediaId) open through short-lived links (MessageAttachments). */
  attachments?: MessageAttachment[];
}

export interface MessageAttachment {
  kind: 'image' | 'audio' | 'video' | 'file' | 'location' | 'sticker';
  mediaId?: string;
  mimeType?: string;
  filename?: string;
  sizeBytes?: number;
  unavailable?: string;
}

/** GET /conversations/:id/attachments/:mediaId/link */
export interface MediaLink {
  url: string;
  expiresAt: string;
}

export interface ConversationDetail extends ConversationSummary {
  messages: ConversationMessageView[];
  ticket: { id: string; subject: string; status: string; priority: string; queue: string | null } | null;
}

export interface CustomerProfile {
  id: string;
  displayName: string | null;
  email: string | null;
  phone: string | null;
  createdAt: string;
  identities: Array<{ identityType: string; value: string }>;
}

export interface PastTicket {
  id: string;
  subject: string;
  status: string;
  createdAt: string;
  disposition: string | null;
  channels: Channel[];
}

/** GET /customers/:id/timeline: the customer's conversations on every channel, oldest first. */
export interface TimelineConversation {
  id: string;
  ticketId: string;
  channel: Channel;
  status: 'open' | 'closed';
  subject: string | null;
  assignedAgentId: string | null;
  disposition: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface TimelineMessage extends ConversationMessageView {
  conversationId: string;
  channel: Channel;
}

export interface CustomerTimeline {
  customerId: string;
  conversations: TimelineConversation[];
  messages: TimelineMessage[];
  truncated: boolean;
}

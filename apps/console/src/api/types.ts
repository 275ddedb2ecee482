import type { Channel, Role } from '@garda/contracts';

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  tenantId: string;
}

export interface Session {
  accessToken: string;
  user: SessionUser;
}

export interface Presence {
  state: 'available' | 'away' | 'offline' | 'after-contact-work';
  reason?: string;
  since: string | null;
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

import { z } from 'zod';
import { AgentStateSchema, UuidSchema } from '../common';
import { hasReplyContent, ReplyExtrasFields } from '../commands/reply-extras';
import type { ConversationMessageV1 } from '../events/conversation-message.v1';
import type { MessageDeliveryUpdatedV1 } from '../events/message-delivery-updated.v1';
import type { AgentStatusChangedV1, ContactAssignedV1, OfferClosedV1, OfferMadeV1 } from '../events/routing-events.v1';
import type { ContactTransferredV1 } from '../events/routing-queue-events.v1';

/**
 * The agent/supervisor socket.io protocol of the gateway, as one typed map shared by the gateway,
 * the console and tests. Connect with `io(gatewayUrl, { auth: { token } })`.
 */
export interface ServerToAgentEvents {
  'agent:status': (event: AgentStatusChangedV1) => void;
  'offer:new': (event: OfferMadeV1) => void;
  'offer:closed': (event: OfferClosedV1) => void;
  'contact:assigned': (event: ContactAssignedV1) => void;
  /** To the agent the contact was taken from (and supervisors): it has left their desk. */
  'contact:transferred': (event: ContactTransferredV1) => void;
  'conversation:message': (event: ConversationMessageV1) => void;
  /** To supervisors' sockets after every change the wallboard shows (see SupervisorSnapshot). */
  'supervisor:snapshot': (snapshot: SupervisorSnapshot) => void;
  /** To the assigned agent while the customer types (repeated every few seconds; stale after TYPING_TTL_MS). */
  'conversation:typing': (event: ConversationTypingEvent) => void;
  /** To the assigned agent and supervisors when a channel reports on an outbound message (e.g. failed, with the reason). */
  'conversation:delivery': (event: MessageDeliveryUpdatedV1) => void;
}

export interface ConversationTypingEvent {
  conversationId: string;
  who: 'customer';
  name?: string;
  isTyping: boolean;
  at: string;
}

export type Ack = { ok: true } | { ok: false; error: string };

export interface AgentToServerEvents {
  'agent:set-state': (command: SetStateCommand, ack: (result: Ack) => void) => void;
  'offer:accept': (command: OfferCommand, ack: (result: Ack) => void) => void;
  'offer:reject': (command: OfferCommand, ack: (result: Ack) => void) => void;
  'conversation:reply': (command: ReplyCommand, ack: (result: Ack) => void) => void;
  /** The agent is typing a reply; the desk emits it at most every couple of seconds while typing. */
  'conversation:typing': (command: TypingCommand, ack: (result: Ack) => void) => void;
}

export const SetStateCommandSchema = z.object({
  state: AgentStateSchema,
  reason: z.string().max(100).optional(),
  /** Supervisors may change another agent's state in their tenant. */
  agentId: UuidSchema.optional(),
});
export type SetStateCommand = z.infer<typeof SetStateCommandSchema>;

export const OfferCommandSchema = z.object({ contactId: UuidSchema });
export type OfferCommand = z.infer<typeof OfferCommandSchema>;

export const ReplyCommandSchema = z
  .object({
    conversationId: UuidSchema,
    messageId: UuidSchema,
    text: z.string().trim().max(64_000).default(''),
    internal: z.boolean().optional(),
    ...ReplyExtrasFields,
  })
  .refine(hasReplyContent, { path: ['text'], message: 'a reply needs text, an attachment or a template' });
/** What a desk sends (defaults filled on arrival). */
export type ReplyCommand = z.input<typeof ReplyCommandSchema>;

export const TypingCommandSchema = z.object({ conversationId: UuidSchema });
export type TypingCommand = z.infer<typeof TypingCommandSchema>;

/** Socket.io rooms, always scoped by tenant so a socket can never join another tenant's room. */
export const SocketRooms = {
  agent: (tenantId: string, agentId: string) => `tenant:${tenantId}:agent:${agentId}`,
  supervisors: (tenantId: string) => `tenant:${tenantId}:supervisors`,
};

/**
 * The supervisor wallboard's live figures (GET /supervisor/queues, GET /supervisor/agents and the
 * 'supervisor:snapshot' push): the analytics service's real-time projection of the event stream,
 * relayed by the gateway with analytics' own names and definitions (docs/metrics.md, modelled on
 * Amazon Connect's and TaskRouter's real-time metrics). "Today" counts from midnight UTC.
 */
export interface QueueFigures {
  queueName: string;
  queueId: string | null;
  isDefault: boolean;
  serviceLevelThresholdSeconds: number;
  /** Contacts waiting for an agent, offered ones included (Connect: contacts in queue). */
  contactsInQueue: number;
  /** When the longest-waiting contact entered the queue (ISO), so a wallboard can keep counting between pushes. */
  oldestContactArrivedAt: string | null;
  /** Connect: oldest contact age, in seconds; null when nobody waits. */
  oldestContactAgeSeconds: number | null;
  /** Today's contacts that entered the queue (Connect: contacts queued). */
  contactsQueued: number;
  /** Today's contacts assigned to an agent (TaskRouter: reservations accepted). */
  contactsAnswered: number;
  /** Today's contacts that left the queue unanswered (TaskRouter: canceled). */
  contactsAbandoned: number;
  answeredWithinThreshold: number;
  /** Answered within the threshold, of answered + abandoned, in %. */
  serviceLevelPercent: number | null;
  averageSpeedOfAnswerSeconds: number | null;
  abandonmentRatePercent: number | null;
  contactsHandled: number;
  averageHandleTimeSeconds: number | null;
  agentsAvailable: number;
  agentsOnContact: number;
  agentsAfterContactWork: number;
  agentsAway: number;
  agentsOnline: number;
  agentsStaffed: number;
}

export type AgentActivity = 'available' | 'on-contact' | 'after-contact-work' | 'away' | 'offline';

export interface AgentFigures {
  agentId: string;
  name: string | null;
  state: 'available' | 'away' | 'offline' | 'after-contact-work';
  stateReason: string | null;
  /** When the agent entered this state (ISO). */
  stateSince: string;
  timeInStateSeconds: number;
  /** What the wallboard counts the agent as: holding a contact is "on contact" (Connect). */
  activity: AgentActivity;
  /** Active contacts per channel. */
  load: Partial<Record<string, number>>;
  /**
   * The agent's capacity per channel, from routing's profile (configuration, not an event-stream
   * figure: the gateway adds it to analytics' figures). Absent when routing could not be read.
   */
  capacity?: Partial<Record<string, number>>;
  contacts: Array<{ contactId: string; conversationId: string; channel: string; queueName: string; assignedAt: string }>;
  /** Queues routing has offered this agent contacts from. */
  queues: string[];
  contactsAnsweredToday: number;
}

export interface SupervisorSnapshot {
  /** When analytics computed these figures. */
  asOf: string;
  /** Start of "today" (midnight UTC). */
  since: string;
  queues: QueueFigures[];
  agents: AgentFigures[];
}

import { z } from 'zod';
import { ChannelSchema, IdSchema, IsoDateSchema, UuidSchema } from '../common';

/**
 * Typing indicators. They are ephemeral: producers may publish them directly (no outbox), a lost
 * one costs nothing, and consumers drop any older than TYPING_TTL_MS (a new consumer group reads a
 * topic from its beginning, and yesterday's "is typing…" is not news).
 */
export const TYPING_TTL_MS = 10_000;

/** Whether a typing event is still worth showing. */
export function isTypingFresh(at: string, now: Date = new Date()): boolean {
  const age = now.getTime() - Date.parse(at);
  // A little clock skew between hosts may put `at` slightly in the future; that is still fresh.
  return Number.isFinite(age) && age < TYPING_TTL_MS && age > -TYPING_TTL_MS;
}

/** An agent is typing in a conversation (the desk emits it at most every couple of seconds). */
export const AgentTypingV1 = z.object({
  tenantId: UuidSchema,
  agentId: UuidSchema,
  agentName: z.string().max(200),
  conversationId: UuidSchema,
  at: IsoDateSchema,
});
export type AgentTypingV1 = z.infer<typeof AgentTypingV1>;

/** A customer is typing (or stopped) on a channel thread; tickets knows which conversation it is. */
export const CustomerTypingV1 = z.object({
  tenantId: UuidSchema,
  channel: ChannelSchema,
  accountId: IdSchema,
  threadKey: z.string().min(1).max(500),
  isTyping: z.boolean(),
  at: IsoDateSchema,
});
export type CustomerTypingV1 = z.infer<typeof CustomerTypingV1>;

/**
 * Tickets relays typing to the other side once it has mapped it: who 'agent' goes to the customer's
 * channel (channel, accountId, threadKey), who 'customer' goes to the assigned agent's desk.
 */
export const TypingRelayedV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  channel: ChannelSchema,
  accountId: IdSchema,
  threadKey: z.string().min(1).max(500),
  who: z.enum(['agent', 'customer']),
  /** The agent's name (who 'agent') or the customer's, when known. */
  name: z.string().max(200).optional(),
  isTyping: z.boolean(),
  assignedAgentId: UuidSchema.optional(),
  at: IsoDateSchema,
});
export type TypingRelayedV1 = z.infer<typeof TypingRelayedV1>;

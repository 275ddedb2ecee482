import { z } from 'zod';
import { AgentStateSchema, ChannelSchema, IsoDateSchema, UuidSchema } from '../common';

/**
 * The trace and correlation of the customer's contact (W3C traceparent, garda-correlation-id), so
 * what an agent does about the contact — accept, reply — continues the contact's one trace. On
 * offers and assignments: routing may set it; the gateway fills it from the message's context
 * otherwise and pushes it to the desk with the event.
 */
export const ContactTraceV1 = z.object({
  traceParent: z.string().regex(/^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/, 'must be a W3C traceparent'),
  correlationId: z.string().min(1).max(100),
});
export type ContactTraceV1 = z.infer<typeof ContactTraceV1>;

/** routing offers a contact to one agent; the agent has until expiresAt to accept. */
export const OfferMadeV1 = z.object({
  tenantId: UuidSchema,
  offerId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  customerId: UuidSchema,
  customerName: z.string().max(200).optional(),
  agentId: UuidSchema,
  queueId: UuidSchema,
  queueName: z.string().max(100),
  channel: ChannelSchema,
  preview: z.string().max(500).optional(),
  offeredAt: IsoDateSchema,
  expiresAt: IsoDateSchema,
  trace: ContactTraceV1.optional(),
});
export type OfferMadeV1 = z.infer<typeof OfferMadeV1>;

export const OfferClosedV1 = z.object({
  tenantId: UuidSchema,
  offerId: UuidSchema,
  contactId: UuidSchema,
  agentId: UuidSchema,
  reason: z.enum(['accepted', 'rejected', 'expired', 'cancelled']),
  closedAt: IsoDateSchema,
});
export type OfferClosedV1 = z.infer<typeof OfferClosedV1>;

/** The contact now belongs to the agent: capacity is reserved and the desk opens it. */
export const ContactAssignedV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  customerId: UuidSchema,
  agentId: UuidSchema,
  queueId: UuidSchema,
  queueName: z.string().max(100),
  channel: ChannelSchema,
  waitedSeconds: z.number().nonnegative(),
  assignedAt: IsoDateSchema,
  trace: ContactTraceV1.optional(),
});
export type ContactAssignedV1 = z.infer<typeof ContactAssignedV1>;

/** routing's authoritative view of an agent's state (after its own rules, e.g. missed offers). */
export const AgentStatusChangedV1 = z.object({
  tenantId: UuidSchema,
  agentId: UuidSchema,
  state: z.enum(['available', 'away', 'offline', 'after-contact-work']),
  reason: z.string().max(100).optional(),
  changedAt: IsoDateSchema,
  /** In after-contact work: when routing's timer puts the agent back to available (desks count down to it). */
  until: IsoDateSchema.optional(),
});
export type AgentStatusChangedV1 = z.infer<typeof AgentStatusChangedV1>;
export { AgentStateSchema };

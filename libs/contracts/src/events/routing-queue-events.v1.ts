import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/**
 * What happens to a contact between arrival and assignment, for wallboards, analytics and alerts.
 * Offers and assignments keep their own events (routing-events.v1); these complete the picture.
 */

/** An offer was rejected, timed out or revoked: the contact waits in its queue again. */
export const ContactRequeuedV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  queueId: UuidSchema,
  queueName: z.string().max(100),
  requeuedAt: IsoDateSchema,
});
export type ContactRequeuedV1 = z.infer<typeof ContactRequeuedV1>;

/** The contact waited its queue's maximum and moved to the queue's overflow queue. */
export const ContactOverflowedV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  fromQueueId: UuidSchema,
  toQueueId: UuidSchema,
  toQueueName: z.string().max(100),
  overflowedAt: IsoDateSchema,
});
export type ContactOverflowedV1 = z.infer<typeof ContactOverflowedV1>;

/** A supervisor (or agent) moved the contact to another queue or agent. */
export const ContactTransferredV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  fromAgentId: UuidSchema.optional(),
  toQueueId: UuidSchema,
  toQueueName: z.string().max(100),
  toAgentId: UuidSchema.optional(),
  transferredAt: IsoDateSchema,
});
export type ContactTransferredV1 = z.infer<typeof ContactTransferredV1>;

/** The conversation ended before any agent took it (the customer left, or it was closed). */
export const ContactAbandonedV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  queueId: UuidSchema,
  waitedSeconds: z.number().nonnegative(),
  abandonedAt: IsoDateSchema,
});
export type ContactAbandonedV1 = z.infer<typeof ContactAbandonedV1>;

/** The contact waited its queue's maximum with no overflow queue: routing gives up on it. */
export const MaxWaitExceededV1 = z.object({
  tenantId: UuidSchema,
  contactId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  queueId: UuidSchema,
  queueName: z.string().max(100),
  waitedSeconds: z.number().nonnegative(),
  exceededAt: IsoDateSchema,
});
export type MaxWaitExceededV1 = z.infer<typeof MaxWaitExceededV1>;

import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';
import { TicketActorTypeSchema, TicketHistoryFieldSchema, TicketPrioritySchema, TicketStatusSchema } from './ticket-fields';

/**
 * One change of a ticket (what its history row says), for analytics, webhooks and notifications.
 * Keyed by ticket so one ticket's changes stay in order.
 */
export const TicketChangedV1 = z.object({
  tenantId: UuidSchema,
  ticketId: UuidSchema,
  number: z.number().int().min(1),
  status: TicketStatusSchema,
  priority: TicketPrioritySchema,
  assigneeId: UuidSchema.nullable(),
  queue: z.string().max(100).nullable(),
  changes: z
    .array(z.object({ field: TicketHistoryFieldSchema, from: z.string().max(2000).nullable(), to: z.string().max(2000).nullable() }))
    .min(1)
    .max(10),
  actor: z.object({ type: TicketActorTypeSchema, id: z.string().max(100).nullable() }),
  /** Why, when a rule rather than a person changed it: 'reopened-by-customer', 'auto-close', 'pending-expired'… */
  reason: z.string().max(100).optional(),
  changedAt: IsoDateSchema,
});
export type TicketChangedV1 = z.infer<typeof TicketChangedV1>;

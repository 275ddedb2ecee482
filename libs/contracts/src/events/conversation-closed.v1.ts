import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';
import { TicketStatusSchema } from '../tickets/ticket-fields';

/**
 * The agent finished with a conversation (wrap-up), or its ticket was parked (pending, on-hold):
 * routing frees the capacity. `ticketStatus` says which (a survey follows only a solved ticket).
 */
export const ConversationClosedV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  contactId: UuidSchema.optional(),
  agentId: UuidSchema.optional(),
  disposition: z.string().max(100).optional(),
  ticketStatus: TicketStatusSchema.optional(),
  closedAt: IsoDateSchema,
});
export type ConversationClosedV1 = z.infer<typeof ConversationClosedV1>;

import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/** The agent finished with a conversation (wrap-up): routing frees the capacity. */
export const ConversationClosedV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  contactId: UuidSchema.optional(),
  agentId: UuidSchema.optional(),
  disposition: z.string().max(100).optional(),
  closedAt: IsoDateSchema,
});
export type ConversationClosedV1 = z.infer<typeof ConversationClosedV1>;

import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/** Tickets stored a provider's delivery status on a message; the agent's desk shows it on the message. */
export const MessageDeliveryUpdatedV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  messageId: UuidSchema,
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  /** Why a failed message was not delivered, as the channel reported it. */
  error: z.string().max(1000).optional(),
  assignedAgentId: UuidSchema.optional(),
  at: IsoDateSchema,
});
export type MessageDeliveryUpdatedV1 = z.infer<typeof MessageDeliveryUpdatedV1>;

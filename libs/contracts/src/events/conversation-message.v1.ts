import { z } from 'zod';
import { AttachmentSchema, ChannelSchema, IsoDateSchema, UuidSchema } from '../common';

/** A message now part of a conversation (either direction), for agents' desks and analytics. */
export const ConversationMessageV1 = z.object({
  tenantId: UuidSchema,
  conversationId: UuidSchema,
  ticketId: UuidSchema,
  customerId: UuidSchema,
  messageId: UuidSchema,
  channel: ChannelSchema,
  direction: z.enum(['inbound', 'outbound']),
  authorType: z.enum(['customer', 'agent', 'system']),
  authorId: z.string().max(200).optional(),
  authorName: z.string().max(200).optional(),
  text: z.string().max(64_000),
  attachments: z.array(AttachmentSchema).default([]),
  /** An internal note between agents; never sent to the customer. */
  internal: z.boolean().default(false),
  /** The agent who owns the conversation when the message arrived, if any. */
  assignedAgentId: UuidSchema.optional(),
  isNewConversation: z.boolean(),
  createdAt: IsoDateSchema,
});
export type ConversationMessageV1 = z.infer<typeof ConversationMessageV1>;

import { z } from 'zod';
import { AgentStateSchema, IsoDateSchema, UuidSchema } from '../common';
import { hasReplyContent, ReplyExtrasFields } from './reply-extras';

/** An agent (or a supervisor for them) asks to change state; routing decides what it means. */
export const AgentStateRequestedV1 = z.object({
  tenantId: UuidSchema,
  agentId: UuidSchema,
  state: AgentStateSchema,
  reason: z.string().max(100).optional(),
  requestedBy: UuidSchema,
  requestedAt: IsoDateSchema,
});
export type AgentStateRequestedV1 = z.infer<typeof AgentStateRequestedV1>;

export const OfferRespondedV1 = z.object({
  tenantId: UuidSchema,
  agentId: UuidSchema,
  contactId: UuidSchema,
  response: z.enum(['accept', 'reject']),
  respondedAt: IsoDateSchema,
});
export type OfferRespondedV1 = z.infer<typeof OfferRespondedV1>;

export const ReplySubmittedV1 = z
  .object({
    tenantId: UuidSchema,
    agentId: UuidSchema,
    agentName: z.string().max(200),
    conversationId: UuidSchema,
    /** Chosen by the desk, so a retried submit is recognised and sent once. */
    messageId: UuidSchema,
    text: z.string().max(64_000),
    internal: z.boolean().default(false),
    ...ReplyExtrasFields,
    submittedAt: IsoDateSchema,
  })
  .refine(hasReplyContent, { path: ['text'], message: 'a reply needs text, an attachment or a template' });
export type ReplySubmittedV1 = z.infer<typeof ReplySubmittedV1>;

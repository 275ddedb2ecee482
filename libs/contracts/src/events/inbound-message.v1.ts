import { z } from 'zod';
import { AttachmentSchema, ChannelSchema, IdSchema, IdentityTypeSchema, IsoDateSchema, UuidSchema } from '../common';
import { SkillRequirementSchema } from './routing-requested.v1';

/** One message a customer sent, normalised from whatever the provider delivered. */
export const InboundMessageV1 = z.object({
  tenantId: UuidSchema,
  messageId: UuidSchema,
  channel: ChannelSchema,
  accountId: IdSchema,
  providerMessageId: IdSchema,
  /** Stable per thread on the channel (web-chat session, e-mail thread root, wa_id…): the Kafka key. */
  threadKey: z.string().min(1).max(500),
  sender: z.object({
    identityType: IdentityTypeSchema,
    value: z.string().min(1).max(320),
    displayName: z.string().max(200).optional(),
    email: z.email().optional(),
  }),
  text: z.string().max(64_000),
  attachments: z.array(AttachmentSchema).max(50).default([]),
  /** A hint from the channel about where this belongs (web-chat pre-chat topic, e-mail address). */
  topic: z.string().max(100).optional(),
  /** Where the channel account routes this contact (web-chat topic → queue and skill); unset → the tenant's default queue. */
  queue: z.string().min(1).max(100).optional(),
  requiredSkills: z.array(SkillRequirementSchema).max(20).optional(),
  subject: z.string().max(998).optional(),
  /** Provider ids this message answers (e-mail In-Reply-To/References), for threading. */
  inReplyTo: z.array(z.string().max(998)).max(100).optional(),
  sentAt: IsoDateSchema.optional(),
  receivedAt: IsoDateSchema,
  rawPayloadRef: z.string().max(500).optional(),
});
export type InboundMessageV1 = z.infer<typeof InboundMessageV1>;

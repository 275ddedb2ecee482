import { z } from 'zod';
import { AttachmentSchema, ChannelSchema, IdSchema, IdentityTypeSchema, IsoDateSchema, UuidSchema } from '../common';

/** A message to deliver to the customer on their channel (an agent's reply, a survey…). */
export const OutboundMessageV1 = z.object({
  tenantId: UuidSchema,
  messageId: UuidSchema,
  conversationId: UuidSchema,
  channel: ChannelSchema,
  accountId: IdSchema,
  threadKey: z.string().min(1).max(500),
  recipient: z.object({ identityType: IdentityTypeSchema, value: z.string().min(1).max(320) }),
  text: z.string().max(64_000),
  attachments: z.array(AttachmentSchema).default([]),
  authorName: z.string().max(200).optional(),
  subject: z.string().max(998).optional(),
  /** Provider message ids of the thread, newest last (e-mail In-Reply-To/References). */
  threadProviderIds: z.array(z.string().max(998)).max(100).default([]),
  /** Only a pre-approved template may go out (e.g. WhatsApp outside the 24-hour window). */
  template: z
    .object({
      name: z.string().max(512),
      language: z.string().max(20),
      /** Values for the body's {{1}}, {{2}}… in order, or for named parameters when `name` is given. */
      bodyParameters: z
        .array(
          z.object({
            text: z.string().min(1).max(1024),
            name: z
              .string()
              .regex(/^[a-z0-9_]{1,100}$/)
              .optional(),
          }),
        )
        .max(100)
        .optional(),
    })
    .optional(),
  /** E-mail: copies to these addresses. */
  cc: z.array(z.email().max(320)).max(20).optional(),
  /** The agent who wrote it (e-mail signatures). */
  authorId: UuidSchema.optional(),
  createdAt: IsoDateSchema,
});
export type OutboundMessageV1 = z.infer<typeof OutboundMessageV1>;

/** What a provider said about an outbound message after it left. */
export const DeliveryStatusV1 = z.object({
  tenantId: UuidSchema,
  messageId: UuidSchema.optional(),
  conversationId: UuidSchema.optional(),
  channel: ChannelSchema,
  providerMessageId: IdSchema.optional(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  error: z.string().max(1000).optional(),
  at: IsoDateSchema,
});
export type DeliveryStatusV1 = z.infer<typeof DeliveryStatusV1>;

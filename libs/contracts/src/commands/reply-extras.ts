import { z } from 'zod';
import { AttachmentSchema } from '../common';
import { OutboundMessageV1 } from '../events/outbound-message.v1';

/**
 * What a reply may carry besides its text (docs/channels.md): stored files (uploaded to
 * channels-ingest first, named by `mediaId`), a WhatsApp template (outside the 24-hour window,
 * checked by channels-ingest's render endpoint), and e-mail copies.
 */
export const ReplyExtrasFields = {
  attachments: z
    .array(AttachmentSchema.extend({ mediaId: z.uuid() }))
    .max(10)
    .default([]),
  template: OutboundMessageV1.shape.template,
  cc: z.array(z.email().max(320)).max(20).optional(),
};

/** A reply needs words, a file or a template. */
export const hasReplyContent = (reply: { text: string; attachments?: unknown[]; template?: unknown }) =>
  reply.text.trim().length > 0 || (reply.attachments?.length ?? 0) > 0 || reply.template !== undefined;

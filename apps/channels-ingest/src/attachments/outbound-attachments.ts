import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import { MediaService } from './media.service';

/** Providers fetch an outbound file within minutes of the send; an hour leaves room for their retries. */
const OUTBOUND_LINK_SECONDS = 3600;

/**
 * An outbound message's stored files, made sendable: each gets a signed link a provider can fetch
 * (WhatsApp `link`, Messenger `url`, Twilio `MediaUrl`, Telegram by URL), its type and name. A file
 * that is not the tenant's (or no longer stored) fails the message with the reason.
 */
@Injectable()
export class OutboundAttachments {
  constructor(@Inject(MediaService) private readonly media: MediaService) {}

  async resolve(message: OutboundMessageV1): Promise<{ message: OutboundMessageV1 } | { refused: string }> {
    const ids = message.attachments.flatMap((attachment) => (attachment.mediaId ? [attachment.mediaId] : []));
    if (ids.length === 0) return { message };
    const stored = new Map((await this.media.findMany(message.tenantId, ids)).map((media) => [media.id, media]));
    const missing = ids.filter((id) => !stored.has(id));
    if (missing.length > 0) return { refused: `attachment ${missing.join(', ')} is not a stored file of this tenant` };
    return {
      message: {
        ...message,
        attachments: message.attachments.map((attachment) => {
          const media = attachment.mediaId ? stored.get(attachment.mediaId) : undefined;
          if (!media) return attachment;
          const link = this.media.sign(media, { kind: 'outbound', id: message.messageId }, OUTBOUND_LINK_SECONDS);
          return { ...this.media.describe(media, attachment.inline ? { inline: true } : {}), url: link.url };
        }),
      },
    };
  }
}

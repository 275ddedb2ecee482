import type { Attachment } from '@garda/contracts';
import type { WebchatAttachmentView } from '../webchat/webchat.schemas';
import type { MediaService } from './media.service';

/** The stored files of a web-chat line, with links signed for the visitor's session (fresh on every read); none: no field. */
export function withAttachmentViews<T extends object>(
  view: T,
  media: MediaService,
  tenantId: string,
  sessionId: string,
  attachments: Attachment[],
): T & { attachments?: WebchatAttachmentView[] } {
  const views = webchatAttachmentViews(media, tenantId, sessionId, attachments);
  return views.length > 0 ? { ...view, attachments: views } : view;
}

function webchatAttachmentViews(
  media: MediaService,
  tenantId: string,
  sessionId: string,
  attachments: Attachment[],
): WebchatAttachmentView[] {
  return attachments.flatMap((attachment) => {
    if (!attachment.mediaId || attachment.kind === 'location' || attachment.kind === 'sticker') return [];
    const { url } = media.sign({ id: attachment.mediaId, tenant_id: tenantId }, { kind: 'webchat', id: sessionId });
    return [
      {
        kind: attachment.kind,
        mediaId: attachment.mediaId,
        url,
        ...(attachment.mimeType ? { mimeType: attachment.mimeType } : {}),
        ...(attachment.filename ? { filename: attachment.filename } : {}),
        ...(attachment.sizeBytes !== undefined ? { sizeBytes: attachment.sizeBytes } : {}),
      },
    ];
  });
}

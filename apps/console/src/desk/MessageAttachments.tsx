import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import type { MediaLink, MessageAttachment } from '../api/types';
import { useGateway } from '../session/SessionProvider';

/** Links live for minutes (MEDIA_LINK_TTL_SECONDS); asked again a little before that. */
const LINK_FRESH_MS = 4 * 60_000;

const size = (bytes?: number) =>
  bytes === undefined ? '' : bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A message's files: customers' and agents' images as previews, other files as downloads, both
 * through short-lived links the gateway gets after tickets has said the agent may see the
 * conversation. A file that was not stored says why.
 */
export function MessageAttachments({
  conversationId,
  attachments,
  pending = false,
}: {
  conversationId: string;
  attachments: MessageAttachment[];
  /** A reply still on its way: its files are not on the conversation yet, so no link can be had. */
  pending?: boolean;
}) {
  if (attachments.length === 0) return null;
  return (
    <ul className="message-attachments" data-testid="message-attachments">
      {attachments.map((attachment, index) => (
        <li key={attachment.mediaId ?? index}>
          <AttachmentItem conversationId={conversationId} attachment={attachment} pending={pending} />
        </li>
      ))}
    </ul>
  );
}

function AttachmentItem({
  conversationId,
  attachment,
  pending,
}: {
  conversationId: string;
  attachment: MessageAttachment;
  pending: boolean;
}) {
  const intl = useIntl();
  const gateway = useGateway();
  const mediaId = attachment.mediaId;
  const link = useQuery({
    queryKey: ['conversations', conversationId, 'attachments', mediaId, 'link'],
    queryFn: ({ signal }) => gateway.get<MediaLink>(`/conversations/${conversationId}/attachments/${mediaId}/link`, { signal }),
    enabled: mediaId !== undefined && !pending,
    staleTime: LINK_FRESH_MS,
    refetchInterval: LINK_FRESH_MS,
  });
  const name = attachment.filename ?? intl.formatMessage({ id: 'desk.attachments.file' });
  if (!mediaId)
    return (
      <span className="muted small" data-testid="attachment-unavailable">
        📎 {name}
        {attachment.unavailable ? ` — ${attachment.unavailable}` : ''}
      </span>
    );
  if (!link.data) return <span className="muted small">📎 {name}</span>;
  if (attachment.kind === 'image' || attachment.mimeType?.startsWith('image/'))
    return (
      <a href={link.data.url} target="_blank" rel="noreferrer" data-testid="attachment-image">
        <img src={link.data.url} alt={name} className="attachment-preview" loading="lazy" />
      </a>
    );
  return (
    <a href={link.data.url} download={attachment.filename} data-testid="attachment-download">
      📎 {name} {size(attachment.sizeBytes)}
    </a>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import { ApiError } from '../api/http';
import type { MessageAttachment } from '../api/types';
import { useGateway } from '../session/SessionProvider';

/** The files on a reply being written: uploaded as soon as they are picked, sent with the reply by `mediaId`. */
export interface ReplyFiles {
  attached: MessageAttachment[];
  uploading: boolean;
  problem: string | undefined;
  pick: (files: FileList | null) => Promise<void>;
  remove: (mediaId: string) => void;
  clear: () => void;
  restore: (attachments: MessageAttachment[]) => void;
}

/** Channels take up to ten files on a reply (the reply command's limit). */
const MAX_FILES = 10;

export function useReplyAttachments(conversationId: string): ReplyFiles {
  const gateway = useGateway();
  const intl = useIntl();
  const [attached, setAttached] = useState<MessageAttachment[]>([]);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();

  // Files picked for one conversation never follow the agent to another.
  useEffect(() => {
    setAttached([]);
    setProblem(undefined);
  }, [conversationId]);

  const pick = useCallback(
    async (files: FileList | null) => {
      if (!files || files.length === 0) return;
      setUploading(true);
      setProblem(undefined);
      for (const file of Array.from(files)) {
        try {
          const stored = await gateway.upload<MessageAttachment>('/media', file);
          setAttached((list) => (list.length >= MAX_FILES ? list : [...list, stored]));
        } catch (failure) {
          const status = failure instanceof ApiError ? failure.status : 0;
          const name = file.name;
          setProblem(
            status === 413
              ? intl.formatMessage({ id: 'desk.attach.tooLarge' }, { name })
              : status === 415
                ? intl.formatMessage({ id: 'desk.attach.refusedType' }, { name })
                : intl.formatMessage({ id: 'desk.attach.failed' }, { name }),
          );
        }
      }
      setUploading(false);
    },
    [gateway, intl],
  );

  return {
    attached,
    uploading,
    problem,
    pick,
    remove: (mediaId) => setAttached((list) => list.filter((item) => item.mediaId !== mediaId)),
    clear: () => setAttached([]),
    restore: (attachments) => setAttached(attachments),
  };
}

/** The paperclip, the picked files (each removable) and why one was refused. */
export function ReplyAttachments({ files, disabled }: { files: ReplyFiles; disabled: boolean }) {
  const intl = useIntl();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="reply-attachments">
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="reply-attach-input"
        onChange={(event) => {
          void files.pick(event.target.files);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        data-testid="reply-attach"
        disabled={disabled || files.uploading || files.attached.length >= MAX_FILES}
        aria-label={intl.formatMessage({ id: 'desk.attach.button' })}
        title={intl.formatMessage({ id: 'desk.attach.button' })}
        onClick={() => input.current?.click()}
      >
        📎
      </button>
      {files.uploading && <span className="muted small">{intl.formatMessage({ id: 'desk.attach.uploading' })}</span>}
      {files.attached.map((file) => (
        <span key={file.mediaId} className="chip" data-testid="reply-attachment">
          {file.filename ?? intl.formatMessage({ id: 'desk.attachments.file' })}
          <button
            type="button"
            aria-label={intl.formatMessage({ id: 'desk.attach.remove' }, { name: file.filename ?? '' })}
            onClick={() => file.mediaId && files.remove(file.mediaId)}
          >
            ×
          </button>
        </span>
      ))}
      {files.problem && (
        <span className="danger small" role="alert" data-testid="reply-attach-problem">
          {files.problem}
        </span>
      )}
    </div>
  );
}

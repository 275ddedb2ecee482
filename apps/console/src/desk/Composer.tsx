import type { Channel } from '@garda/contracts';
import { forwardRef, type KeyboardEvent, useEffect, useState } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { MessageAttachment } from '../api/types';
import { useCannedResponses } from '../lists/tenant-lists';
import { ReplyAttachments, useReplyAttachments } from './ReplyAttachments';
import { checkReply } from './channel-limits';

const draftKey = (conversationId: string, mode: string) => `garda.draft.${conversationId}.${mode}`;

interface ComposerProps {
  conversationId: string;
  channel: Channel;
  customerName: string | null;
  agentName: string;
  disabled: boolean;
  onSend: (text: string, internal: boolean, attachments: MessageAttachment[]) => Promise<boolean>;
  /** Called on every keystroke of a reply (never of an internal note); the desk throttles it. */
  onTyping?: () => void;
}

/** Reply or internal note, with the channel's length limit, canned responses and Ctrl+Enter to send. */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { conversationId, channel, customerName, agentName, disabled, onSend, onTyping },
  ref,
) {
  const intl = useIntl();
  const canned = useCannedResponses();
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const files = useReplyAttachments(conversationId);

  // Drafts survive switching conversations and reloads (sessionStorage).
  useEffect(() => {
    setText(sessionStorage.getItem(draftKey(conversationId, mode)) ?? '');
  }, [conversationId, mode]);
  const change = (value: string) => {
    setText(value);
    if (value) sessionStorage.setItem(draftKey(conversationId, mode), value);
    else sessionStorage.removeItem(draftKey(conversationId, mode));
  };

  const internal = mode === 'note';
  const check = checkReply(internal ? 'email' : channel, text);
  // Files go with replies only: an internal note never leaves Garda, so there is nothing to attach to.
  const attached = internal ? [] : files.attached;
  const canSend = !disabled && !sending && !files.uploading && (!check.empty || attached.length > 0) && !check.tooLong;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const sent = text;
    change('');
    files.clear();
    const ok = await onSend(sent.trim(), internal, attached);
    if (!ok) {
      change(sent);
      files.restore(attached);
    }
    setSending(false);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <div className={`composer${internal ? ' composer-note' : ''}`}>
      <div className="composer-tabs" role="tablist">
        <button
          role="tab"
          aria-selected={!internal}
          data-testid="composer-reply-tab"
          className={!internal ? 'active' : ''}
          onClick={() => setMode('reply')}
        >
          <FormattedMessage id="desk.composer.replyTab" />
        </button>
        <button
          role="tab"
          aria-selected={internal}
          data-testid="composer-note-tab"
          className={internal ? 'active' : ''}
          onClick={() => setMode('note')}
        >
          <FormattedMessage id="desk.composer.noteTab" />
        </button>
        <select
          data-testid="canned-select"
          aria-label={intl.formatMessage({ id: 'desk.composer.cannedLabel' })}
          value=""
          disabled={disabled}
          onChange={(event) => {
            const chosen = canned.find((c) => c.id === event.target.value);
            if (chosen) change((text ? `${text} ` : '') + chosen.fill({ customerName, agentName }));
          }}
        >
          <option value="">{intl.formatMessage({ id: 'desk.composer.cannedPlaceholder' })}</option>
          {canned.map((response) => (
            <option key={response.id} value={response.id}>
              {response.title}
            </option>
          ))}
        </select>
      </div>
      <textarea
        ref={ref}
        data-testid="reply-input"
        aria-label={internal ? intl.formatMessage({ id: 'desk.composer.noteTab' }) : intl.formatMessage({ id: 'desk.composer.replyTab' })}
        placeholder={
          internal
            ? intl.formatMessage({ id: 'desk.composer.notePlaceholder' })
            : intl.formatMessage({ id: 'desk.composer.replyPlaceholder' })
        }
        value={text}
        disabled={disabled}
        onChange={(event) => {
          change(event.target.value);
          if (!internal && event.target.value) onTyping?.();
        }}
        onKeyDown={onKeyDown}
        rows={3}
      />
      {!internal && <ReplyAttachments files={files} disabled={disabled} />}
      <div className="composer-footer">
        <span className={`small ${check.tooLong ? 'danger' : 'muted'}`} data-testid="reply-counter">
          {check.length}/{check.limit}
          {check.smsSegments !== undefined && ` · ${intl.formatMessage({ id: 'desk.composer.smsSegments' }, { count: check.smsSegments })}`}
          {check.tooLong && ` · ${intl.formatMessage({ id: 'desk.composer.tooLong' })}`}
        </span>
        <button data-testid="reply-send" className="primary" disabled={!canSend} onClick={() => void send()}>
          {internal ? <FormattedMessage id="desk.composer.addNote" /> : <FormattedMessage id="desk.composer.send" />} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </div>
  );
});

import { forwardRef, type KeyboardEvent, useEffect, useState } from 'react';
import type { Channel } from '@garda/contracts';
import { CANNED_RESPONSES, fillPlaceholders } from './canned-responses';
import { checkReply } from './channel-limits';

const draftKey = (conversationId: string, mode: string) => `garda.draft.${conversationId}.${mode}`;

interface ComposerProps {
  conversationId: string;
  channel: Channel;
  customerName: string | null;
  agentName: string;
  disabled: boolean;
  onSend: (text: string, internal: boolean) => Promise<boolean>;
  /** Called on every keystroke of a reply (never of an internal note); the desk throttles it. */
  onTyping?: () => void;
}

/** Reply or internal note, with the channel's length limit, canned responses and Ctrl+Enter to send. */
export const Composer = forwardRef<HTMLTextAreaElement, ComposerProps>(function Composer(
  { conversationId, channel, customerName, agentName, disabled, onSend, onTyping },
  ref,
) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);

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
  const canSend = !disabled && !sending && !check.empty && !check.tooLong;

  const send = async () => {
    if (!canSend) return;
    setSending(true);
    const sent = text;
    change('');
    const ok = await onSend(sent.trim(), internal);
    if (!ok) change(sent);
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
          Reply
        </button>
        <button
          role="tab"
          aria-selected={internal}
          data-testid="composer-note-tab"
          className={internal ? 'active' : ''}
          onClick={() => setMode('note')}
        >
          Internal note
        </button>
        <select
          data-testid="canned-select"
          aria-label="Canned response"
          value=""
          disabled={disabled}
          onChange={(event) => {
            const canned = CANNED_RESPONSES.find((c) => c.id === event.target.value);
            if (canned) change((text ? `${text} ` : '') + fillPlaceholders(canned.text, { customerName, agentName }));
          }}
        >
          <option value="">Canned response…</option>
          {CANNED_RESPONSES.map((canned) => (
            <option key={canned.id} value={canned.id}>
              {canned.title}
            </option>
          ))}
        </select>
      </div>
      <textarea
        ref={ref}
        data-testid="reply-input"
        aria-label={internal ? 'Internal note' : 'Reply'}
        placeholder={internal ? 'Note for colleagues; the customer never sees it' : 'Write a reply… (Ctrl+Enter to send)'}
        value={text}
        disabled={disabled}
        onChange={(event) => {
          change(event.target.value);
          if (!internal && event.target.value) onTyping?.();
        }}
        onKeyDown={onKeyDown}
        rows={3}
      />
      <div className="composer-footer">
        <span className={`small ${check.tooLong ? 'danger' : 'muted'}`} data-testid="reply-counter">
          {check.length}/{check.limit}
          {check.hint ? ` · ${check.hint}` : ''}
          {check.tooLong ? ' · too long for this channel' : ''}
        </span>
        <button data-testid="reply-send" className="primary" disabled={!canSend} onClick={() => void send()}>
          {internal ? 'Add note' : 'Send'} <kbd>Ctrl+Enter</kbd>
        </button>
      </div>
    </div>
  );
});

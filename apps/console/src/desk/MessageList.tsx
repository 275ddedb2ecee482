import { useEffect, useRef } from 'react';
import { ChannelIcon } from '../ui/ChannelIcon';
import { formatTime } from '../ui/format';
import type { DeskMessage } from './desk-state';

/** The whole history of a conversation, customer on the left, agents on the right, notes marked. */
export function MessageList({ messages, channel, loaded }: { messages: DeskMessage[]; channel: string; loaded: boolean }) {
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Block body on purpose: recent Chromium returns a promise from scrollIntoView, and an effect may return only a cleanup.
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);
  return (
    <div className="message-list" data-testid="message-list" aria-live="polite">
      {!loaded && messages.length === 0 && <p className="muted empty">Loading history…</p>}
      {messages.map((message) => (
        <div
          key={message.id}
          className={`message ${message.internal ? 'note' : message.direction}${message.pending ? ' pending' : ''}`}
          data-testid="message"
          data-direction={message.direction}
          data-internal={message.internal ? 'true' : 'false'}
        >
          <div className="message-meta">
            {message.authorType === 'customer' && <ChannelIcon channel={channel} />}
            <span>{message.internal ? `Internal note · ${message.authorName ?? ''}` : (message.authorName ?? (message.authorType === 'customer' ? 'Customer' : 'System'))}</span>
            <span className="muted">{formatTime(message.createdAt)}</span>
            {message.pending && <span className="muted">sending…</span>}
            {!message.internal && message.deliveryStatus === 'delivered' && <span className="muted" data-testid="delivery-status" title="Delivered">✓✓</span>}
            {!message.internal && message.deliveryStatus === 'read' && <span className="muted" data-testid="delivery-status" title="Read">✓✓ read</span>}
            {!message.internal && message.deliveryStatus === 'sent' && <span className="muted" data-testid="delivery-status" title="Sent">✓</span>}
          </div>
          <div className="message-text">{message.text}</div>
          {message.deliveryStatus === 'failed' && (
            <div className="danger small" role="alert" data-testid="delivery-failed">
              Not delivered{message.deliveryError ? `: ${message.deliveryError}` : ''}
            </div>
          )}
        </div>
      ))}
      <div ref={end} />
    </div>
  );
}

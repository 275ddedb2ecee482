import { Fragment, useEffect, useRef } from 'react';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { formatDateTime, formatTime } from '../ui/format';
import type { TimelineSection } from './timeline';

/**
 * The customer's whole history across channels: a divider per conversation (oldest first, the
 * open one last), every message with its channel; customer on the left, agents on the right,
 * internal notes marked.
 */
export function MessageList({ sections, loaded }: { sections: TimelineSection[]; loaded: boolean }) {
  const end = useRef<HTMLDivElement>(null);
  const count = sections.reduce((sum, section) => sum + section.messages.length, 0);
  useEffect(() => {
    // Block body on purpose: recent Chromium returns a promise from scrollIntoView, and an effect may return only a cleanup.
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  const single = sections.length === 1;
  return (
    <div className="message-list" data-testid="message-list" aria-live="polite">
      {!loaded && count === 0 && <p className="muted empty">Loading history…</p>}
      {sections.map((section) => (
        <Fragment key={section.conversationId}>
          {!single && (
            <div
              className={`timeline-divider${section.current ? ' current' : ''}`}
              data-testid="timeline-divider"
              data-conversation-id={section.conversationId}
              data-channel={section.channel}
              data-current={section.current ? 'true' : 'false'}
            >
              <span>
                <ChannelIcon channel={section.channel} /> {channelLabel(section.channel)}
                {section.startedAt ? ` · ${formatDateTime(section.startedAt)}` : ''}
                {section.current ? ' · this conversation' : ` · ${section.status}`}
                {section.disposition ? ` · ${section.disposition}` : ''}
              </span>
            </div>
          )}
          {section.messages.map((message) => (
            <div
              key={message.id}
              className={`message ${message.internal ? 'note' : message.direction}${message.pending ? ' pending' : ''}${section.current ? '' : ' history'}`}
              data-testid="message"
              data-direction={message.direction}
              data-internal={message.internal ? 'true' : 'false'}
              data-channel={message.channel}
              data-conversation-id={section.conversationId}
            >
              <div className="message-meta">
                <ChannelIcon channel={message.channel} />
                <span>
                  {message.internal
                    ? `Internal note · ${message.authorName ?? ''}`
                    : (message.authorName ?? (message.authorType === 'customer' ? 'Customer' : 'System'))}
                </span>
                <span className="muted">{formatTime(message.createdAt)}</span>
                {message.pending && <span className="muted">sending…</span>}
                {!message.internal && message.deliveryStatus === 'delivered' && (
                  <span className="muted" data-testid="delivery-status" title="Delivered">
                    ✓✓
                  </span>
                )}
                {!message.internal && message.deliveryStatus === 'read' && (
                  <span className="muted" data-testid="delivery-status" title="Read">
                    ✓✓ read
                  </span>
                )}
                {!message.internal && message.deliveryStatus === 'sent' && (
                  <span className="muted" data-testid="delivery-status" title="Sent">
                    ✓
                  </span>
                )}
              </div>
              <div className="message-text">{message.text}</div>
              {message.deliveryStatus === 'failed' && (
                <div className="danger small" role="alert" data-testid="delivery-failed">
                  Not delivered{message.deliveryError ? `: ${message.deliveryError}` : ''}
                </div>
              )}
            </div>
          ))}
        </Fragment>
      ))}
      <div ref={end} />
    </div>
  );
}

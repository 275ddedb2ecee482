import { Fragment, useEffect, useRef } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { wrapUpLabel } from '../lists/tenant-lists';
import { clockTime, dayAndTime } from '../time/formats';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { MessageAttachments } from './MessageAttachments';
import type { TimelineSection } from './timeline';

/**
 * The customer's whole history across channels: a divider per conversation (oldest first, the
 * open one last), every message with its channel; customer on the left, agents on the right,
 * internal notes marked.
 */
export function MessageList({ sections, loaded }: { sections: TimelineSection[]; loaded: boolean }) {
  const intl = useIntl();
  const end = useRef<HTMLDivElement>(null);
  const count = sections.reduce((sum, section) => sum + section.messages.length, 0);
  useEffect(() => {
    // Block body on purpose: recent Chromium returns a promise from scrollIntoView, and an effect may return only a cleanup.
    end.current?.scrollIntoView({ block: 'end' });
  }, [count]);
  const single = sections.length === 1;
  return (
    <div className="message-list" data-testid="message-list" aria-live="polite">
      {!loaded && count === 0 && (
        <p className="muted empty">
          <FormattedMessage id="desk.messages.loading" />
        </p>
      )}
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
                <ChannelIcon channel={section.channel} /> {channelLabel(intl, section.channel)}
                {section.startedAt ? ` · ${dayAndTime(intl, section.startedAt)}` : ''}
                {' · '}
                {section.current ? (
                  <FormattedMessage id="desk.messages.thisConversation" />
                ) : section.status === 'open' ? (
                  <FormattedMessage id="desk.messages.statusOpen" />
                ) : (
                  <FormattedMessage id="desk.messages.statusClosed" />
                )}
                {section.disposition ? ` · ${wrapUpLabel(intl, section.disposition)}` : ''}
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
                    ? intl.formatMessage({ id: 'desk.messages.internalNoteBy' }, { author: message.authorName ?? '' })
                    : (message.authorName ??
                      (message.authorType === 'customer'
                        ? intl.formatMessage({ id: 'desk.messages.customer' })
                        : intl.formatMessage({ id: 'desk.messages.system' })))}
                </span>
                <span className="muted" data-testid="message-time" data-at={message.createdAt}>
                  {clockTime(intl, message.createdAt)}
                </span>
                {message.pending && (
                  <span className="muted">
                    <FormattedMessage id="desk.messages.sending" />
                  </span>
                )}
                {!message.internal && message.deliveryStatus && <DeliveryMark status={message.deliveryStatus} />}
              </div>
              {message.text && <div className="message-text">{message.text}</div>}
              {message.attachments && (
                <MessageAttachments conversationId={section.conversationId} attachments={message.attachments} pending={message.pending} />
              )}
              {message.deliveryStatus === 'failed' && (
                <div className="danger small" role="alert" data-testid="delivery-failed">
                  {message.deliveryError ? (
                    <FormattedMessage id="desk.messages.notDeliveredBecause" values={{ reason: message.deliveryError }} />
                  ) : (
                    <FormattedMessage id="desk.messages.notDelivered" />
                  )}
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

function DeliveryMark({ status }: { status: string }) {
  const intl = useIntl();
  if (status === 'sent')
    return (
      <span className="muted" data-testid="delivery-status" title={intl.formatMessage({ id: 'desk.delivery.sent' })}>
        ✓
      </span>
    );
  if (status === 'delivered')
    return (
      <span className="muted" data-testid="delivery-status" title={intl.formatMessage({ id: 'desk.delivery.delivered' })}>
        ✓✓
      </span>
    );
  if (status === 'read')
    return (
      <span className="muted" data-testid="delivery-status" title={intl.formatMessage({ id: 'desk.delivery.read' })}>
        ✓✓ <FormattedMessage id="desk.delivery.readMark" />
      </span>
    );
  return null;
}

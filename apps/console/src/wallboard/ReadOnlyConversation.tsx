import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { conversationQueries, customerQueries } from '../api/queries';
import { MessageList } from '../desk/MessageList';
import { buildTimeline } from '../desk/timeline';
import { useGateway } from '../session/SessionProvider';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';
import { Dialog } from '../ui/Dialog';
import { failureReason } from '../ui/failures';

/** Any conversation of the tenant, read-only, for a supervisor: with the customer's history across channels. */
export function ReadOnlyConversation({ conversationId, onClose }: { conversationId: string; onClose: () => void }) {
  const intl = useIntl();
  const gateway = useGateway();
  const detail = useQuery(conversationQueries.detail(gateway, conversationId));
  const customerId = detail.data?.customerId;
  const timeline = useQuery({ ...customerQueries.timeline(gateway, customerId ?? ''), enabled: customerId !== undefined });
  const conversation = detail.data;
  const sections = useMemo(
    () =>
      conversation
        ? buildTimeline(timeline.data, conversation.id, [
            {
              id: conversation.id,
              channel: conversation.channel,
              subject: conversation.subject,
              loaded: true,
              messages: conversation.messages,
            },
          ])
        : [],
    [conversation, timeline.data],
  );
  const error = detail.error ?? timeline.error;
  const readOnly = intl.formatMessage({ id: 'wallboard.readOnly.tag' });
  return (
    <Dialog
      label={intl.formatMessage({ id: 'wallboard.readOnly.label' })}
      onClose={onClose}
      modal={false}
      variant="drawer"
      testId="readonly-conversation"
    >
      <header className="pane-header">
        {conversation && <ChannelIcon channel={conversation.channel} />}
        <div>
          <strong data-testid="readonly-customer">
            {conversation?.customerName ?? intl.formatMessage({ id: 'wallboard.readOnly.untitled' })}
          </strong>
          <div className="muted small">
            {conversation
              ? [
                  channelLabel(intl, conversation.channel),
                  conversation.ticket?.queue ?? '',
                  conversation.status === 'open'
                    ? intl.formatMessage({ id: 'desk.messages.statusOpen' })
                    : intl.formatMessage({ id: 'desk.messages.statusClosed' }),
                  readOnly,
                ].join(' · ')
              : readOnly}
          </div>
        </div>
        <span className="spacer" />
        <button onClick={onClose} data-testid="readonly-close" autoFocus>
          <FormattedMessage id="common.close" /> <kbd>Esc</kbd>
        </button>
      </header>
      {error && <p className="danger empty">{failureReason(intl, error)}</p>}
      {conversation && <MessageList sections={sections} loaded />}
      <p className="drawer-footer muted small">
        <FormattedMessage id="wallboard.readOnly.footer" />
      </p>
    </Dialog>
  );
}

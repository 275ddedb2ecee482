import { FormattedMessage, useIntl } from 'react-intl';
import { clockTime } from '../time/formats';
import { ChannelIcon } from '../ui/ChannelIcon';
import type { DeskConversation } from './desk-state';

export function ConversationList({
  conversations,
  activeId,
  onSelect,
}: {
  conversations: DeskConversation[];
  activeId?: string;
  onSelect: (id: string) => void;
}) {
  const intl = useIntl();
  if (conversations.length === 0)
    return (
      <p className="empty muted">
        <FormattedMessage id="desk.list.empty" />
      </p>
    );
  return (
    <ul className="conversation-list" aria-label={intl.formatMessage({ id: 'desk.list.label' })}>
      {conversations.map((conversation, index) => {
        const last = conversation.messages.at(-1);
        const preview = !last
          ? (conversation.queueName ?? '')
          : last.internal
            ? intl.formatMessage({ id: 'desk.list.previewNote' }, { text: last.text })
            : last.direction === 'outbound'
              ? intl.formatMessage({ id: 'desk.list.previewYou' }, { text: last.text })
              : last.text;
        return (
          <li key={conversation.id}>
            <button
              className={`conversation-item${conversation.id === activeId ? ' active' : ''}`}
              data-testid="conversation-item"
              data-conversation-id={conversation.id}
              aria-current={conversation.id === activeId}
              onClick={() => onSelect(conversation.id)}
              title={index < 9 ? `Alt+${index + 1}` : undefined}
            >
              <ChannelIcon channel={conversation.channel} />
              <span className="item-main">
                <span className="item-title">{conversation.customerName ?? intl.formatMessage({ id: 'desk.customer.unnamed' })}</span>
                <span className="item-preview muted">
                  {conversation.customerTypingUntil ? (
                    <em data-testid="customer-typing">
                      <FormattedMessage id="desk.list.typing" />
                    </em>
                  ) : (
                    preview
                  )}
                </span>
              </span>
              <span className="item-side">
                <span className="muted small" data-testid="conversation-time" data-at={conversation.lastActivityAt}>
                  {clockTime(intl, conversation.lastActivityAt)}
                </span>
                {conversation.unread > 0 && (
                  <span
                    className="badge"
                    data-testid="unread-badge"
                    aria-label={intl.formatMessage({ id: 'desk.list.unread' }, { count: conversation.unread })}
                  >
                    {conversation.unread}
                  </span>
                )}
                {conversation.panel === 'wrap-up' && (
                  <span className="tag">
                    <FormattedMessage id="desk.list.wrapUpTag" />
                  </span>
                )}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

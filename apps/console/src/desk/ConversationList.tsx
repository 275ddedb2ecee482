import { ChannelIcon } from '../ui/ChannelIcon';
import { formatTime } from '../ui/format';
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
  if (conversations.length === 0) return <p className="empty muted">No open conversations.</p>;
  return (
    <ul className="conversation-list" aria-label="Your conversations">
      {conversations.map((conversation, index) => {
        const last = conversation.messages.at(-1);
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
                <span className="item-title">{conversation.customerName ?? 'Customer'}</span>
                <span className="item-preview muted">
                  {conversation.customerTypingUntil ? (
                    <em data-testid="customer-typing">typing…</em>
                  ) : last ? (
                    `${last.internal ? 'Note: ' : last.direction === 'outbound' ? 'You: ' : ''}${last.text}`
                  ) : (
                    (conversation.queueName ?? '')
                  )}
                </span>
              </span>
              <span className="item-side">
                <span className="muted small">{formatTime(conversation.lastActivityAt)}</span>
                {conversation.unread > 0 && (
                  <span className="badge" data-testid="unread-badge" aria-label={`${conversation.unread} unread`}>
                    {conversation.unread}
                  </span>
                )}
                {conversation.panel === 'wrap-up' && <span className="tag">Wrap-up</span>}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}

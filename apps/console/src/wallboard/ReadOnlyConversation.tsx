import { useEffect, useState } from 'react';
import { api } from '../api/http';
import type { ConversationDetail } from '../api/types';
import { MessageList } from '../desk/MessageList';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';

/** Any conversation of the tenant, read-only, for a supervisor. */
export function ReadOnlyConversation({ conversationId, token, onClose }: { conversationId: string; token: string; onClose: () => void }) {
  const [detail, setDetail] = useState<ConversationDetail>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    api<ConversationDetail>(`/conversations/${conversationId}`, { token }).then(setDetail, (failure: Error) => setError(failure.message));
  }, [conversationId, token]);
  return (
    <aside className="drawer" role="dialog" aria-label="Conversation (read-only)" data-testid="readonly-conversation">
      <header className="pane-header">
        {detail && <ChannelIcon channel={detail.channel} />}
        <div>
          <strong>{detail?.customerName ?? 'Conversation'}</strong>
          <div className="muted small">{detail ? `${channelLabel(detail.channel)} · ${detail.status} · read-only` : 'read-only'}</div>
        </div>
        <span className="spacer" />
        <button onClick={onClose} aria-label="Close" autoFocus>
          Close <kbd>Esc</kbd>
        </button>
      </header>
      {error && <p className="danger">{error}</p>}
      {detail && <MessageList messages={detail.messages} channel={detail.channel} loaded />}
    </aside>
  );
}

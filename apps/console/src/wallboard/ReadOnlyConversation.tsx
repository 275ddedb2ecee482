import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/http';
import type { ConversationDetail, CustomerTimeline } from '../api/types';
import { MessageList } from '../desk/MessageList';
import { buildTimeline } from '../desk/timeline';
import { ChannelIcon, channelLabel } from '../ui/ChannelIcon';

/** Any conversation of the tenant, read-only, for a supervisor: with the customer's history across channels. */
export function ReadOnlyConversation({ conversationId, token, onClose }: { conversationId: string; token: string; onClose: () => void }) {
  const [detail, setDetail] = useState<ConversationDetail>();
  const [timeline, setTimeline] = useState<CustomerTimeline>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    api<ConversationDetail>(`/conversations/${conversationId}`, { token })
      .then((result) => {
        if (cancelled) return;
        setDetail(result);
        return api<CustomerTimeline>(`/customers/${result.customerId}/timeline`, { token }).then(
          (history) => !cancelled && setTimeline(history),
        );
      })
      .catch((failure: Error) => !cancelled && setError(failure.message));
    return () => {
      cancelled = true;
    };
  }, [conversationId, token]);
  const sections = useMemo(
    () =>
      detail
        ? buildTimeline(timeline, detail.id, [
            { id: detail.id, channel: detail.channel, subject: detail.subject, loaded: true, messages: detail.messages },
          ])
        : [],
    [detail, timeline],
  );
  return (
    <aside className="drawer" role="dialog" aria-label="Conversation (read-only)" data-testid="readonly-conversation">
      <header className="pane-header">
        {detail && <ChannelIcon channel={detail.channel} />}
        <div>
          <strong data-testid="readonly-customer">{detail?.customerName ?? 'Conversation'}</strong>
          <div className="muted small">
            {detail ? `${channelLabel(detail.channel)} · ${detail.ticket?.queue ?? ''} · ${detail.status} · read-only` : 'read-only'}
          </div>
        </div>
        <span className="spacer" />
        <button onClick={onClose} aria-label="Close" data-testid="readonly-close" autoFocus>
          Close <kbd>Esc</kbd>
        </button>
      </header>
      {error && <p className="danger empty">{error}</p>}
      {detail && <MessageList sections={sections} loaded />}
      <p className="drawer-footer muted small">Read-only: supervisors watch here; the agent replies from their desk.</p>
    </aside>
  );
}

import type { OfferMadeV1 } from '@garda/contracts';
import { type ReactNode, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { ApiError, api } from '../api/http';
import { type AgentSocket, command } from '../api/socket';
import type { ConversationDetail, ConversationSummary, Presence, Session } from '../api/types';
import { useSocketEvent } from '../app/useAgentSocket';
import { useToast } from '../ui/toasts';
import { newId } from '../ui/uuid';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';
import { CustomerPanel } from './CustomerPanel';
import { CUSTOMER_TYPING_SHOWN_MS, deskReducer, nextConversationId } from './desk-state';
import { OfferCard } from './OfferCard';
import { StatusControl } from './StatusControl';
import { TypingThrottle } from './typing-throttle';

const ACTIVE_KEY = 'garda.desk.active';

interface Props {
  session: Session;
  socket: AgentSocket | undefined;
  connected: boolean;
  onUnauthorized: () => void;
  /** The status control lives in the top bar; the desk owns its state. */
  renderStatus: (control: ReactNode) => void;
}

/**
 * The agent desk. The tickets service (through the gateway) is the source of truth for the list and
 * the history; the socket brings what changes. After a reconnect the desk reloads both, so nothing
 * that happened during the drop is missing, and the drafts and the open conversation are kept.
 */
export function DeskView({ session, socket, connected, onUnauthorized, renderStatus }: Props) {
  const me = session.user;
  const token = session.accessToken;
  const notify = useToast();
  const [desk, dispatch] = useReducer(deskReducer, { conversations: [], activeId: sessionStorage.getItem(ACTIVE_KEY) ?? undefined });
  const [presence, setPresence] = useState<Presence>({ state: 'offline', since: null });
  const [statusPending, setStatusPending] = useState(false);
  const [offers, setOffers] = useState<OfferMadeV1[]>([]);
  const [offerBusy, setOfferBusy] = useState(false);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const requested = useRef(new Set<string>());
  const typingThrottle = useRef(new TypingThrottle());

  const handleError = useCallback(
    (failure: unknown, what: string) => {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      notify(`${what}: ${(failure as Error).message}`, 'error');
    },
    [notify, onUnauthorized],
  );

  const reload = useCallback(async () => {
    try {
      const [list, profile] = await Promise.all([
        api<ConversationSummary[]>('/conversations', { token }),
        api<{ presence: Presence }>('/me', { token }),
      ]);
      requested.current.clear();
      dispatch({ type: 'list-loaded', conversations: list, now: Date.now() });
      setPresence(profile.presence);
    } catch (failure) {
      handleError(failure, 'Could not load your conversations');
    }
  }, [token, handleError]);

  const loadDetail = useCallback(
    async (conversationId: string) => {
      try {
        dispatch({ type: 'detail-loaded', detail: await api<ConversationDetail>(`/conversations/${conversationId}`, { token }) });
      } catch (failure) {
        requested.current.delete(conversationId);
        handleError(failure, 'Could not load the conversation');
      }
    },
    [token, handleError],
  );

  // Every (re)connection: the state of the world is reloaded, not assumed.
  useEffect(() => {
    if (connected) void reload();
  }, [connected, reload]);

  useEffect(() => {
    if (desk.activeId) sessionStorage.setItem(ACTIVE_KEY, desk.activeId);
    for (const conversation of desk.conversations) {
      if (!conversation.loaded && !requested.current.has(conversation.id)) {
        requested.current.add(conversation.id);
        void loadDetail(conversation.id);
      }
    }
  }, [desk, loadDetail]);

  useSocketEvent(socket, 'agent:status', (event) => {
    if (event.agentId === me.id) setPresence({ state: event.state, reason: event.reason, since: event.changedAt });
  });
  useSocketEvent(socket, 'offer:new', (offer) => {
    if (offer.agentId === me.id) setOffers((list) => (list.some((o) => o.offerId === offer.offerId) ? list : [...list, offer]));
  });
  useSocketEvent(socket, 'offer:closed', (event) => setOffers((list) => list.filter((o) => o.offerId !== event.offerId)));
  useSocketEvent(socket, 'contact:assigned', (event) => {
    if (event.agentId !== me.id) return;
    setOffers((list) => list.filter((o) => o.contactId !== event.contactId));
    dispatch({ type: 'assigned', event });
    requested.current.delete(event.conversationId);
  });
  useSocketEvent(socket, 'conversation:message', (event) => {
    if (event.assignedAgentId && event.assignedAgentId !== me.id) return;
    const known = desk.conversations.some((c) => c.id === event.conversationId);
    if (!known && event.assignedAgentId === me.id) void reload();
    dispatch({ type: 'message', event });
  });

  useSocketEvent(socket, 'conversation:delivery', (event) => dispatch({ type: 'delivery', event }));
  useSocketEvent(socket, 'conversation:typing', (event) => {
    const now = Date.now();
    dispatch({ type: 'customer-typing', conversationId: event.conversationId, isTyping: event.isTyping, now });
    if (event.isTyping) setTimeout(() => dispatch({ type: 'typing-lapsed', conversationId: event.conversationId, now: Date.now() }), CUSTOMER_TYPING_SHOWN_MS);
  });

  // Offers whose time has run out disappear even if the close event is late.
  useEffect(() => {
    if (offers.length === 0) return;
    const timer = setInterval(() => setOffers((list) => list.filter((o) => Date.parse(o.expiresAt) > Date.now())), 500);
    return () => clearInterval(timer);
  }, [offers.length]);

  const setState = useCallback(
    async (state: 'available' | 'away' | 'offline', reason?: string) => {
      if (!socket) return;
      setStatusPending(true);
      const ack = await command(socket, 'agent:set-state', { state, reason });
      setStatusPending(false);
      if (!ack.ok) notify(`State not changed: ${ack.error}`, 'error');
    },
    [socket, notify],
  );

  const offer = offers[0];
  const respond = useCallback(
    async (response: 'accept' | 'reject') => {
      if (!socket || !offer) return;
      setOfferBusy(true);
      const ack = await command(socket, response === 'accept' ? 'offer:accept' : 'offer:reject', { contactId: offer.contactId });
      setOfferBusy(false);
      if (!ack.ok) notify(`Could not ${response} the contact: ${ack.error}`, 'error');
      else if (response === 'reject') setOffers((list) => list.filter((o) => o.offerId !== offer.offerId));
    },
    [socket, offer, notify],
  );

  const active = desk.conversations.find((c) => c.id === desk.activeId);

  const send = useCallback(
    async (text: string, internal: boolean): Promise<boolean> => {
      if (!socket || !active) return false;
      const messageId = newId();
      const createdAt = new Date().toISOString();
      dispatch({
        type: 'sent',
        conversationId: active.id,
        message: { id: messageId, direction: 'outbound', authorType: 'agent', authorName: me.name, text, internal, createdAt, pending: true },
      });
      typingThrottle.current.reset(active.id);
      const ack = await command(socket, 'conversation:reply', { conversationId: active.id, messageId, text, internal });
      if (!ack.ok) {
        dispatch({ type: 'send-failed', conversationId: active.id, messageId });
        notify(`Not sent: ${ack.error}`, 'error');
        return false;
      }
      return true;
    },
    [socket, active, me.name, notify],
  );

  // Typing is a hint, not a command: nobody waits for the ack and a lost one costs nothing.
  const typing = useCallback(() => {
    if (!socket || !active || !typingThrottle.current.shouldSend(active.id, Date.now())) return;
    void command(socket, 'conversation:typing', { conversationId: active.id });
  }, [socket, active]);

  const close = useCallback(
    async (disposition: string) => {
      if (!active) return;
      try {
        await api(`/conversations/${active.id}/close`, { token, method: 'POST', body: { disposition } });
        dispatch({ type: 'closed', conversationId: active.id });
        notify(`Conversation with ${active.customerName ?? 'the customer'} closed (${disposition})`);
      } catch (failure) {
        handleError(failure, 'Could not close the conversation');
      }
    },
    [active, token, notify, handleError],
  );

  // Keyboard: Alt+A accept, Alt+R reject, Alt+N next conversation, Alt+W wrap-up, Alt+1..9 pick, Alt+C focus reply.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const key = event.key.toLowerCase();
      const code = event.code;
      const is = (letter: string) => key === letter || code === `Key${letter.toUpperCase()}`;
      if (is('a') && offer) void respond('accept');
      else if (is('r') && offer) void respond('reject');
      else if (is('n')) {
        const next = nextConversationId(desk);
        if (next) dispatch({ type: 'select', conversationId: next });
        setTimeout(() => composerRef.current?.focus(), 0);
      } else if (is('w') && active) dispatch({ type: 'wrap-up-started', conversationId: active.id, at: new Date().toISOString() });
      else if (is('c')) composerRef.current?.focus();
      else if (/^Digit[1-9]$/.test(code)) {
        const target = desk.conversations[Number(code.slice(5)) - 1];
        if (target) dispatch({ type: 'select', conversationId: target.id });
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [offer, respond, desk, active]);

  useEffect(() => {
    renderStatus(<StatusControl presence={presence} pending={statusPending || !connected} onChange={(state, reason) => void setState(state, reason)} />);
  }, [presence, statusPending, connected, setState, renderStatus]);

  return (
    <div className="desk">
      <nav className="desk-left" aria-label="Contacts">
        {offer && <OfferCard offer={offer} busy={offerBusy} onAccept={() => void respond('accept')} onReject={() => void respond('reject')} />}
        {offers.length > 1 && <p className="muted small">{offers.length - 1} more offer(s) waiting</p>}
        <h2 className="section-title">
          Conversations <span className="muted">{desk.conversations.length}</span>
        </h2>
        <ConversationList conversations={desk.conversations} activeId={desk.activeId} onSelect={(id) => dispatch({ type: 'select', conversationId: id })} />
        <div className="shortcuts small muted" aria-label="Keyboard shortcuts">
          <kbd>Alt+A</kbd> accept · <kbd>Alt+R</kbd> reject · <kbd>Alt+N</kbd> next · <kbd>Alt+1-9</kbd> pick · <kbd>Alt+C</kbd> reply · <kbd>Ctrl+Enter</kbd> send · <kbd>Alt+W</kbd> wrap up
        </div>
      </nav>
      {active ? (
        <>
          <ConversationPane
            conversation={active}
            agentName={me.name}
            connected={connected}
            composerRef={composerRef}
            onSend={send}
            onTyping={typing}
            onStartWrapUp={() => dispatch({ type: 'wrap-up-started', conversationId: active.id, at: new Date().toISOString() })}
            onCancelWrapUp={() => dispatch({ type: 'wrap-up-cancelled', conversationId: active.id })}
            onClose={close}
          />
          <CustomerPanel customerId={active.customerId} token={token} currentTicketId={active.ticketId} />
        </>
      ) : (
        <section className="conversation-pane empty-pane">
          <p className="muted">{presence.state === 'available' ? 'Waiting for the next contact…' : 'Set yourself available to receive contacts.'}</p>
        </section>
      )}
    </div>
  );
}

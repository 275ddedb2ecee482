import type { OfferMadeV1 } from '@garda/contracts';
import { type ReactNode, useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { ApiError, api } from '../api/http';
import { type AgentSocket, command } from '../api/socket';
import type { ConversationDetail, ConversationSummary, CustomerTimeline, Presence, RoutingState, Session } from '../api/types';
import { useSocketEvent } from '../app/useAgentSocket';
import { useToast } from '../ui/toasts';
import { newId } from '../ui/uuid';
import { ConversationList } from './ConversationList';
import { ConversationPane } from './ConversationPane';
import { CustomerPanel } from './CustomerPanel';
import { CUSTOMER_TYPING_SHOWN_MS, deskReducer, nextConversationId, unconfirmed } from './desk-state';
import { useDeskKeys } from './useDeskKeys';
import { mergeOffers } from './offers';
import { OfferCard } from './OfferCard';
import { StatusControl } from './StatusControl';
import { buildTimeline } from './timeline';
import type { TransferTarget } from './TransferPanel';
import { TypingThrottle } from './typing-throttle';

const ACTIVE_KEY = 'garda.desk.active';
/** How soon, and how often at most, the desk asks tickets again for an assignment it has not recorded yet. */
const CONFIRM_FIRST_MS = 250;
const CONFIRM_MAX_MS = 4000;

interface Props {
  session: Session;
  socket: AgentSocket | undefined;
  connected: boolean;
  onUnauthorized: () => void;
  /** The status control lives in the top bar; the desk owns its state. */
  renderStatus: (control: ReactNode) => void;
}

const presenceOf = (state: RoutingState): Presence => ({
  state: state.state,
  reason: state.reason,
  since: state.since,
  until: state.until,
});

/**
 * The agent desk. Tickets (through the gateway) is the source of truth for the list and the
 * history, routing for the agent's state and pending offers; the socket brings what changes. After
 * every (re)connect the desk reloads all of them, so nothing that happened during a drop is
 * missing, and the drafts and the open conversation are kept.
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
  const [timelines, setTimelines] = useState<Record<string, CustomerTimeline>>({});
  const [epoch, setEpoch] = useState(0);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const requested = useRef(new Set<string>());
  const typingThrottle = useRef(new TypingThrottle());
  /** Transfers this desk asked for: their 'contact:transferred' needs no second notice. */
  const ownTransfers = useRef(new Set<string>());
  const [confirmAttempt, setConfirmAttempt] = useState(0);

  const handleError = useCallback(
    (failure: unknown, what: string) => {
      if (failure instanceof ApiError && failure.status === 401) return onUnauthorized();
      notify(`${what}: ${(failure as Error).message}`, 'error');
    },
    [notify, onUnauthorized],
  );

  const refreshList = useCallback(async () => {
    try {
      dispatch({ type: 'list-loaded', conversations: await api<ConversationSummary[]>('/conversations', { token }), now: Date.now() });
    } catch (failure) {
      handleError(failure, 'Could not load your conversations');
    }
  }, [token, handleError]);

  const reload = useCallback(async () => {
    const startedAt = new Date().toISOString();
    try {
      const [list, state, pending] = await Promise.all([
        api<ConversationSummary[]>('/conversations', { token }),
        // Routing's own view (with the end of after-contact work); the gateway's last known state if routing does not answer.
        api<RoutingState>('/me/state', { token }).then(presenceOf, () =>
          api<{ presence: Presence }>('/me', { token }).then((profile) => profile.presence),
        ),
        api<OfferMadeV1[]>('/me/offers', { token }).catch(() => undefined),
      ]);
      requested.current.clear();
      dispatch({ type: 'list-loaded', conversations: list, now: Date.now() });
      setPresence(state);
      if (pending) setOffers((local) => mergeOffers(local, pending, startedAt, Date.now()));
      setEpoch((value) => value + 1);
    } catch (failure) {
      handleError(failure, 'Could not load your desk');
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
      if (conversation.confirmed && !conversation.loaded && !requested.current.has(conversation.id)) {
        requested.current.add(conversation.id);
        void loadDetail(conversation.id);
      }
    }
  }, [desk, loadDetail]);

  // An assignment routing announced but tickets has not recorded yet: ask tickets again shortly.
  const waiting = unconfirmed(desk)
    .map((c) => c.id)
    .join(',');
  useEffect(() => setConfirmAttempt(0), [waiting]);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(
      () => void refreshList().finally(() => setConfirmAttempt((attempt) => attempt + 1)),
      Math.min(CONFIRM_FIRST_MS * 2 ** confirmAttempt, CONFIRM_MAX_MS),
    );
    return () => clearTimeout(timer);
  }, [waiting, confirmAttempt, refreshList]);

  const active = desk.conversations.find((c) => c.id === desk.activeId);
  const activeCustomer = active?.confirmed ? active.customerId : undefined;
  // The customer's conversations on this desk: one more (a new contact of theirs) means a new timeline.
  const customerKey = activeCustomer
    ? `${activeCustomer}:${epoch}:${desk.conversations.filter((c) => c.customerId === activeCustomer && c.confirmed).length}`
    : undefined;
  useEffect(() => {
    if (!activeCustomer) return;
    let cancelled = false;
    api<CustomerTimeline>(`/customers/${activeCustomer}/timeline`, { token }).then(
      (timeline) => !cancelled && setTimelines((all) => ({ ...all, [activeCustomer]: timeline })),
      (failure) => !cancelled && handleError(failure, "Could not load the customer's history"),
    );
    return () => {
      cancelled = true;
    };
  }, [customerKey, activeCustomer, token, handleError]);

  const sections = useMemo(
    () =>
      active
        ? buildTimeline(
            timelines[active.customerId],
            active.id,
            desk.conversations.filter((c) => c.customerId === active.customerId),
          )
        : [],
    [active, timelines, desk.conversations],
  );

  useSocketEvent(socket, 'agent:status', (event) => {
    if (event.agentId === me.id) setPresence({ state: event.state, reason: event.reason, since: event.changedAt, until: event.until });
  });
  useSocketEvent(socket, 'offer:new', (offer) => {
    if (offer.agentId === me.id) setOffers((list) => mergeOffers(list, [offer], undefined, Date.now()));
  });
  useSocketEvent(socket, 'offer:closed', (event) => setOffers((list) => list.filter((o) => o.offerId !== event.offerId)));
  useSocketEvent(socket, 'contact:assigned', (event) => {
    if (event.agentId !== me.id) return;
    setOffers((list) => list.filter((o) => o.contactId !== event.contactId));
    dispatch({ type: 'assigned', event });
    requested.current.delete(event.conversationId);
  });
  useSocketEvent(socket, 'contact:transferred', (event) => {
    if (event.fromAgentId !== me.id) return;
    const moved = desk.conversations.find((c) => c.id === event.conversationId);
    if (!moved) return;
    dispatch({ type: 'removed', conversationId: moved.id });
    if (!ownTransfers.current.has(moved.id))
      notify(`${moved.customerName ?? 'A conversation'} was moved to ${event.toAgentId ? 'another agent' : `queue ${event.toQueueName}`}`);
  });
  useSocketEvent(socket, 'conversation:message', (event) => {
    if (event.assignedAgentId && event.assignedAgentId !== me.id) return;
    const known = desk.conversations.some((c) => c.id === event.conversationId);
    if (!known && event.assignedAgentId === me.id) void refreshList();
    dispatch({ type: 'message', event, mine: event.assignedAgentId === me.id });
  });

  useSocketEvent(socket, 'conversation:delivery', (event) => dispatch({ type: 'delivery', event }));
  useSocketEvent(socket, 'conversation:typing', (event) => {
    const now = Date.now();
    dispatch({ type: 'customer-typing', conversationId: event.conversationId, isTyping: event.isTyping, now });
    if (event.isTyping)
      setTimeout(
        () => dispatch({ type: 'typing-lapsed', conversationId: event.conversationId, now: Date.now() }),
        CUSTOMER_TYPING_SHOWN_MS,
      );
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

  const send = useCallback(
    async (text: string, internal: boolean): Promise<boolean> => {
      if (!socket || !active) return false;
      const messageId = newId();
      const createdAt = new Date().toISOString();
      dispatch({
        type: 'sent',
        conversationId: active.id,
        message: {
          id: messageId,
          direction: 'outbound',
          authorType: 'agent',
          authorName: me.name,
          text,
          internal,
          createdAt,
          pending: true,
        },
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
        dispatch({ type: 'removed', conversationId: active.id });
        notify(`Conversation with ${active.customerName ?? 'the customer'} closed (${disposition})`);
      } catch (failure) {
        handleError(failure, 'Could not close the conversation');
      }
    },
    [active, token, notify, handleError],
  );

  const transfer = useCallback(
    async (target: TransferTarget) => {
      if (!active) return;
      const body = 'queue' in target ? { queue: target.queue } : { agentId: target.agentId };
      ownTransfers.current.add(active.id);
      try {
        await api(`/me/contacts/${active.contactId}/transfer`, { token, method: 'POST', body });
        dispatch({ type: 'removed', conversationId: active.id });
        notify(`${active.customerName ?? 'The conversation'} transferred to ${'queue' in target ? `queue ${target.queue}` : target.name}`);
      } catch (failure) {
        ownTransfers.current.delete(active.id);
        handleError(failure, 'Could not transfer');
      }
    },
    [active, token, notify, handleError],
  );

  useDeskKeys({
    accept: offer ? () => void respond('accept') : undefined,
    reject: offer ? () => void respond('reject') : undefined,
    next: () => {
      const next = nextConversationId(desk);
      if (next) dispatch({ type: 'select', conversationId: next });
      setTimeout(() => composerRef.current?.focus(), 0);
    },
    pick: (index) => {
      const target = desk.conversations[index];
      if (target) dispatch({ type: 'select', conversationId: target.id });
    },
    panel: active ? (panel) => dispatch({ type: 'panel', conversationId: active.id, panel }) : undefined,
    focusReply: () => composerRef.current?.focus(),
  });

  useEffect(() => {
    renderStatus(
      <StatusControl
        presence={presence}
        pending={statusPending || !connected}
        onChange={(state, reason) => void setState(state, reason)}
      />,
    );
  }, [presence, statusPending, connected, setState, renderStatus]);

  return (
    <div className="desk">
      <nav className="desk-left" aria-label="Contacts">
        {offer && (
          <OfferCard offer={offer} busy={offerBusy} onAccept={() => void respond('accept')} onReject={() => void respond('reject')} />
        )}
        {offers.length > 1 && <p className="muted small more-offers">{offers.length - 1} more offer(s) waiting</p>}
        <h2 className="section-title">
          Conversations <span className="count">{desk.conversations.length}</span>
        </h2>
        <ConversationList
          conversations={desk.conversations}
          activeId={desk.activeId}
          onSelect={(id) => dispatch({ type: 'select', conversationId: id })}
        />
        <dl className="shortcuts small muted" aria-label="Keyboard shortcuts">
          <dt>Alt+A / R</dt>
          <dd>accept / reject</dd>
          <dt>Alt+N</dt>
          <dd>next (unread first)</dd>
          <dt>Alt+1…9</dt>
          <dd>pick</dd>
          <dt>Alt+C</dt>
          <dd>reply box</dd>
          <dt>Ctrl+Enter</dt>
          <dd>send</dd>
          <dt>Alt+T / W</dt>
          <dd>transfer / wrap up</dd>
        </dl>
      </nav>
      {active ? (
        <>
          <ConversationPane
            conversation={active}
            sections={sections}
            agentName={me.name}
            token={token}
            connected={connected}
            composerRef={composerRef}
            onSend={send}
            onTyping={typing}
            onPanel={(panel) => dispatch({ type: 'panel', conversationId: active.id, panel })}
            onClose={close}
            onTransfer={transfer}
          />
          {active.confirmed ? (
            <CustomerPanel customerId={active.customerId} token={token} currentTicketId={active.ticketId} refreshKey={customerKey} />
          ) : (
            <aside className="customer-panel" aria-label="Customer">
              <p className="muted small">Loading the customer…</p>
            </aside>
          )}
        </>
      ) : (
        <section className="conversation-pane empty-pane">
          <p className="muted">
            {presence.state === 'available'
              ? 'Waiting for the next contact…'
              : presence.state === 'after-contact-work'
                ? 'After-contact work: finish your notes; new contacts come when it ends or when you are ready.'
                : 'Set yourself available to receive contacts.'}
          </p>
        </section>
      )}
    </div>
  );
}

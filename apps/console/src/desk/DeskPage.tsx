import type { OfferMadeV1 } from '@garda/contracts';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { defineMessages, FormattedMessage, useIntl } from 'react-intl';
import { customerQueries } from '../api/queries';
import { command } from '../api/socket';
import type { ConversationDetail, ConversationSummary, MessageAttachment, Presence, RoutingState } from '../api/types';
import { useLive } from '../app/LiveProvider';
import { TopBarSlot } from '../app/TopBarSlot';
import { useSocketEvent } from '../app/useAgentSocket';
import { useGateway, useSession } from '../session/SessionProvider';
import { useFailureNotice } from '../ui/failures';
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
import { wrapUpLabel } from '../lists/tenant-lists';

const ACTIVE_KEY = 'garda.desk.active';
/** How soon, and how often at most, the desk asks tickets again for an assignment it has not recorded yet. */
const CONFIRM_FIRST_MS = 250;
const CONFIRM_MAX_MS = 4000;

const failures = defineMessages({
  list: { id: 'desk.failure.list' },
  desk: { id: 'desk.failure.desk' },
  conversation: { id: 'desk.failure.conversation' },
  history: { id: 'desk.failure.history' },
  state: { id: 'desk.failure.state' },
  accept: { id: 'desk.failure.accept' },
  reject: { id: 'desk.failure.reject' },
  send: { id: 'desk.failure.send' },
  close: { id: 'desk.failure.close' },
  transfer: { id: 'desk.failure.transfer' },
});

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
export function DeskPage() {
  const intl = useIntl();
  const me = useSession().user;
  const gateway = useGateway();
  const { socket, connected } = useLive();
  const notify = useToast();
  const notice = useFailureNotice();
  const [desk, dispatch] = useReducer(deskReducer, { conversations: [], activeId: sessionStorage.getItem(ACTIVE_KEY) ?? undefined });
  const [presence, setPresence] = useState<Presence>({ state: 'offline', since: null });
  const [statusPending, setStatusPending] = useState(false);
  const [offers, setOffers] = useState<OfferMadeV1[]>([]);
  const [offerBusy, setOfferBusy] = useState(false);
  const [epoch, setEpoch] = useState(0);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const requested = useRef(new Set<string>());
  const typingThrottle = useRef(new TypingThrottle());
  /** Transfers this desk asked for: their 'contact:transferred' needs no second notice. */
  const ownTransfers = useRef(new Set<string>());
  const [confirmAttempt, setConfirmAttempt] = useState(0);

  const refreshList = useCallback(async () => {
    try {
      dispatch({ type: 'list-loaded', conversations: await gateway.get<ConversationSummary[]>('/conversations'), now: Date.now() });
    } catch (failure) {
      notice(failure, failures.list);
    }
  }, [gateway, notice]);

  const reload = useCallback(async () => {
    const startedAt = new Date().toISOString();
    try {
      const [list, state, pending] = await Promise.all([
        gateway.get<ConversationSummary[]>('/conversations'),
        // Routing's own view (with the end of after-contact work); the gateway's last known state if routing does not answer.
        gateway
          .get<RoutingState>('/me/state')
          .then(presenceOf, () => gateway.get<{ presence: Presence }>('/me').then((profile) => profile.presence)),
        gateway.get<OfferMadeV1[]>('/me/offers').catch(() => undefined),
      ]);
      requested.current.clear();
      dispatch({ type: 'list-loaded', conversations: list, now: Date.now() });
      setPresence(state);
      if (pending) setOffers((local) => mergeOffers(local, pending, startedAt, Date.now()));
      setEpoch((value) => value + 1);
    } catch (failure) {
      notice(failure, failures.desk);
    }
  }, [gateway, notice]);

  const loadDetail = useCallback(
    async (conversationId: string) => {
      try {
        dispatch({ type: 'detail-loaded', detail: await gateway.get<ConversationDetail>(`/conversations/${conversationId}`) });
      } catch (failure) {
        requested.current.delete(conversationId);
        notice(failure, failures.conversation);
      }
    },
    [gateway, notice],
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
  // Keyed by customerKey too: a new conversation of the customer's (or a reconnection) fetches their history again.
  const timelineQuery = customerQueries.timeline(gateway, activeCustomer ?? '');
  const timeline = useQuery({
    ...timelineQuery,
    queryKey: [...timelineQuery.queryKey, customerKey ?? ''],
    enabled: activeCustomer !== undefined,
    // While it loads, the same customer's previous history stays; another customer's never shows.
    placeholderData: (previous) => (previous?.customerId === activeCustomer ? previous : undefined),
  });
  useEffect(() => {
    if (timeline.error) notice(timeline.error, failures.history);
  }, [timeline.error, notice]);
  const activeTimeline = timeline.data?.customerId === activeCustomer ? timeline.data : undefined;

  const sections = useMemo(
    () =>
      active
        ? buildTimeline(
            activeTimeline,
            active.id,
            desk.conversations.filter((c) => c.customerId === active.customerId),
          )
        : [],
    [active, activeTimeline, desk.conversations],
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
    if (ownTransfers.current.has(moved.id)) return;
    const who = moved.customerName ?? intl.formatMessage({ id: 'desk.notice.aConversation' });
    notify(
      event.toAgentId
        ? intl.formatMessage({ id: 'desk.notice.movedToAgent' }, { who })
        : intl.formatMessage({ id: 'desk.notice.movedToQueue' }, { who, queue: event.toQueueName ?? '' }),
    );
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
      if (!ack.ok) notice(ack.error, failures.state);
    },
    [socket, notice],
  );

  const offer = offers[0];
  const respond = useCallback(
    async (response: 'accept' | 'reject') => {
      if (!socket || !offer) return;
      setOfferBusy(true);
      const ack = await command(socket, response === 'accept' ? 'offer:accept' : 'offer:reject', { contactId: offer.contactId });
      setOfferBusy(false);
      if (!ack.ok) notice(ack.error, response === 'accept' ? failures.accept : failures.reject);
      else if (response === 'reject') setOffers((list) => list.filter((o) => o.offerId !== offer.offerId));
    },
    [socket, offer, notice],
  );

  const send = useCallback(
    async (text: string, internal: boolean, attachments: MessageAttachment[] = []): Promise<boolean> => {
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
          ...(attachments.length > 0 ? { attachments } : {}),
        },
      });
      typingThrottle.current.reset(active.id);
      const ack = await command(socket, 'conversation:reply', {
        conversationId: active.id,
        messageId,
        text,
        internal,
        ...(attachments.length > 0 ? { attachments: attachments.map(toReplyAttachment) } : {}),
      });
      if (!ack.ok) {
        dispatch({ type: 'send-failed', conversationId: active.id, messageId });
        notice(ack.error, failures.send);
        return false;
      }
      return true;
    },
    [socket, active, me.name, notice],
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
        await gateway.post(`/conversations/${active.id}/close`, { disposition });
        dispatch({ type: 'removed', conversationId: active.id });
        notify(
          intl.formatMessage(
            { id: 'desk.notice.closed' },
            {
              who: active.customerName ?? intl.formatMessage({ id: 'desk.notice.theCustomer' }),
              disposition: wrapUpLabel(intl, disposition),
            },
          ),
        );
      } catch (failure) {
        notice(failure, failures.close);
      }
    },
    [active, gateway, notify, notice, intl],
  );

  const transfer = useCallback(
    async (target: TransferTarget) => {
      if (!active) return;
      const body = 'queue' in target ? { queue: target.queue } : { agentId: target.agentId };
      ownTransfers.current.add(active.id);
      try {
        await gateway.post(`/me/contacts/${active.contactId}/transfer`, body);
        dispatch({ type: 'removed', conversationId: active.id });
        const who = active.customerName ?? intl.formatMessage({ id: 'desk.notice.theConversation' });
        notify(
          'queue' in target
            ? intl.formatMessage({ id: 'desk.notice.transferredToQueue' }, { who, queue: target.queue })
            : intl.formatMessage({ id: 'desk.notice.transferredToAgent' }, { who, agent: target.name }),
        );
      } catch (failure) {
        ownTransfers.current.delete(active.id);
        notice(failure, failures.transfer);
      }
    },
    [active, gateway, notify, notice, intl],
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

  return (
    <div className="desk">
      <TopBarSlot>
        <StatusControl
          presence={presence}
          pending={statusPending || !connected}
          onChange={(state, reason) => void setState(state, reason)}
        />
      </TopBarSlot>
      <nav className="desk-left" aria-label={intl.formatMessage({ id: 'desk.left.label' })}>
        {offer && (
          <OfferCard offer={offer} busy={offerBusy} onAccept={() => void respond('accept')} onReject={() => void respond('reject')} />
        )}
        {offers.length > 1 && (
          <p className="muted small more-offers" data-testid="more-offers">
            <FormattedMessage id="desk.offer.moreWaiting" values={{ count: offers.length - 1 }} />
          </p>
        )}
        <h2 className="section-title">
          <FormattedMessage id="desk.list.title" /> <span className="count">{desk.conversations.length}</span>
        </h2>
        <ConversationList
          conversations={desk.conversations}
          activeId={desk.activeId}
          onSelect={(id) => dispatch({ type: 'select', conversationId: id })}
        />
        <dl className="shortcuts small muted" aria-label={intl.formatMessage({ id: 'desk.shortcuts.label' })}>
          <dt>Alt+A / R</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.acceptReject" />
          </dd>
          <dt>Alt+N</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.next" />
          </dd>
          <dt>Alt+1…9</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.pick" />
          </dd>
          <dt>Alt+C</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.replyBox" />
          </dd>
          <dt>Ctrl+Enter</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.send" />
          </dd>
          <dt>Alt+T / W</dt>
          <dd>
            <FormattedMessage id="desk.shortcuts.transferWrapUp" />
          </dd>
        </dl>
      </nav>
      {active ? (
        <>
          <ConversationPane
            conversation={active}
            sections={sections}
            agentName={me.name}
            connected={connected}
            composerRef={composerRef}
            onSend={send}
            onTyping={typing}
            onPanel={(panel) => dispatch({ type: 'panel', conversationId: active.id, panel })}
            onClose={close}
            onTransfer={transfer}
          />
          {active.confirmed ? (
            <CustomerPanel customerId={active.customerId} currentTicketId={active.ticketId} refreshKey={customerKey} />
          ) : (
            <aside className="customer-panel" aria-label={intl.formatMessage({ id: 'desk.customer.title' })}>
              <p className="muted small">
                <FormattedMessage id="desk.customer.loading" />
              </p>
            </aside>
          )}
        </>
      ) : (
        <section className="conversation-pane empty-pane">
          <p className="muted" data-testid="desk-idle">
            {presence.state === 'available' ? (
              <FormattedMessage id="desk.idle.waiting" />
            ) : presence.state === 'after-contact-work' ? (
              <FormattedMessage id="desk.idle.afterContactWork" />
            ) : (
              <FormattedMessage id="desk.idle.notAvailable" />
            )}
          </p>
        </section>
      )}
    </div>
  );
}

/** A stored file as the reply command names it (what the upload answered, nothing the desk added). */
function toReplyAttachment({ kind, mediaId, mimeType, filename, sizeBytes }: MessageAttachment) {
  return {
    kind,
    mediaId: mediaId ?? '',
    ...(mimeType ? { mimeType } : {}),
    ...(filename ? { filename } : {}),
    ...(sizeBytes !== undefined ? { sizeBytes } : {}),
  };
}

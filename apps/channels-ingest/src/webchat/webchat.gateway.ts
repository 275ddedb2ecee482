import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Topics } from '@garda/contracts';
import { EventPublisher } from '@garda/messaging';
import { ClientAddresses, LOGGER, socketRateLimit } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { ChannelAccountsService } from '../accounts/channel-accounts.service';
import { type WebchatSession, SessionTokens } from './session-token';
import { relayVisitorTyping, type VisitorTypingState } from './typing-throttle';
import { TypingEvent, type WebchatMessageView, webchatRoom } from './webchat.schemas';
import { WebchatLimits } from './webchat-limits';
import { mayEmbed } from './webchat-origins';

/** How long a replica waits for the others to count a visitor's sockets before it counts its own only. */
const COUNT_TIMEOUT_MS = 1000;

type VisitorSocket = Socket & { data: { session?: WebchatSession; typing?: VisitorTypingState } };

/**
 * The visitor's live side: `io(base + '/webchat', { auth: { token } })`. A socket without a valid
 * session token is refused (connect_error "unauthorized"); a valid one joins only its own
 * session's room. Replies reach the visitor on whichever replica holds the socket: the postgres
 * socket.io adapter (webchat-socket-adapter.ts) carries emits between replicas.
 */
// Any site may embed a widget (CORS for polling); the account's own allowedOrigins are checked per connection.
@WebSocketGateway({ namespace: '/webchat', cors: { origin: true, credentials: false } })
export class WebchatGateway implements OnGatewayInit {
  @WebSocketServer() private namespace!: Namespace;

  constructor(
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(WebchatLimits) private readonly limits: WebchatLimits,
    @Inject(ClientAddresses) private readonly addresses: ClientAddresses,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
  ) {}

  afterInit(namespace: Namespace): void {
    // Before the token is even looked at: a flood of handshakes from one address costs one upsert each.
    namespace.use(
      socketRateLimit(
        this.limits.connectionsPerAddress,
        (socket) => this.addresses.of(socket.request),
        (error) => this.logger.warn({ err: error }, 'web-chat connection limit unavailable; connection let through'),
      ),
    );
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const session = this.tokens.verify(typeof auth?.token === 'string' ? auth.token : undefined);
      if (!session) {
        next(new Error('unauthorized'));
        return;
      }
      // WebSockets know no CORS: the page's Origin is checked against the account's sites here.
      this.accounts.findById(session.accountId, 'webchat').then(
        (account) => {
          if (!account || account.tenantId !== session.tenantId) return next(new Error('unauthorized'));
          if (!mayEmbed(account, socket.handshake.headers.origin)) return next(new Error('forbidden: this website may not use this chat'));
          (socket as VisitorSocket).data.session = session;
          // Joining before the connection completes means no reply can slip in between connect and join.
          void socket.join(webchatRoom(session.tenantId, session.sessionId));
          next();
        },
        (error: unknown) => {
          this.logger.warn({ err: error }, 'web-chat socket refused: account lookup failed');
          next(new Error('temporarily unavailable'));
        },
      );
    });
  }

  /**
   * The visitor is typing (or stopped): announced for tickets to pass to the assigned agent. Typing
   * is ephemeral, so it goes straight to Kafka, not through the outbox; a lost one costs nothing.
   * A client that asks for an acknowledgement learns whether the event went on (`{ relayed }`).
   */
  @SubscribeMessage('typing')
  async onVisitorTyping(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<{ relayed: boolean }> {
    const parsed = TypingEvent.safeParse(body);
    const session = socket.data.session;
    if (!parsed.success || !session) return { relayed: false };
    const now = Date.now();
    const decision = relayVisitorTyping(socket.data.typing, parsed.data.isTyping, now);
    socket.data.typing = decision.state;
    if (!decision.relay) return { relayed: false };
    try {
      // Several sockets (tabs, replicas) of one session share one allowance.
      if (!(await this.limits.typingPerSession.take(session.sessionId)).allowed) return { relayed: false };
      await this.publisher.publish(
        Topics.CustomerTyping,
        {
          tenantId: session.tenantId,
          channel: 'webchat',
          accountId: session.accountId,
          threadKey: session.sessionId,
          isTyping: parsed.data.isTyping,
          at: new Date(now).toISOString(),
        },
        { tenantId: session.tenantId, key: session.sessionId },
      );
      return { relayed: true };
    } catch (error) {
      this.logger.warn({ err: error, sessionId: session.sessionId }, 'visitor typing not relayed');
      return { relayed: false };
    }
  }

  /**
   * Delivers a reply to every socket of the session, on whichever replica holds it (the adapter
   * carries the emit); returns how many sockets there were. Counting asks the other replicas; if
   * one does not answer in time, this replica's own sockets are counted.
   */
  async emitMessage(tenantId: string, sessionId: string, message: WebchatMessageView): Promise<number> {
    const room = webchatRoom(tenantId, sessionId);
    this.namespace.to(room).emit('message', message);
    try {
      return (await this.namespace.in(room).timeout(COUNT_TIMEOUT_MS).fetchSockets()).length;
    } catch (error) {
      this.logger.debug({ err: error, sessionId }, 'web-chat sockets of other replicas not counted');
      return this.namespace.adapter.rooms.get(room)?.size ?? 0;
    }
  }

  emitTyping(tenantId: string, sessionId: string, typing: { isTyping: boolean; authorName?: string }): void {
    this.namespace.to(webchatRoom(tenantId, sessionId)).emit('typing', typing);
  }
}

import { Inject } from '@nestjs/common';
import { ConnectedSocket, MessageBody, type OnGatewayInit, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { Topics } from '@garda/contracts';
import { EventPublisher } from '@garda/messaging';
import { LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { type WebchatSession, SessionTokens } from './session-token';
import { shouldRelayVisitorTyping } from './typing-throttle';
import { TypingEvent, type WebchatMessageView, webchatRoom } from './webchat.schemas';

type VisitorSocket = Socket & { data: { session?: WebchatSession; lastTyping?: { isTyping: boolean; at: number } } };

/**
 * The visitor's live side: `io(base + '/webchat', { auth: { token } })`. A socket without a valid
 * session token is refused (connect_error "unauthorized"); a valid one joins only its own
 * session's room. Replies are emitted on this replica; with several replicas a socket.io adapter
 * that spans processes is needed so a reply consumed elsewhere still reaches the visitor.
 */
@WebSocketGateway({ namespace: '/webchat', cors: { origin: true, credentials: true } })
export class WebchatGateway implements OnGatewayInit {
  @WebSocketServer() private namespace!: Namespace;

  constructor(
    @Inject(SessionTokens) private readonly tokens: SessionTokens,
    @Inject(EventPublisher) private readonly publisher: EventPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  afterInit(namespace: Namespace): void {
    namespace.use((socket, next) => {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const session = this.tokens.verify(typeof auth?.token === 'string' ? auth.token : undefined);
      if (!session) {
        next(new Error('unauthorized'));
        return;
      }
      (socket as VisitorSocket).data.session = session;
      // Joining before the connection completes means no reply can slip in between connect and join.
      void socket.join(webchatRoom(session.tenantId, session.sessionId));
      next();
    });
  }

  /**
   * The visitor is typing (or stopped): announced for tickets to pass to the assigned agent. Typing
   * is ephemeral, so it goes straight to Kafka, not through the outbox; a lost one costs nothing.
   */
  @SubscribeMessage('typing')
  async onVisitorTyping(@ConnectedSocket() socket: VisitorSocket, @MessageBody() body: unknown): Promise<void> {
    const parsed = TypingEvent.safeParse(body);
    const session = socket.data.session;
    if (!parsed.success || !session) return;
    const now = Date.now();
    if (!shouldRelayVisitorTyping(socket.data.lastTyping, parsed.data.isTyping, now)) return;
    socket.data.lastTyping = { isTyping: parsed.data.isTyping, at: now };
    try {
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
    } catch (error) {
      this.logger.warn({ err: error, sessionId: session.sessionId }, 'visitor typing not relayed');
    }
  }

  /** Delivers a reply to every socket of the session on this replica; returns how many there were. */
  emitMessage(tenantId: string, sessionId: string, message: WebchatMessageView): number {
    const room = webchatRoom(tenantId, sessionId);
    this.namespace.to(room).emit('message', message);
    return this.namespace.adapter.rooms.get(room)?.size ?? 0;
  }

  emitTyping(tenantId: string, sessionId: string, typing: { isTyping: boolean; authorName?: string }): void {
    this.namespace.to(webchatRoom(tenantId, sessionId)).emit('typing', typing);
  }
}

import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { type Ack, SocketRooms } from '@garda/contracts';
import { ClientAddresses, CONFIG, LOGGER, type RateLimit, RateLimits, ServiceObservability, socketRateLimit } from '@garda/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { GatewayConfig } from '../gateway.config';
import { AgentCommands } from './agent-commands';
import { type CommandTraceParts, inContactTrace } from './command-trace';
import { DisconnectNotifier } from './disconnect-notifier';
import { PresenceLease } from './presence/presence-lease';
import { roomsFor, socketAuthMiddleware } from './socket-auth';
import type { AgentServer, AgentSocket } from './socket-types';
import { TypingCommands } from './typing-commands';

/**
 * The agent/supervisor socket.io endpoint on the gateway's HTTP server (path /socket.io, default
 * namespace). Protocol: libs/contracts/src/socket/agent-socket-events.ts.
 */
// The console is served from another origin (CORS_ALLOWED_ORIGINS, applied by the socket adapter);
// tokens travel in the handshake, not in cookies.
@WebSocketGateway()
export class AgentSocketGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  @WebSocketServer() server!: AgentServer;
  private readonly traceParts: CommandTraceParts;
  private readonly connectionsPerAddress: RateLimit;

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(ServiceObservability) observability: ServiceObservability,
    @Inject(AgentCommands) private readonly commands: AgentCommands,
    @Inject(TypingCommands) private readonly typingCommands: TypingCommands,
    @Inject(DisconnectNotifier) private readonly disconnects: DisconnectNotifier,
    @Inject(RateLimits) limits: RateLimits,
    @Inject(ClientAddresses) private readonly addresses: ClientAddresses,
    @Inject(PresenceLease) private readonly presence: PresenceLease,
  ) {
    this.traceParts = { dataSource, observability, logger };
    this.connectionsPerAddress = limits.limit({
      name: 'agent-socket-connections-per-address',
      points: config.GATEWAY_SOCKET_CONNECTIONS_PER_ADDRESS,
      windowSeconds: 60,
    });
  }

  afterInit(server: AgentServer): void {
    // Counted before the token is verified, shared by every gateway replica (docs/adr/0021).
    server.use(
      socketRateLimit(
        this.connectionsPerAddress,
        (socket) => this.addresses.of(socket.request),
        (error) => this.logger.warn({ err: error }, 'agent socket connection limit unavailable; connection let through'),
      ),
    );
    server.use(socketAuthMiddleware(this.config.JWT_SECRET));
  }

  async handleConnection(socket: AgentSocket): Promise<void> {
    const user = socket.data.user;
    await socket.join(roomsFor(user));
    this.disconnects.connected(user);
    this.presence.connected(user, socket.id);
    this.logger.debug({ userId: user.sub, tenantId: user.tenantId, role: user.role }, 'agent socket connected');
  }

  /** socket.io has already taken the socket out of its rooms; DisconnectNotifier decides whether it was the user's last. */
  handleDisconnect(socket: AgentSocket): void {
    const user = socket.data.user;
    if (user === undefined) return; // refused by the auth middleware: it never joined
    this.presence.disconnected(socket.id);
    // Across replicas through the socket.io adapter (the Postgres one), or this replica alone (memory).
    const openSockets = async () => (await this.server.in(SocketRooms.agent(user.tenantId, user.sub)).fetchSockets()).length;
    this.disconnects.disconnected(user, openSockets);
  }

  @SubscribeMessage('agent:set-state')
  setState(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.safely('agent:set-state', socket, () => this.commands.setState(socket.data.user, body));
  }

  @SubscribeMessage('offer:accept')
  accept(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.safely('offer:accept', socket, () => this.commands.respondToOffer(socket.data.user, body, 'accept'), body);
  }

  @SubscribeMessage('offer:reject')
  reject(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.safely('offer:reject', socket, () => this.commands.respondToOffer(socket.data.user, body, 'reject'), body);
  }

  @SubscribeMessage('conversation:reply')
  reply(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.safely('conversation:reply', socket, () => this.commands.reply(socket.data.user, body), body);
  }

  @SubscribeMessage('conversation:typing')
  typing(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack> {
    return this.safely('conversation:typing', socket, () => this.typingCommands.typing(socket.data.user, body));
  }

  /**
   * A command always gets an ack; our own failures are logged, never leaked or left hanging. It runs
   * in the trace and correlation of the contact `body` names, if any (command-trace.ts).
   */
  private async safely(event: string, socket: AgentSocket, work: () => Promise<Ack>, body?: unknown): Promise<Ack> {
    try {
      return await inContactTrace(this.traceParts, event, socket.data.user, body, work);
    } catch (error) {
      this.logger.error({ err: error, event, userId: socket.data.user.sub }, 'socket command failed');
      return { ok: false, error: 'the command could not be processed, please retry' };
    }
  }
}

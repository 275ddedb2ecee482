import { Controller, Inject, type OnModuleDestroy } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type AgentStatusChangedV1,
  type ContactAbandonedV1,
  type ContactAssignedV1,
  type ContactOverflowedV1,
  type ContactRequeuedV1,
  type ContactTransferredV1,
  type ConversationClosedV1,
  type ConversationMessageV1,
  isTypingFresh,
  type MessageDeliveryUpdatedV1,
  type OfferClosedV1,
  type OfferMadeV1,
  type RoutingRequestedV1,
  type ServerToAgentEvents,
  SocketRooms,
  Topics,
  type TypingRelayedV1,
} from '@garda/contracts';
import { type EventContext, EventPattern, LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { recordAgentPresence } from '../supervisor/agent-presence';
import { AnalyticsWallboard } from '../supervisor/analytics-wallboard';
import { SnapshotPusher } from '../supervisor/snapshot-pusher';
import { AgentSocketGateway } from './agent-socket.gateway';
import { contactTraces } from './contact-traces';

/**
 * Pushes routing's and tickets' events to the sockets they concern: the agent's own room and the
 * supervisors' room, always of the event's tenant. With several replicas, the socket.io adapter
 * carries each emit to the replica holding the socket, so the gateway's consumer group stays an
 * ordinary one (each event handled once). The same handlers tell supervisors' wallboards to
 * refresh from analytics.
 */
@Controller()
export class EventFanout implements OnModuleDestroy {
  private readonly snapshots: SnapshotPusher;

  constructor(
    @Inject(AgentSocketGateway) private readonly sockets: AgentSocketGateway,
    @Inject(AnalyticsWallboard) wallboard: AnalyticsWallboard,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.snapshots = new SnapshotPusher(
      wallboard,
      (tenantId, snapshot) => this.sockets.server.to(SocketRooms.supervisors(tenantId)).emit('supervisor:snapshot', snapshot),
      logger.child({ component: 'supervisor-snapshots' }),
    );
  }

  onModuleDestroy(): void {
    this.snapshots.stop();
  }

  @EventPattern(Topics.RoutingRequested)
  async routingRequested(@Payload() event: RoutingRequestedV1, @Ctx() { manager }: EventContext): Promise<void> {
    // The request travels in the contact's own trace: agents' commands about it continue that one.
    await contactTraces.remember(manager, event);
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.OfferMade)
  async offerMade(@Payload() event: OfferMadeV1, @Ctx() { manager }: EventContext): Promise<void> {
    const trace = await contactTraces.remember(manager, event, event.trace);
    // A new consumer group starts from the topic's beginning: an offer already expired is history, not news.
    if (Date.parse(event.expiresAt) > Date.now()) this.emit(event.tenantId, event.agentId, 'offer:new', { ...event, trace });
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.OfferClosed)
  offerClosed(@Payload() event: OfferClosedV1): void {
    this.emit(event.tenantId, event.agentId, 'offer:closed', event);
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.ContactAssigned)
  async contactAssigned(@Payload() event: ContactAssignedV1, @Ctx() { manager }: EventContext): Promise<void> {
    const trace = await contactTraces.remember(manager, event, event.trace);
    this.emit(event.tenantId, event.agentId, 'contact:assigned', { ...event, trace });
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.ConversationClosed)
  async conversationClosed(@Payload() event: ConversationClosedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await contactTraces.forgetConversation(manager, event.tenantId, event.conversationId);
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.AgentStatusChanged)
  async agentStatusChanged(@Payload() event: AgentStatusChangedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await recordAgentPresence(manager, event);
    this.emit(event.tenantId, event.agentId, 'agent:status', event);
    this.snapshots.changed(event.tenantId);
  }

  /** Moves in the queues the wallboard shows, with nothing for an agent's desk. */
  @EventPattern([Topics.ContactRequeued, Topics.ContactOverflowed, Topics.ContactAbandoned])
  queueMoved(@Payload() event: ContactRequeuedV1 | ContactOverflowedV1 | ContactAbandonedV1): void {
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.ContactTransferred)
  contactTransferred(@Payload() event: ContactTransferredV1): void {
    // The agent it was taken from drops it from their desk (the new one gets an offer as usual).
    this.emit(event.tenantId, event.fromAgentId, 'contact:transferred', event);
    this.snapshots.changed(event.tenantId);
  }

  @EventPattern(Topics.ConversationMessage)
  conversationMessage(@Payload() event: ConversationMessageV1): void {
    this.emit(event.tenantId, event.assignedAgentId, 'conversation:message', event);
  }

  @EventPattern(Topics.MessageDeliveryUpdated)
  messageDeliveryUpdated(@Payload() event: MessageDeliveryUpdatedV1): void {
    this.emit(event.tenantId, event.assignedAgentId, 'conversation:delivery', event);
  }

  @EventPattern(Topics.TypingRelayed)
  typingRelayed(@Payload() event: TypingRelayedV1): void {
    // Only the customer's typing is for the desk (the agent's goes to the channel), and only to the
    // agent who owns the conversation: supervisors' wallboards have no use for keystrokes.
    if (event.who !== 'customer' || !event.assignedAgentId || !isTypingFresh(event.at)) return;
    this.sockets.server.to(SocketRooms.agent(event.tenantId, event.assignedAgentId)).emit('conversation:typing', {
      conversationId: event.conversationId,
      who: 'customer',
      name: event.name,
      isTyping: event.isTyping,
      at: event.at,
    });
  }

  private emit<E extends keyof ServerToAgentEvents>(
    tenantId: string,
    agentId: string | undefined,
    event: E,
    payload: Parameters<ServerToAgentEvents[E]>[0],
  ) {
    const rooms = [SocketRooms.supervisors(tenantId)];
    if (agentId) rooms.push(SocketRooms.agent(tenantId, agentId));
    const args = [payload] as Parameters<ServerToAgentEvents[E]>;
    this.sockets.server.to(rooms).emit(event, ...args);
  }
}

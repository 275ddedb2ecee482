import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isTypingFresh, type ServerToAgentEvents, SocketRooms, Topics } from '@garda/contracts';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
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
 * refresh from analytics (one handler per topic: the consumer holds one per topic).
 */
@Injectable()
export class EventFanout implements OnModuleInit, OnModuleDestroy {
  private readonly snapshots: SnapshotPusher;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(AgentSocketGateway) private readonly sockets: AgentSocketGateway,
    @Inject(AnalyticsWallboard) wallboard: AnalyticsWallboard,
  ) {
    this.snapshots = new SnapshotPusher(
      wallboard,
      (tenantId, snapshot) => this.sockets.server.to(SocketRooms.supervisors(tenantId)).emit('supervisor:snapshot', snapshot),
      runtime.logger.child({ component: 'supervisor-snapshots' }),
    );
  }

  onModuleDestroy(): void {
    this.snapshots.stop();
  }

  onModuleInit(): void {
    const consumer = this.runtime.consumer;
    consumer.on(Topics.RoutingRequested, async (event, { manager }) => {
      // The request travels in the contact's own trace: agents' commands about it continue that one.
      await contactTraces.remember(manager, event);
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.OfferMade, async (event, { manager }) => {
      const trace = await contactTraces.remember(manager, event, event.trace);
      // A new consumer group starts from the topic's beginning: an offer already expired is history, not news.
      if (Date.parse(event.expiresAt) > Date.now()) this.emit(event.tenantId, event.agentId, 'offer:new', { ...event, trace });
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.OfferClosed, async (event) => {
      this.emit(event.tenantId, event.agentId, 'offer:closed', event);
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.ContactAssigned, async (event, { manager }) => {
      const trace = await contactTraces.remember(manager, event, event.trace);
      this.emit(event.tenantId, event.agentId, 'contact:assigned', { ...event, trace });
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.ConversationClosed, async (event, { manager }) => {
      await contactTraces.forgetConversation(manager, event.tenantId, event.conversationId);
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.AgentStatusChanged, async (event, { manager }) => {
      await recordAgentPresence(manager, event);
      this.emit(event.tenantId, event.agentId, 'agent:status', event);
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.ContactRequeued, async (event) => this.snapshots.changed(event.tenantId));
    consumer.on(Topics.ContactOverflowed, async (event) => this.snapshots.changed(event.tenantId));
    consumer.on(Topics.ContactTransferred, async (event) => {
      // The agent it was taken from drops it from their desk (the new one gets an offer as usual).
      this.emit(event.tenantId, event.fromAgentId, 'contact:transferred', event);
      this.snapshots.changed(event.tenantId);
    });
    consumer.on(Topics.ContactAbandoned, async (event) => this.snapshots.changed(event.tenantId));
    consumer.on(Topics.ConversationMessage, async (event) =>
      this.emit(event.tenantId, event.assignedAgentId, 'conversation:message', event),
    );
    consumer.on(Topics.MessageDeliveryUpdated, async (event) =>
      this.emit(event.tenantId, event.assignedAgentId, 'conversation:delivery', event),
    );
    consumer.on(Topics.TypingRelayed, async (event) => {
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

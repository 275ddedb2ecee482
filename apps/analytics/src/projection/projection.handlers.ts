import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type AgentStatusChangedV1,
  type ContactAssignedV1,
  type ContactTransferredV1,
  type ConversationClosedV1,
  type ConversationMessageV1,
  type OfferMadeV1,
  type RoutingRequestedV1,
  Topics,
} from '@garda/contracts';
import { CONFIG, type EventContext, EventPattern } from '@garda/service-kit';
import type { AnalyticsConfig } from '../analytics.config';
import { ContactProjector } from './contact-projector';

/**
 * The events the projection is built from. Every write goes through the handler's transaction,
 * which also records the message in the inbox: a redelivered event changes nothing.
 */
@Controller()
export class ProjectionHandlers {
  private readonly projector: ContactProjector;

  constructor(@Inject(CONFIG) config: AnalyticsConfig) {
    this.projector = new ContactProjector(config.ANALYTICS_SERVICE_LEVEL_SECONDS);
  }

  @EventPattern(Topics.RoutingRequested)
  routingRequested(@Payload() event: RoutingRequestedV1, @Ctx() { manager }: EventContext) {
    return this.projector.routingRequested(event, manager);
  }

  @EventPattern(Topics.OfferMade)
  offerMade(@Payload() event: OfferMadeV1, @Ctx() { manager }: EventContext) {
    return this.projector.offerMade(event, manager);
  }

  @EventPattern(Topics.ContactAssigned)
  contactAssigned(@Payload() event: ContactAssignedV1, @Ctx() { manager }: EventContext) {
    return this.projector.contactAssigned(event, manager);
  }

  @EventPattern(Topics.ContactTransferred)
  contactTransferred(@Payload() event: ContactTransferredV1, @Ctx() { manager }: EventContext) {
    return this.projector.contactTransferred(event, manager);
  }

  @EventPattern(Topics.ConversationClosed)
  conversationClosed(@Payload() event: ConversationClosedV1, @Ctx() { manager }: EventContext) {
    return this.projector.conversationClosed(event, manager);
  }

  @EventPattern(Topics.AgentStatusChanged)
  agentStatusChanged(@Payload() event: AgentStatusChangedV1, @Ctx() { manager }: EventContext) {
    return this.projector.agentStatusChanged(event, manager);
  }

  @EventPattern(Topics.ConversationMessage)
  conversationMessage(@Payload() event: ConversationMessageV1, @Ctx() { manager }: EventContext) {
    return this.projector.conversationMessage(event, manager);
  }
}

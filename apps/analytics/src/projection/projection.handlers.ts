import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Topics } from '@garda/contracts';
import { CONFIG, SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import type { AnalyticsConfig } from '../analytics.config';
import { ContactProjector } from './contact-projector';

/**
 * Subscribes the projection to the events it is built from. Every write goes through the handler's
 * transaction, which also records the message in the inbox: a redelivered event changes nothing.
 */
@Injectable()
export class ProjectionHandlers implements OnModuleInit {
  private readonly projector: ContactProjector;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(CONFIG) config: AnalyticsConfig,
  ) {
    this.projector = new ContactProjector(config.ANALYTICS_SERVICE_LEVEL_SECONDS);
  }

  onModuleInit(): void {
    const { consumer } = this.runtime;
    consumer.on(Topics.RoutingRequested, (event, { manager }) => this.projector.routingRequested(event, manager));
    consumer.on(Topics.OfferMade, (event, { manager }) => this.projector.offerMade(event, manager));
    consumer.on(Topics.ContactAssigned, (event, { manager }) => this.projector.contactAssigned(event, manager));
    consumer.on(Topics.ContactTransferred, (event, { manager }) => this.projector.contactTransferred(event, manager));
    consumer.on(Topics.ConversationClosed, (event, { manager }) => this.projector.conversationClosed(event, manager));
    consumer.on(Topics.AgentStatusChanged, (event, { manager }) => this.projector.agentStatusChanged(event, manager));
    consumer.on(Topics.ConversationMessage, (event, { manager }) => this.projector.conversationMessage(event, manager));
  }
}

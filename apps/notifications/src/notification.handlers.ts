import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  type ContactAssignedV1,
  type ConversationClosedV1,
  type ConversationMessageV1,
  type IdentifiedMessageV1,
  type OfferMadeV1,
  type RoutingRequestedV1,
  Topics,
} from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { SlaWatch } from './sla/sla-watch';
import { CsatSurveys } from './surveys/csat-surveys';

/**
 * The events surveys and the SLA watch react to. Webhooks subscribe to some of the same topics
 * (WebhookEventHandlers): all handlers of a message run in one transaction, so the inbox makes
 * them exactly-once together.
 */
@Controller()
export class NotificationHandlers {
  constructor(
    @Inject(CsatSurveys) private readonly surveys: CsatSurveys,
    @Inject(SlaWatch) private readonly sla: SlaWatch,
  ) {}

  @EventPattern(Topics.IdentifiedMessage)
  identified(@Payload() event: IdentifiedMessageV1, @Ctx() context: EventContext) {
    return this.surveys.identified(event, context);
  }

  @EventPattern(Topics.ConversationMessage)
  threaded(@Payload() event: ConversationMessageV1, @Ctx() context: EventContext) {
    return this.surveys.threaded(event, context);
  }

  @EventPattern(Topics.ConversationClosed)
  async closed(@Payload() event: ConversationClosedV1, @Ctx() context: EventContext) {
    await this.sla.closed(event, context.manager);
    await this.surveys.closed(event, context);
  }

  @EventPattern(Topics.RoutingRequested)
  queued(@Payload() event: RoutingRequestedV1, @Ctx() context: EventContext) {
    return this.sla.queued(event, context.manager);
  }

  @EventPattern(Topics.OfferMade)
  offered(@Payload() event: OfferMadeV1, @Ctx() context: EventContext) {
    return this.sla.offered(event, context.manager);
  }

  @EventPattern(Topics.ContactAssigned)
  answered(@Payload() event: ContactAssignedV1, @Ctx() context: EventContext) {
    return this.sla.answered(event, context.manager);
  }
}

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type TopicName, type TopicPayload, Topics } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { SlaWatch } from './sla/sla-watch';
import { CsatSurveys } from './surveys/csat-surveys';
import { type WebhookEventType, WebhookEventTopics } from './webhooks/webhook-events';
import { enqueueWebhookEvent } from './webhooks/webhook-outbox';

type Reaction<T extends TopicName> = (payload: TopicPayload<T>, context: MessageContext) => Promise<void>;

/**
 * The one subscription per topic (a consumer holds one handler per topic): each event is fanned out
 * to the features that react to it — surveys, the SLA watch, webhooks — in one transaction, so the
 * inbox makes all of them exactly-once together.
 */
@Injectable()
export class NotificationHandlers implements OnModuleInit {
  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    @Inject(CsatSurveys) private readonly surveys: CsatSurveys,
    @Inject(SlaWatch) private readonly sla: SlaWatch,
  ) {}

  onModuleInit(): void {
    this.react(Topics.IdentifiedMessage, (event, context) => this.surveys.identified(event, context));
    this.react(Topics.ConversationMessage, (event, context) => this.surveys.threaded(event, context));
    this.react(Topics.ConversationClosed, async (event, context) => {
      await this.sla.closed(event, context.manager);
      await this.surveys.closed(event, context);
    });
    this.react(Topics.RoutingRequested, (event, context) => this.sla.queued(event, context.manager));
    this.react(Topics.OfferMade, (event, context) => this.sla.offered(event, context.manager));
    this.react(Topics.ContactAssigned, (event, context) => this.sla.answered(event, context.manager));
    this.react(Topics.AgentStatusChanged, async () => undefined);
    this.react(Topics.DeliveryStatus, async () => undefined);
  }

  /** Registers the feature reactions of a topic plus its webhook event, if it has one. */
  private react<T extends TopicName>(topic: T, reaction: Reaction<T>): void {
    const webhookType = (Object.entries(WebhookEventTopics) as Array<[WebhookEventType, TopicName]>).find(
      ([, source]) => source === topic,
    )?.[0];
    this.runtime.consumer.on(topic, async (payload, context) => {
      await reaction(payload, context);
      if (webhookType) {
        await enqueueWebhookEvent(context.manager, {
          tenantId: (payload as { tenantId: string }).tenantId,
          type: webhookType,
          eventId: context.messageId,
          occurredAt: new Date(),
          data: payload,
        });
      }
    });
  }
}

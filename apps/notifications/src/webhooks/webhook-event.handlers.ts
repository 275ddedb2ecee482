import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { TopicPayload } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { type WebhookEventType, WebhookEventTopics } from './webhook-events';
import { enqueueWebhookEvent } from './webhook-outbox';

type MirroredTopic = (typeof WebhookEventTopics)[keyof typeof WebhookEventTopics];
const MIRRORED_TOPICS = Object.values(WebhookEventTopics);
const TYPE_OF_TOPIC = new Map<string, WebhookEventType>(
  (Object.entries(WebhookEventTopics) as Array<[WebhookEventType, MirroredTopic]>).map(([type, topic]) => [topic, type]),
);

/** Every event a tenant can subscribe a webhook to is queued for its endpoints, in the message's transaction. */
@Controller()
export class WebhookEventHandlers {
  @EventPattern(MIRRORED_TOPICS)
  async mirror(@Payload() payload: TopicPayload<MirroredTopic>, @Ctx() context: EventContext): Promise<void> {
    await enqueueWebhookEvent(context.manager, {
      tenantId: payload.tenantId,
      type: TYPE_OF_TOPIC.get(context.topic)!,
      eventId: context.messageId,
      occurredAt: new Date(),
      data: payload,
    });
  }
}

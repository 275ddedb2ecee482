import { Topics } from '@garda/contracts';

/** The event types a tenant can subscribe a webhook to, and the topic each one mirrors. */
export const WebhookEventTopics = {
  'contact.queued': Topics.RoutingRequested,
  'contact.offered': Topics.OfferMade,
  'contact.assigned': Topics.ContactAssigned,
  'conversation.message': Topics.ConversationMessage,
  'conversation.closed': Topics.ConversationClosed,
  'agent.status-changed': Topics.AgentStatusChanged,
  'message.delivery-status': Topics.DeliveryStatus,
} as const;

/** Raised by notifications itself when a contact waits longer than its queue's max wait. */
export const SLA_BREACHED = 'sla.breached';

export const WEBHOOK_EVENT_TYPES = [...(Object.keys(WebhookEventTopics) as Array<keyof typeof WebhookEventTopics>), SLA_BREACHED] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Subscribing to "*" means every event type, including ones added later. */
export const ALL_EVENTS = '*';

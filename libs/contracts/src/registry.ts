import type { z } from 'zod';
import { AgentStateRequestedV1, OfferRespondedV1, ReplySubmittedV1 } from './commands/agent-commands.v1';
import { AgentDisconnectedV1 } from './commands/agent-disconnected.v1';
import { CallEventV1 } from './events/call-event.v1';
import { ConversationClosedV1 } from './events/conversation-closed.v1';
import { ConversationMessageV1 } from './events/conversation-message.v1';
import { IdentifiedMessageV1 } from './events/identified-message.v1';
import { InboundMessageV1 } from './events/inbound-message.v1';
import { MessageDeliveryUpdatedV1 } from './events/message-delivery-updated.v1';
import { DeliveryStatusV1, OutboundMessageV1 } from './events/outbound-message.v1';
import { AgentStatusChangedV1, ContactAssignedV1, OfferClosedV1, OfferMadeV1 } from './events/routing-events.v1';
import {
  ContactAbandonedV1,
  ContactOverflowedV1,
  ContactRequeuedV1,
  ContactTransferredV1,
  MaxWaitExceededV1,
} from './events/routing-queue-events.v1';
import { RoutingRequestedV1 } from './events/routing-requested.v1';
import { AgentTypingV1, CustomerTypingV1, TypingRelayedV1 } from './events/typing.v1';
import { TenantSettingsChangedV1 } from './identity/tenant-settings-changed.v1';
import { ErasureCompletedV1, ErasureRequestedV1 } from './privacy/erasure.v1';
import { RetentionPolicyChangedV1 } from './privacy/retention-policy.v1';
import { SurveyAnsweredV1 } from './tickets/survey-answered.v1';
import { TicketChangedV1 } from './tickets/ticket-changed.v1';
import { Topics, type TopicName } from './topics';

/** The schema of every topic: the producer validates before sending, the consumer on arrival. */
export const TopicSchemas = {
  [Topics.InboundMessage]: InboundMessageV1,
  [Topics.OutboundMessage]: OutboundMessageV1,
  [Topics.DeliveryStatus]: DeliveryStatusV1,
  [Topics.IdentifiedMessage]: IdentifiedMessageV1,
  [Topics.ConversationMessage]: ConversationMessageV1,
  [Topics.RoutingRequested]: RoutingRequestedV1,
  [Topics.ConversationClosed]: ConversationClosedV1,
  [Topics.AgentStateRequested]: AgentStateRequestedV1,
  [Topics.OfferResponded]: OfferRespondedV1,
  [Topics.AgentDisconnected]: AgentDisconnectedV1,
  [Topics.ReplySubmitted]: ReplySubmittedV1,
  [Topics.OfferMade]: OfferMadeV1,
  [Topics.OfferClosed]: OfferClosedV1,
  [Topics.ContactAssigned]: ContactAssignedV1,
  [Topics.AgentStatusChanged]: AgentStatusChangedV1,
  [Topics.ContactRequeued]: ContactRequeuedV1,
  [Topics.ContactOverflowed]: ContactOverflowedV1,
  [Topics.ContactTransferred]: ContactTransferredV1,
  [Topics.ContactAbandoned]: ContactAbandonedV1,
  [Topics.MaxWaitExceeded]: MaxWaitExceededV1,
  [Topics.AgentTyping]: AgentTypingV1,
  [Topics.CustomerTyping]: CustomerTypingV1,
  [Topics.TypingRelayed]: TypingRelayedV1,
  [Topics.MessageDeliveryUpdated]: MessageDeliveryUpdatedV1,
  [Topics.CallEvent]: CallEventV1,
  [Topics.TenantSettingsChanged]: TenantSettingsChangedV1,
  [Topics.ErasureRequested]: ErasureRequestedV1,
  [Topics.ErasureCompleted]: ErasureCompletedV1,
  [Topics.RetentionPolicyChanged]: RetentionPolicyChangedV1,
  [Topics.TicketChanged]: TicketChangedV1,
  [Topics.SurveyAnswered]: SurveyAnsweredV1,
} as const satisfies Record<TopicName, z.ZodType>;

/** The payload type carried by a topic, e.g. `TopicPayload<typeof Topics.OfferMade>`. */
export type TopicPayload<T extends TopicName> = z.output<(typeof TopicSchemas)[T]>;
export type TopicInput<T extends TopicName> = z.input<(typeof TopicSchemas)[T]>;

export type ParseResult<T extends TopicName> = { ok: true; value: TopicPayload<T> } | { ok: false; reason: string };

/** Validate a decoded payload against its topic's schema, with a reason a person can read. */
export function parseTopicPayload<T extends TopicName>(topic: T, payload: unknown): ParseResult<T> {
  const result = TopicSchemas[topic].safeParse(payload);
  if (result.success) return { ok: true, value: result.data as TopicPayload<T> };
  const reason = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, reason };
}

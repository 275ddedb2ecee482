/**
 * Every Kafka topic Garda uses, with its partition count. Topics are created from this table
 * (tools/platform/create-topics.mjs); brokers run with auto-creation off, so a topic that is not
 * here does not exist. Names are `<domain>.<event>.v<major>`; a breaking change is a new topic.
 *
 * Keys decide ordering: messages of one conversation share a key, and everything routing consumes
 * is keyed by tenant so one routing instance owns a tenant at a time (one writer per partition).
 */
export const Topics = {
  InboundMessage: 'channels.inbound-message.v1',
  OutboundMessage: 'tickets.outbound-message.v1',
  DeliveryStatus: 'channels.delivery-status.v1',
  IdentifiedMessage: 'customers.identified-message.v1',
  ConversationMessage: 'tickets.conversation-message.v1',
  RoutingRequested: 'tickets.routing-requested.v1',
  ConversationClosed: 'tickets.conversation-closed.v1',
  AgentStateRequested: 'agents.state-requested.v1',
  OfferResponded: 'agents.offer-responded.v1',
  AgentDisconnected: 'agents.disconnected.v1',
  ReplySubmitted: 'agents.reply-submitted.v1',
  OfferMade: 'routing.offer-made.v1',
  OfferClosed: 'routing.offer-closed.v1',
  ContactAssigned: 'routing.contact-assigned.v1',
  AgentStatusChanged: 'routing.agent-status-changed.v1',
  ContactRequeued: 'routing.contact-requeued.v1',
  ContactOverflowed: 'routing.contact-overflowed.v1',
  ContactTransferred: 'routing.contact-transferred.v1',
  ContactAbandoned: 'routing.contact-abandoned.v1',
  MaxWaitExceeded: 'routing.max-wait-exceeded.v1',
  AgentTyping: 'agents.typing.v1',
  CustomerTyping: 'channels.customer-typing.v1',
  TypingRelayed: 'tickets.typing-relayed.v1',
  MessageDeliveryUpdated: 'tickets.message-delivery-updated.v1',
  CallEvent: 'channels.call-event.v1',
  TenantSettingsChanged: 'identity.tenant-settings-changed.v1',
  ErasureRequested: 'privacy.erasure-requested.v1',
  ErasureCompleted: 'privacy.erasure-completed.v1',
  RetentionPolicyChanged: 'privacy.retention-policy-changed.v1',
  TicketChanged: 'tickets.ticket-changed.v1',
  SurveyAnswered: 'tickets.survey-answered.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

export const TOPIC_PARTITIONS: Record<TopicName, number> = {
  [Topics.InboundMessage]: 6,
  [Topics.OutboundMessage]: 6,
  [Topics.DeliveryStatus]: 6,
  [Topics.IdentifiedMessage]: 6,
  [Topics.ConversationMessage]: 6,
  [Topics.RoutingRequested]: 6,
  [Topics.ConversationClosed]: 6,
  [Topics.AgentStateRequested]: 6,
  [Topics.OfferResponded]: 6,
  [Topics.AgentDisconnected]: 6,
  [Topics.ReplySubmitted]: 6,
  [Topics.OfferMade]: 6,
  [Topics.OfferClosed]: 6,
  [Topics.ContactAssigned]: 6,
  [Topics.AgentStatusChanged]: 6,
  [Topics.ContactRequeued]: 6,
  [Topics.ContactOverflowed]: 6,
  [Topics.ContactTransferred]: 6,
  [Topics.ContactAbandoned]: 6,
  [Topics.MaxWaitExceeded]: 6,
  // Typing is ephemeral and light: a few partitions keep its order per conversation (key) without weight.
  [Topics.AgentTyping]: 3,
  [Topics.CustomerTyping]: 3,
  [Topics.TypingRelayed]: 3,
  [Topics.MessageDeliveryUpdated]: 6,
  [Topics.CallEvent]: 6,
  // A handful of tenants changing settings now and then: little traffic, ordered per tenant (key).
  [Topics.TenantSettingsChanged]: 3,
  // Data-protection requests are rare and keyed by tenant.
  [Topics.ErasureRequested]: 3,
  [Topics.ErasureCompleted]: 3,
  [Topics.RetentionPolicyChanged]: 3,
  // Keyed by ticket: one ticket's changes in order.
  [Topics.TicketChanged]: 6,
  [Topics.SurveyAnswered]: 3,
};

/**
 * Topic settings beyond the broker's defaults. An erasure request names the person it erases, so
 * it must not outlive the erasure by much: 7 days is ample for every service to catch up (ADR 0049).
 */
export const TOPIC_CONFIG: Partial<Record<TopicName, Record<string, string>>> = {
  [Topics.ErasureRequested]: { 'retention.ms': String(7 * 24 * 3600 * 1000) },
};

/** Messages that failed validation or processing land here with the reason in a header. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlt`;
export const DEAD_LETTER_PARTITIONS = 1;

/** Every topic to create, dead-letter topics included. */
export function allTopicSpecs(): Array<{ topic: string; numPartitions: number; config?: Record<string, string> }> {
  return Object.values(Topics).flatMap((topic) => [
    { topic, numPartitions: TOPIC_PARTITIONS[topic], config: TOPIC_CONFIG[topic] },
    { topic: deadLetterTopic(topic), numPartitions: DEAD_LETTER_PARTITIONS, config: TOPIC_CONFIG[topic] },
  ]);
}

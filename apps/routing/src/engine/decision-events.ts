import { type Channel, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import type { MessageMetadata } from '@garda/messaging';
import type { RoutingDecision } from '@garda/routing-engine';

/** What an event about a contact says besides the decision: the contact's routing row. */
export interface ContactMeta {
  id: string;
  conversation_id: string;
  ticket_id: string;
  customer_id: string;
  customer_name: string | null;
  preview: string | null;
  channel: Channel;
}

/** What the guarded tables made of a decision: the offer it made or closed, the assignment it created. */
export interface DecisionFacts {
  offerId?: string;
  /** Set for an assignment that accepted a pending offer (a supervisor's assignment has none). */
  closedOfferId?: string;
  assignmentId?: string;
}

export interface EventLookups {
  tenantId: string;
  contact(contactId: string): ContactMeta;
  queueName(queueId: string): string;
}

export type OutgoingEvent = { [T in TopicName]: { topic: T; payload: TopicInput<T>; metadata: MessageMetadata } }[TopicName];

export type OfferCloseReason = 'expired' | 'rejected' | 'cancelled';

export function offerCloseReason(type: 'offer-expired' | 'offer-rejected' | 'offer-revoked'): OfferCloseReason {
  return type === 'offer-expired' ? 'expired' : type === 'offer-rejected' ? 'rejected' : 'cancelled';
}

const iso = (at: number) => new Date(at).toISOString();
const event = <T extends TopicName>(topic: T, payload: TopicInput<T>, metadata: MessageMetadata): OutgoingEvent =>
  ({ topic, payload, metadata }) as OutgoingEvent;

/**
 * The events that announce one routing decision (ADR 0009's topics), in publishing order. Pure:
 * everything it needs comes in (the decision, what the tables made of it, the contact rows and
 * queue names), so what every decision announces is unit-tested without a database.
 */
export function decisionEvents(d: RoutingDecision, facts: DecisionFacts, lookups: EventLookups): OutgoingEvent[] {
  const { tenantId } = lookups;
  // Every routing event of a tenant is keyed by the tenant: one partition keeps them in order.
  const meta = { tenantId, key: tenantId };
  switch (d.type) {
    case 'contact-queued':
    case 'contact-completed':
      return [];
    case 'offer-made': {
      const contact = lookups.contact(d.contactId);
      const offerId = required(facts.offerId, 'offerId', d.type);
      return [
        event(
          Topics.OfferMade,
          {
            tenantId,
            offerId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            customerId: contact.customer_id,
            customerName: contact.customer_name ?? undefined,
            agentId: d.agentId,
            queueId: d.queueId,
            queueName: lookups.queueName(d.queueId),
            channel: contact.channel,
            preview: contact.preview ?? undefined,
            offeredAt: iso(d.at),
            expiresAt: iso(d.expiresAt),
          },
          { ...meta, messageId: `offer-made:${offerId}` },
        ),
      ];
    }
    case 'offer-expired':
    case 'offer-rejected':
    case 'offer-revoked': {
      const offerId = required(facts.closedOfferId, 'closedOfferId', d.type);
      return [
        event(
          Topics.OfferClosed,
          { tenantId, offerId, contactId: d.contactId, agentId: d.agentId, reason: offerCloseReason(d.type), closedAt: iso(d.at) },
          { ...meta, messageId: `offer-closed:${offerId}` },
        ),
      ];
    }
    case 'contact-requeued':
      return [
        event(
          Topics.ContactRequeued,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: lookups.contact(d.contactId).conversation_id,
            queueId: d.queueId,
            queueName: lookups.queueName(d.queueId),
            requeuedAt: iso(d.at),
          },
          meta,
        ),
      ];
    case 'contact-assigned': {
      const contact = lookups.contact(d.contactId);
      const assignmentId = required(facts.assignmentId, 'assignmentId', d.type);
      const closed = facts.closedOfferId
        ? [
            event(
              Topics.OfferClosed,
              {
                tenantId,
                offerId: facts.closedOfferId,
                contactId: d.contactId,
                agentId: d.agentId,
                reason: 'accepted',
                closedAt: iso(d.at),
              },
              { ...meta, messageId: `offer-closed:${facts.closedOfferId}` },
            ),
          ]
        : [];
      return [
        ...closed,
        event(
          Topics.ContactAssigned,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            customerId: contact.customer_id,
            agentId: d.agentId,
            queueId: d.queueId,
            queueName: lookups.queueName(d.queueId),
            channel: contact.channel,
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            assignedAt: iso(d.at),
          },
          { ...meta, messageId: `contact-assigned:${assignmentId}` },
        ),
      ];
    }
    case 'contact-overflowed':
      return [
        event(
          Topics.ContactOverflowed,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: lookups.contact(d.contactId).conversation_id,
            fromQueueId: d.fromQueueId,
            toQueueId: d.toQueueId,
            toQueueName: lookups.queueName(d.toQueueId),
            overflowedAt: iso(d.at),
          },
          meta,
        ),
      ];
    case 'contact-transferred':
      return [
        event(
          Topics.ContactTransferred,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: lookups.contact(d.contactId).conversation_id,
            fromAgentId: d.fromAgentId,
            toQueueId: d.toQueueId,
            toQueueName: lookups.queueName(d.toQueueId),
            toAgentId: d.toAgentId,
            transferredAt: iso(d.at),
          },
          meta,
        ),
      ];
    case 'contact-abandoned':
      return [
        event(
          Topics.ContactAbandoned,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: lookups.contact(d.contactId).conversation_id,
            queueId: d.queueId,
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            abandonedAt: iso(d.at),
          },
          meta,
        ),
      ];
    case 'max-wait-exceeded': {
      const contact = lookups.contact(d.contactId);
      return [
        event(
          Topics.MaxWaitExceeded,
          {
            tenantId,
            contactId: d.contactId,
            conversationId: contact.conversation_id,
            ticketId: contact.ticket_id,
            queueId: d.queueId,
            queueName: lookups.queueName(d.queueId),
            waitedSeconds: Math.max(0, d.waitedMs / 1000),
            exceededAt: iso(d.at),
          },
          meta,
        ),
      ];
    }
    case 'agent-state-changed': {
      const reason = d.state.status === 'away' ? d.state.reason : d.reason;
      return [
        event(
          Topics.AgentStatusChanged,
          // `until` lets desks count down after-contact work to routing's own timer.
          {
            tenantId,
            agentId: d.agentId,
            state: d.state.status,
            reason: reason?.slice(0, 100),
            changedAt: iso(d.at),
            until: d.state.status === 'after-contact-work' ? iso(d.state.until) : undefined,
          },
          meta,
        ),
      ];
    }
  }
}

function required(value: string | undefined, name: string, type: string): string {
  if (value === undefined) throw new Error(`${type} needs ${name} from the guarded tables`);
  return value;
}

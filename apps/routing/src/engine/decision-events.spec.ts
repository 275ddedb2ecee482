import { Topics } from '@garda/contracts';
import { decisionEvents, type EventLookups } from './decision-events';

const tenantId = '00000000-0000-4000-8000-000000000001';
const contactId = '00000000-0000-4000-8000-000000000301';
const agentId = '00000000-0000-4000-8000-000000000201';
const queueId = '00000000-0000-4000-8000-000000000101';
const offerId = '00000000-0000-4000-8000-000000000401';
const assignmentId = '00000000-0000-4000-8000-000000000501';

const lookups: EventLookups = {
  tenantId,
  contact: (id) => {
    if (id !== contactId) throw new Error(`no row for ${id}`);
    return {
      id,
      conversation_id: 'conv-1',
      ticket_id: 'ticket-1',
      customer_id: 'cust-1',
      customer_name: null,
      preview: 'my order is late',
      channel: 'webchat',
    };
  },
  queueName: (id) => (id === queueId ? 'support' : 'unknown'),
};

describe('decisionEvents (no database)', () => {
  it('announces an offer with the contact, the queue name and an id-derived message id, keyed by tenant', () => {
    const [event] = decisionEvents(
      { type: 'offer-made', contactId, agentId, queueId, channel: 'webchat', at: 1_000, expiresAt: 31_000 },
      { offerId },
      lookups,
    );
    expect(event.topic).toBe(Topics.OfferMade);
    expect(event.payload).toMatchObject({
      tenantId,
      offerId,
      contactId,
      conversationId: 'conv-1',
      agentId,
      queueName: 'support',
      channel: 'webchat',
      preview: 'my order is late',
      offeredAt: '1970-01-01T00:00:01.000Z',
      expiresAt: '1970-01-01T00:00:31.000Z',
    });
    expect(event.payload).not.toHaveProperty('customerName', null);
    expect(event.metadata).toEqual({ tenantId, key: tenantId, messageId: `offer-made:${offerId}` });
  });

  it('closes the accepted offer before announcing the assignment; a supervisor’s assignment closes none', () => {
    const assigned = {
      type: 'contact-assigned',
      contactId,
      agentId,
      queueId,
      channel: 'webchat',
      at: 5_000,
      waitedMs: 4_000,
      manual: false,
    } as const;
    const accepted = decisionEvents(assigned, { closedOfferId: offerId, assignmentId }, lookups);
    expect(accepted.map((event) => event.topic)).toEqual([Topics.OfferClosed, Topics.ContactAssigned]);
    expect(accepted[0].payload).toMatchObject({ offerId, reason: 'accepted' });
    expect(accepted[1].payload).toMatchObject({ waitedSeconds: 4, assignedAt: '1970-01-01T00:00:05.000Z' });
    expect(accepted[1].metadata.messageId).toBe(`contact-assigned:${assignmentId}`);
    expect(decisionEvents(assigned, { assignmentId }, lookups).map((event) => event.topic)).toEqual([Topics.ContactAssigned]);
  });

  it('names why an offer closed, and says nothing for a queued or completed contact', () => {
    const closed = (type: 'offer-expired' | 'offer-rejected' | 'offer-revoked') =>
      decisionEvents({ type, contactId, agentId, queueId, at: 2_000 } as never, { closedOfferId: offerId }, lookups)[0].payload;
    expect(
      [closed('offer-expired'), closed('offer-rejected'), closed('offer-revoked')].map((p) => (p as { reason: string }).reason),
    ).toEqual(['expired', 'rejected', 'cancelled']);
    expect(decisionEvents({ type: 'contact-completed', contactId, at: 9_000 } as never, {}, lookups)).toEqual([]);
    expect(decisionEvents({ type: 'contact-queued', contactId, queueId, at: 9_000 } as never, {}, lookups)).toEqual([]);
  });

  it('refuses to announce an offer the guarded tables did not record', () => {
    expect(() =>
      decisionEvents({ type: 'offer-made', contactId, agentId, queueId, channel: 'webchat', at: 1, expiresAt: 2 }, {}, lookups),
    ).toThrow(/offerId/);
  });
});

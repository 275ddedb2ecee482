import { randomUUID } from 'node:crypto';
import { parseTopicPayload, Topics, TOPIC_CONFIG } from '../index';

describe('privacy.erasure-requested.v1 / erasure-completed.v1', () => {
  const request = {
    requestId: randomUUID(),
    tenantId: randomUUID(),
    subject: { customerId: randomUUID(), terms: ['Kartika', 'kartika@example.id'] },
    requestedBy: randomUUID(),
    requestedAt: new Date().toISOString(),
  };

  it('accepts a request naming the subject, with threads and conversations defaulting to none', () => {
    const parsed = parseTopicPayload(Topics.ErasureRequested, request);
    expect(parsed.ok && parsed.value.subject).toMatchObject({ threads: [], conversationIds: [] });
  });

  it('refuses a subject without a customer id and a report from a service that erases nothing', () => {
    const noCustomer = parseTopicPayload(Topics.ErasureRequested, { ...request, subject: { terms: [] } });
    expect(!noCustomer.ok && noCustomer.reason).toContain('subject.customerId');
    const report = { requestId: request.requestId, tenantId: request.tenantId, rowsAffected: 0, completedAt: new Date().toISOString() };
    expect(parseTopicPayload(Topics.ErasureCompleted, { ...report, service: 'tickets' }).ok).toBe(true);
    expect(parseTopicPayload(Topics.ErasureCompleted, { ...report, service: 'analytics' }).ok).toBe(false);
  });

  it('keeps erasure requests, which name the person, on Kafka for a week only', () => {
    expect(TOPIC_CONFIG[Topics.ErasureRequested]).toEqual({ 'retention.ms': String(7 * 24 * 3600 * 1000) });
  });
});

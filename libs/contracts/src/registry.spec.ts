import { randomUUID } from 'node:crypto';
import { allTopicSpecs, parseTopicPayload, Topics } from './index';

describe('contracts', () => {
  const tenantId = randomUUID();

  it('accepts a well-formed inbound message and fills defaults', () => {
    const result = parseTopicPayload(Topics.InboundMessage, {
      tenantId,
      messageId: randomUUID(),
      channel: 'webchat',
      accountId: 'web',
      providerMessageId: 'm-1',
      threadKey: 'session-1',
      sender: { identityType: 'webchat_visitor', value: 'session-1', displayName: 'Ada' },
      text: 'hello',
      receivedAt: new Date().toISOString(),
    });
    expect(result.ok).toBe(true);
    expect(result.ok && result.value.attachments).toEqual([]);
  });

  it('explains what is wrong with an invalid payload', () => {
    const result = parseTopicPayload(Topics.InboundMessage, { tenantId: 'nope', channel: 'fax' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/tenantId/);
    expect(!result.ok && result.reason).toMatch(/channel/);
  });

  it('declares a dead-letter topic for every topic', () => {
    const names = allTopicSpecs().map((spec) => spec.topic);
    for (const topic of Object.values(Topics)) {
      expect(names).toContain(topic);
      expect(names).toContain(`${topic}.dlt`);
    }
  });
});

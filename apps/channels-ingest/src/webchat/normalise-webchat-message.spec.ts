import { InboundMessageV1 } from '@garda/contracts';
import { normaliseWebchatMessage } from './normalise-webchat-message';

describe(normaliseWebchatMessage.name, () => {
  const session = {
    accountId: 'demo-web',
    tenantId: '00000000-0000-4000-8000-000000000001',
    sessionId: '6f1c1f7e-7c55-4b8a-9a0f-0d8f3c1f2a11',
    issuedAt: 1,
    expiresAt: 2,
  };
  const body = { clientMessageId: '0b5e2b8e-4c1a-4d8e-9f57-5d3a3c2b1a10', text: 'Where is my order?' };
  const receivedAt = new Date('2026-11-23T18:00:00.000Z');

  it('threads by session and identifies the visitor with the pre-chat answers', () => {
    const draft = normaliseWebchatMessage({ ...session, name: 'Ana', email: 'ana@example.com', topic: 'sales' }, body, receivedAt);
    expect(draft).toEqual({
      providerMessageId: body.clientMessageId,
      threadKey: session.sessionId,
      sender: { identityType: 'webchat_visitor', value: session.sessionId, displayName: 'Ana', email: 'ana@example.com' },
      text: 'Where is my order?',
      topic: 'sales',
      receivedAt: '2026-11-23T18:00:00.000Z',
    });
  });

  it('leaves out what the visitor did not give, and the result satisfies the contract', () => {
    const draft = normaliseWebchatMessage(session, body, receivedAt);
    expect(draft.sender).toEqual({ identityType: 'webchat_visitor', value: session.sessionId });
    expect(draft).not.toHaveProperty('topic');
    const message = {
      ...draft,
      messageId: '7d1f4f0c-3a3b-4c55-8b44-7b0b9f6c2d10',
      tenantId: session.tenantId,
      accountId: 'demo-web',
      channel: 'webchat',
    };
    expect(InboundMessageV1.safeParse(message).success).toBe(true);
  });
});

// Web chat against real Kafka and PostgreSQL (from the integration global setup): a visitor's
// session and messages over HTTP become InboundMessage events exactly once, bad input publishes
// nothing, and an agent's OutboundMessage reaches the visitor's socket.io connection.
import { randomUUID } from 'node:crypto';
import { DeliveryStatusV1, InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { encodeEvent } from '@garda/messaging';
import type { RunningService } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { io, type Socket } from 'socket.io-client';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

const account = DemoTenant.webchatAccountId;

describe('web chat (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let base: string;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv());
    base = service.url;
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    sockets.forEach((socket) => socket.close());
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
  });

  const startSession = async (form: Record<string, unknown> = { name: 'Ana Visitor', email: 'Ana@Example.com', topic: 'sales' }) => {
    const response = await fetch(`${base}/webchat/${account}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { sessionId: string; token: string };
  };

  const post = async (token: string | undefined, body: string, accountId: string = account, contentType = 'application/json') => {
    const headers: Record<string, string> = { 'content-type': contentType };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${base}/webchat/${accountId}/messages`, { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const inboundFor = (sessionId: string) => recorder.on(Topics.InboundMessage, (value) => value.threadKey === sessionId);

  /** Same session → same key → same partition: once the sentinel arrives, anything published before it has too. */
  const sendSentinel = async (token: string, sessionId: string) => {
    const sentinel = await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: `sentinel ${randomUUID()}` }));
    expect(sentinel.status).toBe(202);
    await recorder.waitFor(Topics.InboundMessage, (value) => value.messageId === sentinel.body.messageId, 'the sentinel message');
    return inboundFor(sessionId);
  };

  const connectVisitor = (token: string) => {
    const socket = io(`${base}/webchat`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    return socket;
  };

  it('publishes a visitor message as one validated InboundMessage keyed by the session', async () => {
    const { sessionId, token } = await startSession();
    const clientMessageId = randomUUID();
    const accepted = await post(token, JSON.stringify({ clientMessageId, text: 'Hello, where is my order?' }));
    expect(accepted.status).toBe(202);
    const messageId = accepted.body.messageId as string;

    const record = await recorder.waitFor(Topics.InboundMessage, (value) => value.messageId === messageId);
    const message = InboundMessageV1.parse(record.value);
    expect(message).toMatchObject({
      tenantId: DemoTenant.id,
      channel: 'webchat',
      accountId: account,
      providerMessageId: clientMessageId,
      threadKey: sessionId,
      sender: { identityType: 'webchat_visitor', value: sessionId, displayName: 'Ana Visitor', email: 'ana@example.com' },
      text: 'Hello, where is my order?',
      topic: 'sales',
      // The demo account's topic "sales" routes to the queue "sales".
      queue: 'sales',
    });
    expect(message.requiredSkills).toBeUndefined();
    expect(Date.now() - Date.parse(message.receivedAt)).toBeLessThan(60_000);
    expect(record.key).toBe(sessionId);
    expect(record.headers['garda-tenant-id']).toBe(DemoTenant.id);
  });

  it('answers a retried clientMessageId with the same messageId and publishes nothing again', async () => {
    const { sessionId, token } = await startSession();
    const body = JSON.stringify({ clientMessageId: randomUUID(), text: 'Only once, please' });
    const first = await post(token, body);
    const [second, third] = await Promise.all([post(token, body), post(token, body)]);
    expect([first.status, second.status, third.status]).toEqual([202, 202, 202]);
    expect(second.body.messageId).toBe(first.body.messageId);
    expect(third.body.messageId).toBe(first.body.messageId);

    const published = await sendSentinel(token, sessionId);
    expect(published.filter((record) => record.value.text === 'Only once, please')).toHaveLength(1);
  });

  it('refuses bad input with a 4xx that says why, and publishes nothing', async () => {
    const { sessionId, token } = await startSession();
    const other = await startSession({});

    const malformed = await post(token, JSON.stringify({ clientMessageId: 'not-a-uuid', text: '' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.issues).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'clientMessageId' }), expect.objectContaining({ path: 'text' })]),
    );
    expect((await post(token, '{"clientMessageId":')).status).toBe(400);
    expect((await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'x'.repeat(4001) }))).status).toBe(400);
    expect((await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'x'.repeat(300_000) }))).status).toBe(413);
    expect((await post(undefined, JSON.stringify({ clientMessageId: randomUUID(), text: 'no token' }))).status).toBe(401);
    expect((await post(`${token}x`, JSON.stringify({ clientMessageId: randomUUID(), text: 'forged token' }))).status).toBe(401);
    expect((await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'no such account' }), 'no-such-account')).status).toBe(
      404,
    );
    const sessionsOfUnknown = await fetch(`${base}/webchat/no-such-account/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(sessionsOfUnknown.status).toBe(404);
    expect((await startSessionRaw({ email: 'not an email' })).status).toBe(400);

    const published = await sendSentinel(token, sessionId);
    expect(published).toHaveLength(1);
    expect(inboundFor(other.sessionId)).toHaveLength(0);
  });

  const startSessionRaw = (form: unknown, accountId: string = account) =>
    fetch(`${base}/webchat/${accountId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(form),
    });

  it('refuses a topic the account does not offer: a visitor cannot pick a queue', async () => {
    for (const topic of ['billing', 'vip-queue', 'Support', '\u0000']) {
      const response = await startSessionRaw({ name: 'Mallory', topic });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ issues: [{ path: 'topic', message: 'topic must be one of: support, sales' }] });
    }
  });

  it('routes a topic to the queue and skill the account configures for it', async () => {
    const accountId = `web-${randomUUID().slice(0, 8)}`;
    await service.app.get(ChannelAccountsService).upsert({
      id: accountId,
      tenantId: DemoTenant.id,
      channel: 'webchat',
      displayName: 'Shop chat',
      config: {
        topics: [
          'support',
          { name: 'Returns', queue: 'support', skill: 'returns', minLevel: 2 },
          { name: 'Billing question', queue: 'billing' },
        ],
      },
    });
    const config = (await (await fetch(`${base}/webchat/${accountId}/config`)).json()) as { topics: string[] };
    expect(config.topics).toEqual(['support', 'Returns', 'Billing question']);
    expect((await startSessionRaw({ topic: 'billing' }, accountId)).status).toBe(400);

    const started = await startSessionRaw({ name: 'Rita', topic: 'Returns' }, accountId);
    expect(started.status).toBe(201);
    const { sessionId, token } = (await started.json()) as { sessionId: string; token: string };
    expect((await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'It arrived broken' }), accountId)).status).toBe(202);
    const message = InboundMessageV1.parse((await recorder.waitFor(Topics.InboundMessage, (value) => value.threadKey === sessionId)).value);
    expect(message).toMatchObject({ topic: 'Returns', queue: 'support', requiredSkills: [{ skill: 'returns', minLevel: 2 }] });
  });

  it('refuses a socket without a valid session token', async () => {
    const socket = connectVisitor('wcs1.forged.token');
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    expect(socket.connected).toBe(false);
  });

  it("pushes an agent's reply to the visitor's socket and keeps it in the session history", async () => {
    const { sessionId, token } = await startSession({ name: 'Bo' });
    const bystander = await startSession({ name: 'Someone else' });
    const visitor = connectVisitor(token);
    const other = connectVisitor(bystander.token);
    const received: Array<Record<string, unknown>> = [];
    const receivedByOther: Array<Record<string, unknown>> = [];
    visitor.on('message', (message: Record<string, unknown>) => received.push(message));
    other.on('message', (message: Record<string, unknown>) => receivedByOther.push(message));
    await Promise.all(
      [visitor, other].map(
        (socket) => new Promise<void>((resolve, reject) => (socket.once('connect', resolve), socket.once('connect_error', reject))),
      ),
    );

    const reply: OutboundMessageV1 = {
      tenantId: DemoTenant.id,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'webchat',
      accountId: account,
      threadKey: sessionId,
      recipient: { identityType: 'webchat_visitor', value: sessionId },
      text: 'Your parcel leaves today.',
      attachments: [],
      authorName: 'Alice Agent',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, reply, { tenantId: DemoTenant.id, key: sessionId, messageId: reply.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });

    const pushed = await waitFor(() => received[0], 'the reply on the visitor socket');
    expect(pushed).toEqual({
      messageId: reply.messageId,
      text: 'Your parcel leaves today.',
      authorName: 'Alice Agent',
      direction: 'outbound',
      createdAt: reply.createdAt,
    });

    const status = await recorder.waitFor(Topics.DeliveryStatus, (value) => value.messageId === reply.messageId);
    expect(DeliveryStatusV1.parse(status.value)).toMatchObject({
      status: 'delivered',
      channel: 'webchat',
      conversationId: reply.conversationId,
    });
    expect(receivedByOther).toHaveLength(0);

    await post(token, JSON.stringify({ clientMessageId: randomUUID(), text: 'Thanks!' }));
    const history = await fetch(`${base}/webchat/${account}/messages`, { headers: { authorization: `Bearer ${token}` } });
    expect(history.status).toBe(200);
    const { messages } = (await history.json()) as { messages: Array<{ direction: string; text: string; authorName?: string }> };
    expect(messages.map(({ direction, text, authorName }) => ({ direction, text, authorName }))).toEqual([
      { direction: 'outbound', text: 'Your parcel leaves today.', authorName: 'Alice Agent' },
      { direction: 'inbound', text: 'Thanks!', authorName: 'Bo' },
    ]);
  });

  it('serves the widget, its socket.io client and a demo page from its own origin', async () => {
    const widget = await fetch(`${base}/webchat/widget.js`);
    expect(widget.headers.get('content-type')).toContain('javascript');
    const source = await widget.text();
    for (const hook of [
      'garda-chat-name',
      'garda-chat-email',
      'garda-chat-start',
      'garda-chat-input',
      'garda-chat-send',
      'garda-chat-messages',
      'garda-chat-message',
    ]) {
      expect(source).toContain(`'${hook}'`);
    }
    expect(() => new Function(source)).not.toThrow();
    const client = await fetch(`${base}/webchat/socket.io.js`);
    expect(client.status).toBe(200);
    expect(await client.text()).toContain('Socket.IO');
    const demo = await (await fetch(`${base}/webchat/demo`)).text();
    expect(demo).toContain('<script src="/webchat/widget.js" data-account="demo-web"></script>');
    const config = (await (await fetch(`${base}/webchat/${account}/config`)).json()) as { topics: string[] };
    expect(config.topics).toEqual(['support', 'sales']);
  });
});

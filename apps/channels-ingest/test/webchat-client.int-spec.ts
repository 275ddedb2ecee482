// libs/webchat-client against the real channels-ingest (real Kafka + PostgreSQL): what an app
// built on the published client sees, and the signed push webhook its backend receives when an
// agent replies while the app has no open socket.
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import { type SessionStorage, WebchatClient, WebchatError, type WebchatMessage } from '@garda/webchat-client';
import type { Producer } from 'kafkajs';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

const JWT_SECRET = 'webchat-client-int-spec-jwt-secret';
const PUSH_SECRET = 'push-secret-for-the-app-backend';
const tenantId = randomUUID();
const accountId = `app-chat-${tenantId.slice(0, 8)}`;

/** AsyncStorage-like (React Native): every call is a promise. */
class MemoryStorage implements SessionStorage {
  readonly values = new Map<string, string>();
  async getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  async setItem(key: string, value: string) {
    this.values.set(key, value);
  }
  async removeItem(key: string) {
    this.values.delete(key);
  }
}

describe('the web-chat client library against channels-ingest (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let producer: Producer;
  const recorder = new TopicRecorder();
  const pushes: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const backend: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      pushes.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  const admin = signAccessToken({ sub: randomUUID(), tenantId, role: 'admin', name: 'Ada' }, JWT_SECRET);
  const putAccount = (body: unknown) =>
    fetch(`${service.url}/channel-accounts/${accountId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(body),
    });
  const clients: WebchatClient[] = [];
  const newClient = (storage: SessionStorage) => {
    const client = new WebchatClient({ baseUrl: service.url, accountId, storage });
    clients.push(client);
    return client;
  };
  const agentReply = async (sessionId: string, text: string, attachments: OutboundMessageV1['attachments'] = []) => {
    const reply: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'webchat',
      accountId,
      threadKey: sessionId,
      recipient: { identityType: 'webchat_visitor', value: sessionId },
      text,
      attachments,
      authorName: 'Alice Agent',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, reply, { tenantId, key: reply.threadKey, messageId: reply.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return reply;
  };

  beforeAll(async () => {
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    service = await startChannelsIngest(integrationEnv({ JWT_SECRET }));
    await recorder.start([Topics.InboundMessage, Topics.CustomerTyping, Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await new Promise<void>((resolve) => backend.close(() => resolve()));
  });

  it('connects an app: a push webhook needs its signing secret (400), then the account is saved', async () => {
    const pushWebhookUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/garda/push`;
    const config = { topics: ['orders'], greeting: 'Hi! How can we help?', pushWebhookUrl };
    const refused = await putAccount({ channel: 'webchat', displayName: 'Acme app', config });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('secrets.pushWebhookSecret');
    const saved = await putAccount({ channel: 'webchat', displayName: 'Acme app', config, secrets: { pushWebhookSecret: PUSH_SECRET } });
    expect(saved.status).toBe(200);
  });

  it('starts a session, sends text and a photo, gets replies and typing live, and resumes the session after a restart', async () => {
    const storage = new MemoryStorage();
    const client = newClient(storage);
    expect(await client.config()).toMatchObject({
      accountId,
      displayName: 'Acme app',
      topics: ['orders'],
      greeting: 'Hi! How can we help?',
    });
    await expect(client.start({ topic: 'no-such-topic' })).rejects.toMatchObject({ status: 400 });
    const session = await client.start({ name: 'Ana Visitor', email: 'ana@example.com', topic: 'orders' });

    const photo = await client.upload(new Uint8Array(Buffer.from(PNG, 'base64')), { filename: 'parcel.png', contentType: 'image/png' });
    expect(photo).toMatchObject({ kind: 'image', mimeType: 'image/png', filename: 'parcel.png' });
    const sent = await client.send('My parcel arrived damaged.', [photo]);
    const inbound = InboundMessageV1.parse(
      (await recorder.waitFor(Topics.InboundMessage, (value) => value.messageId === sent.messageId, 'the visitor message')).value,
    );
    expect(inbound).toMatchObject({
      channel: 'webchat',
      accountId,
      threadKey: session.sessionId,
      text: 'My parcel arrived damaged.',
      sender: { displayName: 'Ana Visitor' },
      attachments: [{ kind: 'image', mediaId: photo.mediaId }],
    });
    await expect(
      client.upload(new Uint8Array([0x4d, 0x5a, 0x90, 0x00]), { filename: 'x.png', contentType: 'image/png' }),
    ).rejects.toBeInstanceOf(WebchatError);

    const received: WebchatMessage[] = [];
    const typing: boolean[] = [];
    client.on('message', (message) => received.push(message));
    client.on('typing', (state) => typing.push(state.isTyping));
    const connected = new Promise<void>((resolve) => client.on('connection', (state) => state === 'connected' && resolve()));
    client.connect();
    await connected;

    client.typing(true);
    await recorder.waitFor(
      Topics.CustomerTyping,
      (value) => value.threadKey === session.sessionId && value.isTyping === true,
      'the visitor typing event',
    );

    // An agent answers with a file of their own.
    const agentToken = signAccessToken({ sub: randomUUID(), tenantId, role: 'agent', name: 'Alice Agent' }, JWT_SECRET);
    const upload = await fetch(`${service.url}/media`, {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-filename': 'label.png', authorization: `Bearer ${agentToken}` },
      body: Buffer.from(PNG, 'base64'),
    });
    const label = (await upload.json()) as { mediaId: string };
    const reply = await agentReply(session.sessionId, 'Sorry! Here is a return label.', [{ kind: 'image', mediaId: label.mediaId }]);
    const live = await waitFor(() => received.find((message) => message.messageId === reply.messageId), 'the reply on the socket');
    expect(live).toMatchObject({ text: 'Sorry! Here is a return label.', authorName: 'Alice Agent', direction: 'outbound' });
    const file = await fetch(live.attachments![0]!.url!);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(PNG, 'base64'))).toBe(true);

    // The app restarts: the stored session is resumed, with the whole conversation.
    client.disconnect();
    const restarted = newClient(storage);
    expect((await restarted.start()).sessionId).toBe(session.sessionId);
    const history = await restarted.history();
    expect(history.map((message) => message.text)).toEqual(['My parcel arrived damaged.', 'Sorry! Here is a return label.']);

    // The visitor had a socket open for that reply: no push was needed.
    await recorder.waitFor(Topics.DeliveryStatus, (value) => value.messageId === reply.messageId, 'the reply delivered');
    expect(pushes.filter((push) => push.headers['x-garda-delivery'] === reply.messageId)).toEqual([]);
  });

  it('calls the app backend with a signed webhook when an agent replies while the app has no open socket', async () => {
    const client = newClient(new MemoryStorage());
    const session = await client.start({ name: 'Ben' });
    await client.send('Is the shop open on Sunday?');
    const reply = await agentReply(session.sessionId, 'Yes, from 10 to 4.');
    const push = await waitFor(() => pushes.find((item) => item.headers['x-garda-delivery'] === reply.messageId), 'the push webhook');
    expect(push.headers['x-garda-event']).toBe('webchat.reply');
    const expected = `sha256=${createHmac('sha256', PUSH_SECRET).update(push.body).digest('hex')}`;
    expect(push.headers['x-garda-signature']).toBe(expected);
    const body = JSON.parse(push.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      event: 'webchat.reply',
      accountId,
      sessionId: session.sessionId,
      messageId: reply.messageId,
      authorName: 'Alice Agent',
      preview: 'Yes, from 10 to 4.',
    });
    expect(String(body.timestamp)).toBe(push.headers['x-garda-timestamp']);
    // The reply waits in the history for when the app opens the chat.
    // (The push leaves from inside the reply's transaction, so the history shows it a moment later.)
    await waitFor(
      async () => ((await client.history()).some((message) => message.text === 'Yes, from 10 to 4.') ? true : undefined),
      'the reply in the history',
    );
  });
});

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

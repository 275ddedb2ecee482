// Attachments both ways, against real Kafka and PostgreSQL, a local server playing the providers'
// media APIs, and a real S3-compatible server (s3rver) for the object-storage store.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OutboundMessageV1, type TopicInput, type TopicName, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { FakeProvider } from './fake-provider';
import { ids, metaSignature } from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

const JWT_SECRET = 'channels-ingest-int-spec-jwt-secret';
// A 1×1 PNG and a 1×1 JPEG: real files whose bytes say what they are.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const SHELL_SCRIPT = Buffer.from('#!/bin/sh\nrm -rf / --no-preserve-root\n');

describe('attachments both ways (real Kafka + PostgreSQL, local provider media APIs)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const provider = new FakeProvider((request) => {
    if (request.path.startsWith('/bot') && request.path.includes('/getFile'))
      return { status: 200, body: { ok: true, result: { file_id: 'tg-photo', file_path: 'photos/file_1.png', file_size: PNG.length } } };
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.OUT${randomUUID()}` }] } };
  });
  // Binary answers for the CDN paths (FakeProvider answers JSON).
  let cdn: import('node:http').Server;
  let cdnUrl = '';
  const agentToken = signAccessToken({ sub: randomUUID(), tenantId, role: 'agent', name: 'Alice' }, JWT_SECRET);

  beforeAll(async () => {
    await provider.start();
    const { createServer } = await import('node:http');
    cdn = createServer((request, response) => {
      const served: Record<string, Buffer> = {
        '/cdn/wa-media-1.jpg': JPEG,
        [`/file/bot${secrets.telegramBotToken}/photos/file_1.png`]: PNG,
      };
      const body = served[request.url ?? ''];
      const authorised = request.url?.startsWith('/file/') || request.headers.authorization === 'Bearer EAAG-wa-access-token';
      response.writeHead(body && authorised ? 200 : 404, { 'content-type': 'application/octet-stream' });
      response.end(body && authorised ? body : undefined);
    });
    await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
    cdnUrl = `http://127.0.0.1:${(cdn.address() as import('node:net').AddressInfo).port}`;
    service = await startChannelsIngest(integrationEnv({ MEDIA_MAX_BYTES: String(64 * 1024) }));
    await createProviderAccounts(service, provider.url, { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await provider.stop();
    await new Promise((resolve) => cdn.close(resolve));
  });

  const publish = async <T extends TopicName>(topic: T, payload: TopicInput<T>, key: string) => {
    const record = encodeEvent(topic, payload, { tenantId: (payload as { tenantId: string }).tenantId, key, messageId: randomUUID() });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
  };
  const mediaRows = async () =>
    Number((await service.runtime.dataSource.query(`SELECT count(*) AS n FROM "channels_ingest"."media_object"`))[0].n);
  const webchatSession = async () => {
    const response = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Pia' }),
    });
    return (await response.json()) as { sessionId: string; token: string };
  };
  const upload = (path: string, token: string, bytes: Buffer, type: string, filename: string) =>
    fetch(`${service.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'x-filename': encodeURIComponent(filename) },
      body: new Uint8Array(bytes),
    });

  it('a web-chat visitor sends a photo: stored, published with its media id, shown again in the history through a signed link', async () => {
    const session = await webchatSession();
    const uploaded = await upload(`/webchat/${DemoTenant.webchatAccountId}/attachments`, session.token, PNG, 'image/png', 'dot.png');
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { mediaId: string; kind: string; mimeType: string; sizeBytes: number };
    expect(file).toMatchObject({ kind: 'image', mimeType: 'image/png', sizeBytes: PNG.length, filename: 'dot.png' });

    const sent = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text: '', attachments: [{ mediaId: file.mediaId }] }),
    });
    expect(sent.status).toBe(202);
    const inbound = await recorder.waitFor(Topics.InboundMessage, (m) => m.threadKey === session.sessionId);
    expect(inbound.value.attachments).toEqual([
      { kind: 'image', mediaId: file.mediaId, mimeType: 'image/png', sizeBytes: PNG.length, filename: 'dot.png' },
    ]);

    const history = (await (
      await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/messages`, {
        headers: { authorization: `Bearer ${session.token}` },
      })
    ).json()) as { messages: Array<{ attachments: Array<{ url: string }> }> };
    const link = history.messages[0].attachments[0].url;
    const opened = await fetch(new URL(link, service.url));
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('image/png');
    expect(opened.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await opened.arrayBuffer())).toEqual(PNG);
    // Altered links open nothing.
    const tampered = new URL(link, service.url);
    tampered.searchParams.set('s', `webchat:${randomUUID()}`);
    expect((await fetch(tampered)).status).toBe(404);

    // Another session cannot put this file on its own messages.
    const other = await webchatSession();
    const stolen = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${other.token}` },
      body: JSON.stringify({ clientMessageId: randomUUID(), text: 'mine now', attachments: [{ mediaId: file.mediaId }] }),
    });
    expect(stolen.status).toBe(400);
  });

  it('refuses a file over the limit with 413 and a disguised type with 415: nothing stored, nothing published', async () => {
    const session = await webchatSession();
    const before = await mediaRows();
    const tooLarge = await upload(
      `/webchat/${DemoTenant.webchatAccountId}/attachments`,
      session.token,
      Buffer.alloc(65 * 1024, 1),
      'image/png',
      'big.png',
    );
    expect(tooLarge.status).toBe(413);
    const disguised = await upload(
      `/webchat/${DemoTenant.webchatAccountId}/attachments`,
      session.token,
      SHELL_SCRIPT,
      'image/png',
      'cute-cat.png',
    );
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as { message: string }).message).toBe('files of type application/octet-stream are not accepted');
    const agentScript = await upload('/media', agentToken, SHELL_SCRIPT, 'image/jpeg', 'x.jpg');
    expect(agentScript.status).toBe(415);
    expect(await mediaRows()).toBe(before);
    await recorder.caughtUp(Topics.InboundMessage);
    expect(recorder.on(Topics.InboundMessage, (m) => m.threadKey === session.sessionId)).toEqual([]);
  });

  it('fetches a WhatsApp image with the account’s token through the Cloud API media endpoint and stores it', async () => {
    provider.script('/v21.0/wa-media-1', { status: 200, body: { url: `${cdnUrl}/cdn/wa-media-1.jpg`, mime_type: 'image/jpeg' } });
    const wamid = `wamid.${randomUUID()}`;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: ids.whatsappWabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: ids.whatsappPhoneNumberId },
                contacts: [{ profile: { name: 'Sheena' }, wa_id: ids.customerWaId }],
                messages: [
                  {
                    from: ids.customerWaId,
                    id: wamid,
                    timestamp: String(Math.floor(Date.now() / 1000)),
                    type: 'image',
                    image: { id: 'wa-media-1', mime_type: 'image/jpeg', caption: 'the broken part' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    const response = await fetch(`${service.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secrets.whatsappAppSecret) },
      body,
    });
    expect(response.status).toBe(200);
    const inbound = await recorder.waitFor(Topics.InboundMessage, (m) => m.providerMessageId === wamid);
    const [attachment] = inbound.value.attachments as Array<Record<string, unknown>>;
    expect(attachment).toMatchObject({ kind: 'image', providerMediaId: 'wa-media-1', mimeType: 'image/jpeg', sizeBytes: JPEG.length });
    expect(attachment.mediaId).toEqual(expect.any(String));
    expect(provider.to('/v21.0/wa-media-1')[0].headers.authorization).toBe('Bearer EAAG-wa-access-token');
    expect(inbound.value.text).toBe('the broken part');
  });

  it('keeps a customer’s message whose file cannot be fetched, saying why on the attachment', async () => {
    const update = {
      update_id: Math.floor(Math.random() * 1e9),
      message: {
        message_id: 77,
        date: Math.floor(Date.now() / 1000),
        chat: { id: ids.telegramChatId, type: 'private' },
        from: { id: ids.telegramChatId, is_bot: false, first_name: 'Tom' },
        caption: 'see this',
        photo: [{ file_id: 'tg-photo', file_unique_id: 'u', file_size: PNG.length }],
      },
    };
    // Telegram's file server answers 404 for this one: the message still goes in, its file marked unavailable.
    provider.script(`/file/bot${secrets.telegramBotToken}/photos/file_1.png`, { status: 404, body: { ok: false } });
    const response = await fetch(`${service.url}/webhooks/telegram/${accountIds.telegram}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret },
      body: JSON.stringify(update),
    });
    expect(response.status).toBe(200);
    const inbound = await recorder.waitFor(Topics.InboundMessage, (m) => m.providerMessageId === `update:${update.update_id}`);
    expect(inbound.value.text).toBe('see this');
    expect(inbound.value.attachments).toEqual([
      expect.objectContaining({ kind: 'image', providerMediaId: 'tg-photo', unavailable: expect.stringContaining('could not be fetched') }),
    ]);
  });

  it('an agent’s attachment goes out as a signed link in WhatsApp’s format, and the desk gets a link scoped to the ticket', async () => {
    const uploaded = await upload('/media', agentToken, JPEG, 'image/jpeg', 'label.jpg');
    expect(uploaded.status).toBe(201);
    const file = (await uploaded.json()) as { mediaId: string };
    const message: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'whatsapp',
      accountId: accountIds.whatsapp,
      threadKey: `${accountIds.whatsapp}:${ids.customerWaId}`,
      recipient: { identityType: 'wa_id', value: ids.customerWaId },
      text: 'Here is your return label',
      attachments: [{ kind: 'image', mediaId: file.mediaId }],
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
    };
    await publish(Topics.OutboundMessage, message, message.threadKey);
    await recorder.waitFor(Topics.DeliveryStatus, (s) => s.messageId === message.messageId && s.status === 'sent');
    const sends = provider
      .to(`/v21.0/${ids.whatsappPhoneNumberId}/messages`)
      .map((request) => JSON.parse(request.body) as Record<string, unknown>);
    const image = sends.find((send) => send.type === 'image' && JSON.stringify(send).includes(file.mediaId)) as { image: { link: string } };
    expect(image).toMatchObject({ messaging_product: 'whatsapp', to: ids.customerWaId, type: 'image' });
    const fetched = await fetch(new URL(image.image.link, service.url));
    expect(Buffer.from(await fetched.arrayBuffer())).toEqual(JPEG);

    // tickets threads the reply: the file now belongs to its ticket, and only that ticket's link opens it.
    const ticketId = randomUUID();
    await publish(
      Topics.ConversationMessage,
      {
        tenantId,
        conversationId: message.conversationId,
        ticketId,
        customerId: randomUUID(),
        messageId: message.messageId,
        channel: 'whatsapp',
        direction: 'outbound',
        authorType: 'agent',
        text: message.text,
        attachments: [{ kind: 'image', mediaId: file.mediaId }],
        isNewConversation: false,
        createdAt: new Date().toISOString(),
      },
      message.conversationId,
    );
    const link = await waitFor(async () => {
      const response = await fetch(`${service.url}/media/${file.mediaId}/links`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ticketId }),
      });
      return response.status === 200 ? ((await response.json()) as { url: string; expiresAt: string }) : undefined;
    }, 'a link for the ticket');
    expect((await fetch(new URL(link.url, service.url))).status).toBe(200);
    const wrongTicket = await fetch(`${service.url}/media/${file.mediaId}/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId: randomUUID() }),
    });
    expect(wrongTicket.status).toBe(404);
    const otherTenant = signAccessToken({ sub: randomUUID(), tenantId: randomUUID(), role: 'supervisor', name: 'Olga' }, JWT_SECRET);
    const foreign = await fetch(`${service.url}/media/${file.mediaId}/links`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherTenant}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ticketId }),
    });
    expect(foreign.status).toBe(404);
  });
});

describe('the S3 attachment store (a real S3-compatible server: s3rver)', () => {
  let service: RunningService;
  let s3: { close(): Promise<void> } | undefined;
  const directory = mkdtempSync(join(tmpdir(), 'garda-s3rver-'));
  const bucket = 'garda-media-test';
  let endpoint = '';

  beforeAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
      run(): Promise<{ port: number }>;
      close(): Promise<void>;
    };
    const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    s3 = server;
    endpoint = `http://127.0.0.1:${port}`;
    service = await startChannelsIngest(
      integrationEnv({
        MEDIA_STORE: 's3',
        MEDIA_S3_BUCKET: bucket,
        MEDIA_S3_ENDPOINT: endpoint,
        MEDIA_S3_FORCE_PATH_STYLE: 'true',
        MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
        MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER',
      }),
    );
  });

  afterAll(async () => {
    await service?.close();
    await s3?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('stores uploads as objects under the tenant’s prefix, serves them, and erases a tenant’s files', async () => {
    const tenant = randomUUID();
    const token = signAccessToken({ sub: randomUUID(), tenantId: tenant, role: 'agent', name: 'Alice' }, JWT_SECRET);
    const response = await fetch(`${service.url}/media`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array(PNG),
    });
    expect(response.status).toBe(201);
    const { mediaId } = (await response.json()) as { mediaId: string };
    const object = await fetch(`${endpoint}/${bucket}/tenants/${tenant}/${mediaId}`);
    expect(object.status).toBe(200);
    expect(Buffer.from(await object.arrayBuffer())).toEqual(PNG);

    const { MediaService } = await import('../src/attachments/media.service');
    const media = service.app.get(MediaService);
    const stored = await media.find(tenant, mediaId);
    expect(await media.content(stored!)).toEqual(PNG);
    expect(await media.eraseTenant(tenant)).toBe(1);
    expect((await fetch(`${endpoint}/${bucket}/tenants/${tenant}/${mediaId}`)).status).toBe(404);
    expect(await media.find(tenant, mediaId)).toBeUndefined();
  });
});

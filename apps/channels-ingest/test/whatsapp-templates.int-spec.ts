// WhatsApp message templates from the desk, against real Kafka and PostgreSQL and a local server
// playing the Graph API: the account's approved templates, the check of an agent's values (400),
// and the send in the Cloud API's template format (refused when the catalogue does not know it).
import { randomUUID } from 'node:crypto';
import { type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { FakeProvider } from './fake-provider';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';

jest.setTimeout(120_000);

const JWT_SECRET = 'channels-ingest-int-spec-jwt-secret';
const tenantId = randomUUID();
const accountId = `wa-templates-${tenantId.slice(0, 8)}`;
const wabaId = '102290129340398';
const phoneNumberId = `9${Date.now()}`;

describe('WhatsApp templates from the desk (real Kafka + PostgreSQL, a local Graph API)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const graph: FakeProvider = new FakeProvider((request): { status: number; body: unknown } => {
    if (request.path.startsWith(`/v21.0/${wabaId}/message_templates`)) {
      const second = request.path.includes('after=page2');
      return {
        status: 200,
        body: second
          ? {
              data: [
                {
                  name: 'eta_notice',
                  language: 'en',
                  status: 'APPROVED',
                  category: 'UTILITY',
                  components: [{ type: 'BODY', text: 'We will reply by {{eta}}.' }],
                },
              ],
            }
          : {
              data: [
                {
                  name: 'order_update',
                  language: 'id',
                  status: 'APPROVED',
                  category: 'UTILITY',
                  components: [
                    { type: 'BODY', text: 'Halo {{1}}, pesanan {{2}} sedang dikirim.', example: { body_text: [['Budi', 'A-4711']] } },
                  ],
                },
                { name: 'draft_promo', language: 'id', status: 'PENDING', components: [{ type: 'BODY', text: 'Diskon!' }] },
              ],
              paging: { next: `${graph.url}/v21.0/${wabaId}/message_templates?after=page2` },
            },
      };
    }
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.OUT${randomUUID()}` }] } };
  });
  const token = (role: 'agent' | 'supervisor', tenant = tenantId) =>
    signAccessToken({ sub: randomUUID(), tenantId: tenant, role, name: 'Ann' }, JWT_SECRET);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, bearer = token('agent')) => {
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await graph.start();
    service = await startChannelsIngest(integrationEnv());
    await service.app.get(ChannelAccountsService).upsert({
      id: accountId,
      tenantId,
      channel: 'whatsapp',
      displayName: 'Acme WhatsApp',
      config: { phoneNumberId, businessAccountId: wabaId, apiBaseUrl: graph.url, apiVersion: 'v21.0' },
      secrets: { appSecret: 'app-secret', verifyToken: 'verify', accessToken: 'EAAG-templates-token' },
      addresses: [phoneNumberId],
    });
    await recorder.start([Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await graph.stop();
  });

  const send = async (template: OutboundMessageV1['template']) => {
    const message: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'whatsapp',
      accountId,
      threadKey: `${accountId}:6281234567`,
      recipient: { identityType: 'wa_id', value: '6281234567' },
      text: 'rendered text',
      attachments: [],
      threadProviderIds: [],
      template,
      createdAt: new Date().toISOString(),
    };
    const record = encodeEvent(Topics.OutboundMessage, message, { tenantId, key: message.threadKey, messageId: message.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return (await recorder.waitFor(Topics.DeliveryStatus, (status) => status.messageId === message.messageId)).value;
  };

  it('reads the approved templates from Meta (every page, approved only) and offers them with their parameters', async () => {
    const synced = await call('POST', `/whatsapp/${accountId}/templates/sync`, {}, token('supervisor'));
    expect(synced).toEqual({ status: 200, body: { synced: 2 } });
    expect(
      graph.to(
        `/v21.0/${wabaId}/message_templates?status=APPROVED&fields=name%2Clanguage%2Cstatus%2Ccategory%2Cparameter_format%2Ccomponents&limit=100`,
      )[0].headers.authorization,
    ).toBe('Bearer EAAG-templates-token');
    const listed = await call('GET', `/whatsapp/${accountId}/templates`);
    expect(listed.body).toEqual([
      {
        name: 'eta_notice',
        language: 'en',
        category: 'UTILITY',
        body: 'We will reply by {{eta}}.',
        parameters: [{ key: 'eta', named: true }],
      },
      {
        name: 'order_update',
        language: 'id',
        category: 'UTILITY',
        body: 'Halo {{1}}, pesanan {{2}} sedang dikirim.',
        parameters: [
          { key: '1', named: false, example: 'Budi' },
          { key: '2', named: false, example: 'A-4711' },
        ],
      },
    ]);
    // Another tenant sees nothing of this account.
    expect((await call('GET', `/whatsapp/${accountId}/templates`, undefined, token('agent', randomUUID()))).status).toBe(404);
  });

  it('checks an agent’s values: 400 naming an unknown template or a missing parameter, the rendered text otherwise', async () => {
    const unknown = await call('POST', `/whatsapp/${accountId}/templates/render`, { name: 'no_such', language: 'id', parameters: {} });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('name');
    const missing = await call('POST', `/whatsapp/${accountId}/templates/render`, {
      name: 'order_update',
      language: 'id',
      parameters: { '1': 'Budi' },
    });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body)).toContain('parameters.2');
    const rendered = await call('POST', `/whatsapp/${accountId}/templates/render`, {
      name: 'order_update',
      language: 'id',
      parameters: { '1': 'Budi', '2': 'A-4711' },
    });
    expect(rendered).toEqual({
      status: 200,
      body: {
        text: 'Halo Budi, pesanan A-4711 sedang dikirim.',
        template: { name: 'order_update', language: 'id', bodyParameters: [{ text: 'Budi' }, { text: 'A-4711' }] },
      },
    });
    expect(await call('GET', `/whatsapp/${accountId}/window?threadKey=${encodeURIComponent(`${accountId}:6281234567`)}`)).toEqual({
      status: 200,
      body: { open: false, closesAt: null },
    });
  });

  it('sends a template in the Cloud API’s format outside the window, and refuses one the catalogue does not know', async () => {
    const sent = await send({ name: 'order_update', language: 'id', bodyParameters: [{ text: 'Budi' }, { text: 'A-4711' }] });
    expect(sent.status).toBe('sent');
    const body = JSON.parse(graph.to(`/v21.0/${phoneNumberId}/messages`).at(-1)!.body) as Record<string, unknown>;
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '6281234567',
      type: 'template',
      template: {
        name: 'order_update',
        language: { code: 'id' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Budi' },
              { type: 'text', text: 'A-4711' },
            ],
          },
        ],
      },
    });
    const before = graph.to(`/v21.0/${phoneNumberId}/messages`).length;
    const refused = await send({ name: 'draft_promo', language: 'id' });
    expect(refused).toMatchObject({ status: 'failed', error: 'no approved template draft_promo (id) on this account' });
    const short = await send({ name: 'order_update', language: 'id', bodyParameters: [{ text: 'Budi' }] });
    expect(short).toMatchObject({ status: 'failed', error: 'template order_update needs {{1}}, {{2}}' });
    expect(graph.to(`/v21.0/${phoneNumberId}/messages`)).toHaveLength(before);
  });
});

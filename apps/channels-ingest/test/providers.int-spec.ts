// Provider channels against real Kafka and PostgreSQL: webhooks signed exactly as each provider
// signs them become InboundMessages once; bad input publishes nothing; agents' replies leave in
// each provider's real request shape to a local server playing the provider; statuses come back.
import { randomUUID } from 'node:crypto';
import { DeliveryStatusV1, InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { FakeProvider } from './fake-provider';
import {
  epochSeconds,
  ids,
  messengerTextWebhook,
  metaSignature,
  telegramTextUpdate,
  twilioInboundSms,
  twilioSign,
  whatsappStatusWebhook,
  whatsappTemplateStatusWebhook,
  whatsappTextWebhook,
} from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

/** Behind a TLS proxy: Twilio calls (and signs) this public URL, not the service's own address. */
const PUBLIC = 'https://garda.example.com';

describe('provider channels (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let base: string;
  const recorder = new TopicRecorder();
  let producer: Producer;
  let outboundSeq = 0;
  const provider = new FakeProvider((request) => {
    if (request.path.includes('/Messages.json'))
      return { status: 201, body: { sid: `SM${randomUUID().replace(/-/g, '')}`, status: 'queued' } };
    if (request.path.includes('/sendMessage'))
      return { status: 200, body: { ok: true, result: { message_id: 9000 + (outboundSeq += 1) } } };
    if (request.path.endsWith('/messages') && request.body.includes('"messaging_product"'))
      return { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.OUT${(outboundSeq += 1)}` }] } };
    return { status: 200, body: { recipient_id: 'x', message_id: `m_OUT${(outboundSeq += 1)}` } };
  });

  beforeAll(async () => {
    await provider.start();
    service = await startChannelsIngest(
      integrationEnv({ PUBLIC_BASE_URL: PUBLIC, OUTBOUND_RETRY_BASE_MS: '20', OUTBOUND_RETRY_MAX_MS: '200', OUTBOUND_RETRY_ATTEMPTS: '4' }),
    );
    base = service.url;
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
  });

  const postJson = async (path: string, body: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: response.status, text: await response.text() };
  };
  const postForm = async (path: string, params: Record<string, string>, signature?: string) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
      body: new URLSearchParams(params).toString(),
    });
    return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
  };
  const inbound = (predicate: (value: InboundMessageV1) => boolean) =>
    recorder.on(Topics.InboundMessage, (value) => predicate(value as unknown as InboundMessageV1));
  const waitInbound = async (predicate: (value: InboundMessageV1) => boolean, what: string) =>
    InboundMessageV1.parse((await waitFor(() => inbound(predicate)[0], what)).value);
  const sendOutbound = async (
    message: Partial<OutboundMessageV1> & Pick<OutboundMessageV1, 'channel' | 'accountId' | 'threadKey' | 'recipient'>,
  ) => {
    const full: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      text: 'Thanks for writing, we are on it.',
      attachments: [],
      authorName: 'Alice Agent',
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
      ...message,
    };
    const record = encodeEvent(Topics.OutboundMessage, full, { tenantId, key: full.threadKey, messageId: full.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return full;
  };
  const statusOf = async (messageId: string, status?: string) =>
    DeliveryStatusV1.parse(
      (
        await recorder.waitFor(
          Topics.DeliveryStatus,
          (value) => value.messageId === messageId && (!status || value.status === status),
          `${status ?? 'a'} status of ${messageId}`,
        )
      ).value,
    );

  describe('Meta signatures over the raw bytes', () => {
    // Meta's own serialisation: slashes escaped, non-ASCII as \u escapes, spaces where it likes.
    // Code that re-serialised the parsed body before checking would compute another HMAC.
    const metaStyle = (wamid: string) =>
      `{"object":"whatsapp_business_account","entry":[{"id":"${ids.whatsappWabaId}","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"${ids.whatsappPhoneNumberId}"},` +
      `"contacts":[{"profile":{"name":"Ren\\u00e9e"},"wa_id":"${ids.customerWaId}"}],"messages":[{"from":"${ids.customerWaId}","id":"${wamid}","timestamp":"${epochSeconds()}","type":"text",` +
      `"text":{"body":"Caf\\u00e9 at https:\\/\\/example.com\\/menu"}}]},  "field":"messages"}]}]}`;

    it('accepts a body signed exactly as sent, whatever its escapes and spacing', async () => {
      const wamid = `wamid.${randomUUID()}`;
      const body = metaStyle(wamid);
      expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
      expect(
        (await postJson('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(body, secrets.whatsappAppSecret) })).status,
      ).toBe(200);
      const message = await waitInbound((m) => m.providerMessageId === wamid, 'the Meta-style message');
      expect([message.text, message.sender.displayName]).toEqual(['Café at https://example.com/menu', 'Renée']);
    });

    it('refuses the same JSON one byte apart from what was signed', async () => {
      const wamid = `wamid.${randomUUID()}`;
      const body = metaStyle(wamid);
      const signature = metaSignature(body, secrets.whatsappAppSecret);
      for (const changed of [
        body.replace('\\/\\/', '//'),
        body.replace(',  "field"', ', "field"'),
        body.replace('"value":{', '"value": {'),
      ]) {
        expect(changed).not.toBe(body);
        expect(JSON.parse(changed)).toEqual(JSON.parse(body));
        expect((await postJson('/webhooks/whatsapp', changed, { 'x-hub-signature-256': signature })).status).toBe(401);
      }
      const sentinel = `wamid.${randomUUID()}`;
      await postJson('/webhooks/whatsapp', metaStyle(sentinel), {
        'x-hub-signature-256': metaSignature(metaStyle(sentinel), secrets.whatsappAppSecret),
      });
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === wamid)).toHaveLength(0);
    });
  });

  describe('WhatsApp Cloud API', () => {
    const postWhatsApp = (payload: unknown, secret = secrets.whatsappAppSecret) => {
      const body = JSON.stringify(payload);
      return postJson('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(body, secret) });
    };

    it('answers the verification handshake only with a known verify token', async () => {
      const ok = await fetch(
        `${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=1158201444`,
      );
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('1158201444');
      const wrong = await fetch(`${base}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1158201444`);
      expect(wrong.status).toBe(403);
    });

    it('publishes a signed text message once, however often WhatsApp retries it', async () => {
      const wamid = `wamid.${randomUUID()}`;
      const payload = whatsappTextWebhook(wamid, 'Hi, is my order shipped?');
      expect((await postWhatsApp(payload)).status).toBe(200);
      const message = await waitInbound((m) => m.providerMessageId === wamid, 'the WhatsApp message');
      // Keyed by thread: one customer's messages share a partition and so keep their order.
      expect(inbound((m) => m.providerMessageId === wamid).map((record) => record.key)).toEqual([
        `${accountIds.whatsapp}:${ids.customerWaId}`,
      ]);
      expect(message).toMatchObject({
        tenantId,
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey: `${accountIds.whatsapp}:${ids.customerWaId}`,
        sender: { identityType: 'wa_id', value: ids.customerWaId, displayName: 'Sheena Nelson' },
        text: 'Hi, is my order shipped?',
        sentAt: new Date(Number(payload.entry[0].changes[0].value.messages[0].timestamp) * 1000).toISOString(),
      });

      // The delivery exactly as WhatsApp sent it is kept, for supervisors of this tenant only.
      expect(message.rawPayloadRef).toMatch(/^channels-ingest:inbound-raw\/[0-9a-f-]{36}$/);
      const rawUrl = `${base}/inbound-raw/${message.rawPayloadRef!.split('/').pop()}`;
      const supervisor = signAccessToken(
        { sub: randomUUID(), tenantId, role: 'supervisor', name: 'Sam' },
        'channels-ingest-int-spec-jwt-secret',
      );
      const raw = await fetch(rawUrl, { headers: { authorization: `Bearer ${supervisor}` } });
      expect(raw.status).toBe(200);
      expect(await raw.text()).toBe(JSON.stringify(payload));
      const stranger = signAccessToken(
        { sub: randomUUID(), tenantId: randomUUID(), role: 'supervisor', name: 'Eve' },
        'channels-ingest-int-spec-jwt-secret',
      );
      expect((await fetch(rawUrl, { headers: { authorization: `Bearer ${stranger}` } })).status).toBe(404);

      expect((await postWhatsApp(payload)).status).toBe(200);
      const sentinel = `wamid.${randomUUID()}`;
      await postWhatsApp(whatsappTextWebhook(sentinel, 'sentinel'));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === wamid)).toHaveLength(1);
    });

    it('refuses a bad signature (401), an unknown number (404), a malformed (400) or oversized (413) body, publishing nothing', async () => {
      const wamid = `wamid.${randomUUID()}`;
      const body = JSON.stringify(whatsappTextWebhook(wamid, 'forged'));
      expect((await postJson('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(body, 'wrong-secret') })).status).toBe(401);
      expect((await postJson('/webhooks/whatsapp', body)).status).toBe(401);
      const unknown = JSON.parse(body.replace(ids.whatsappPhoneNumberId, '999999999999999')) as unknown;
      expect((await postWhatsApp(unknown)).status).toBe(404);
      const malformed = await postWhatsApp({ object: 'whatsapp_business_account', entry: [{ id: 1, changes: 'x' }] });
      expect(malformed.status).toBe(400);
      expect(malformed.text).toContain('entry.0');
      expect(
        (
          await postJson('/webhooks/whatsapp', '{"object":', {
            'x-hub-signature-256': metaSignature('{"object":', secrets.whatsappAppSecret),
          })
        ).status,
      ).toBe(400);
      const huge = JSON.stringify(whatsappTextWebhook(wamid, 'x'.repeat(300_000)));
      expect(
        (await postJson('/webhooks/whatsapp', huge, { 'x-hub-signature-256': metaSignature(huge, secrets.whatsappAppSecret) })).status,
      ).toBe(413);

      const sentinel = `wamid.${randomUUID()}`;
      await postWhatsApp(whatsappTextWebhook(sentinel, 'sentinel'));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === wamid)).toHaveLength(0);
    });

    it('replies through the Cloud API inside the 24-hour window and attaches the delivery status WhatsApp reports', async () => {
      const threadKey = `${accountIds.whatsapp}:${ids.customerWaId}`;
      const reply = await sendOutbound({
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey,
        recipient: { identityType: 'wa_id', value: ids.customerWaId },
      });
      const sent = await statusOf(reply.messageId, 'sent');
      const path = `/v21.0/${ids.whatsappPhoneNumberId}/messages`;
      const request = provider.to(path).find((r) => r.body.includes(reply.text))!;
      expect(request.method).toBe('POST');
      expect(request.headers.authorization).toBe('Bearer EAAG-wa-access-token');
      expect(JSON.parse(request.body)).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: ids.customerWaId,
        type: 'text',
        text: { preview_url: false, body: 'Thanks for writing, we are on it.' },
      });
      expect(sent.providerMessageId).toMatch(/^wamid\.OUT/);

      const body = JSON.stringify(whatsappStatusWebhook(sent.providerMessageId!, 'delivered'));
      expect(
        (await postJson('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(body, secrets.whatsappAppSecret) })).status,
      ).toBe(200);
      const delivered = await statusOf(reply.messageId, 'delivered');
      expect(delivered).toMatchObject({
        channel: 'whatsapp',
        conversationId: reply.conversationId,
        providerMessageId: sent.providerMessageId,
      });
    });

    it('outside the 24-hour window sends only templates; a free-form reply fails with the reason', async () => {
      const stranger = '16505550000';
      const threadKey = `${accountIds.whatsapp}:${stranger}`;
      const before = provider.requests.length;
      const freeForm = await sendOutbound({
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey,
        recipient: { identityType: 'wa_id', value: stranger },
      });
      expect((await statusOf(freeForm.messageId)).status).toBe('failed');
      expect((await statusOf(freeForm.messageId)).error).toContain('24-hour');
      expect(provider.requests.slice(before).some((r) => r.body.includes(stranger))).toBe(false);

      const template = await sendOutbound({
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey,
        recipient: { identityType: 'wa_id', value: stranger },
        text: '',
        template: { name: 'order_update', language: 'en_US' },
      });
      await statusOf(template.messageId, 'sent');
      const request = provider.requests.slice(before).find((r) => r.body.includes('order_update'))!;
      expect(JSON.parse(request.body)).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: stranger,
        type: 'template',
        template: { name: 'order_update', language: { code: 'en_US' } },
      });
    });

    it('opens the 24-hour window from when the customer wrote: a delivery Meta retries days later does not reopen it', async () => {
      const customer = `1650555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
      const threadKey = `${accountIds.whatsapp}:${customer}`;
      const recipient = { identityType: 'wa_id', value: customer } as const;
      const threeDaysAgo = epochSeconds(new Date(Date.now() - 3 * 24 * 3600 * 1000));
      const late = `wamid.${randomUUID()}`;
      expect((await postWhatsApp(whatsappTextWebhook(late, 'written three days ago', customer, threeDaysAgo))).status).toBe(200);
      await waitInbound((m) => m.providerMessageId === late, 'the late delivery');
      const refused = await sendOutbound({ channel: 'whatsapp', accountId: accountIds.whatsapp, threadKey, recipient, text: 'too late' });
      expect((await statusOf(refused.messageId, 'failed')).error).toContain('24-hour');

      // Written now: the window opens; an older message arriving after it never moves it back.
      const fresh = `wamid.${randomUUID()}`;
      await postWhatsApp(whatsappTextWebhook(fresh, 'written now', customer));
      await waitInbound((m) => m.providerMessageId === fresh, 'the fresh message');
      const older = `wamid.${randomUUID()}`;
      await postWhatsApp(whatsappTextWebhook(older, 'written two days ago', customer, threeDaysAgo + 24 * 3600));
      await waitInbound((m) => m.providerMessageId === older, 'the older message');
      const answered = await sendOutbound({ channel: 'whatsapp', accountId: accountIds.whatsapp, threadKey, recipient, text: 'in time' });
      await statusOf(answered.messageId, 'sent');
      expect(provider.requests.filter((r) => r.body.includes('"too late"'))).toHaveLength(0);
    });

    it('acknowledges a signed delivery with nothing to ingest (a template status) with 200, publishing nothing', async () => {
      const body = JSON.stringify(whatsappTemplateStatusWebhook());
      const before = recorder.records.length;
      const accepted = await postJson('/webhooks/whatsapp', body, {
        'x-hub-signature-256': metaSignature(body, secrets.whatsappAppSecret),
      });
      expect([accepted.status, accepted.text]).toEqual([200, 'EVENT_RECEIVED']);
      expect((await postJson('/webhooks/whatsapp', body, { 'x-hub-signature-256': metaSignature(body, 'not-our-app') })).status).toBe(401);
      expect((await postJson('/webhooks/whatsapp', body)).status).toBe(401);
      const sentinel = `wamid.${randomUUID()}`;
      await postWhatsApp(whatsappTextWebhook(sentinel, 'sentinel'));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      const publishedSince = recorder.records
        .slice(before)
        .filter((record) => record.topic === Topics.InboundMessage && record.value.accountId === accountIds.whatsapp);
      expect(publishedSince.map((record) => record.value.providerMessageId)).toEqual([sentinel]);
    });

    it('retries on 429 and 5xx with backoff, and a permanent 4xx fails the message with the provider reason', async () => {
      const threadKey = `${accountIds.whatsapp}:${ids.customerWaId}`;
      const path = `/v21.0/${ids.whatsappPhoneNumberId}/messages`;
      provider.script(
        path,
        { status: 503, body: { error: { message: 'busy' } } },
        { status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '0' } },
      );
      const retried = await sendOutbound({
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey,
        recipient: { identityType: 'wa_id', value: ids.customerWaId },
        text: 'retried reply',
      });
      await statusOf(retried.messageId, 'sent');
      expect(provider.to(path).filter((r) => r.body.includes('retried reply'))).toHaveLength(3);

      provider.script(path, {
        status: 400,
        body: { error: { message: '(#131030) Recipient phone number not in allowed list', code: 131030 } },
      });
      const rejected = await sendOutbound({
        channel: 'whatsapp',
        accountId: accountIds.whatsapp,
        threadKey,
        recipient: { identityType: 'wa_id', value: ids.customerWaId },
        text: 'rejected reply',
      });
      const failed = await statusOf(rejected.messageId, 'failed');
      // The agent reads the status and the provider's error code, never the provider's own text.
      expect(failed.error).toBe('400 the provider refused the message (error code 131030)');
      expect(provider.to(path).filter((r) => r.body.includes('rejected reply'))).toHaveLength(1);
    });
  });

  describe('Messenger and Instagram', () => {
    it.each(['messenger', 'instagram'] as const)(
      '%s: answers the verification handshake only with a known verify token',
      async (channel) => {
        const ok = await fetch(
          `${base}/webhooks/${channel}?hub.mode=subscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=CHALLENGE_ACCEPTED`,
        );
        expect([ok.status, await ok.text()]).toEqual([200, 'CHALLENGE_ACCEPTED']);
        expect((await fetch(`${base}/webhooks/${channel}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`)).status).toBe(403);
        expect(
          (await fetch(`${base}/webhooks/${channel}?hub.mode=unsubscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=1`)).status,
        ).toBe(403);
      },
    );

    it.each([
      ['messenger', 'page', secrets.messengerAppSecret],
      ['instagram', 'instagram', secrets.instagramAppSecret],
    ] as const)('%s: refuses a malformed (400) or oversized (413) body, publishing nothing', async (channel, object, appSecret) => {
      const signed = (body: string) => postJson(`/webhooks/${channel}`, body, { 'x-hub-signature-256': metaSignature(body, appSecret) });
      const wrongObject = await signed(
        JSON.stringify({ ...messengerTextWebhook('m_x', 'x', object), object: object === 'page' ? 'instagram' : 'page' }),
      );
      expect(wrongObject.status).toBe(400);
      expect(wrongObject.text).toContain('object');
      expect((await signed('{"object":')).status).toBe(400);
      const mid = `m_${randomUUID()}`;
      expect((await signed(JSON.stringify(messengerTextWebhook(mid, 'x'.repeat(300_000), object)))).status).toBe(413);
      const sentinel = `m_${randomUUID()}`;
      await signed(JSON.stringify(messengerTextWebhook(sentinel, 'sentinel', object)));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === mid)).toHaveLength(0);
    });

    it.each([
      ['messenger', 'page', secrets.messengerAppSecret, 'psid', ids.psid, ids.pageId, 'EAAG-page-token'],
      ['instagram', 'instagram', secrets.instagramAppSecret, 'igsid', ids.igsid, ids.instagramId, 'IGQV-token'],
    ] as const)(
      '%s: a signed message comes in once and the reply goes out through the Send API',
      async (channel, object, appSecret, identityType, senderId, ownerId, token) => {
        const mid = `m_${randomUUID()}`;
        const body = JSON.stringify(messengerTextWebhook(mid, `hello on ${channel}`, object));
        const headers = { 'x-hub-signature-256': metaSignature(body, appSecret) };
        expect((await postJson(`/webhooks/${channel}`, body, headers)).status).toBe(200);
        expect((await postJson(`/webhooks/${channel}`, body, headers)).status).toBe(200);
        expect((await postJson(`/webhooks/${channel}`, body, { 'x-hub-signature-256': metaSignature(body, 'other') })).status).toBe(401);
        const message = await waitInbound((m) => m.providerMessageId === mid, `the ${channel} message`);
        const accountId = accountIds[channel];
        expect(message).toMatchObject({
          channel,
          accountId,
          sender: { identityType, value: senderId },
          text: `hello on ${channel}`,
          threadKey: `${accountId}:${senderId}`,
        });

        const reply = await sendOutbound({
          channel,
          accountId,
          threadKey: message.threadKey,
          recipient: { identityType, value: senderId },
        });
        const sent = await statusOf(reply.messageId, 'sent');
        expect(sent.providerMessageId).toMatch(/^m_OUT/);
        const request = provider.to(`/v21.0/${ownerId}/messages`).find((r) => r.body.includes(reply.text))!;
        expect(request.headers.authorization).toBe(`Bearer ${token}`);
        expect(JSON.parse(request.body)).toEqual({
          recipient: { id: senderId },
          messaging_type: 'RESPONSE',
          message: { text: reply.text },
        });
        expect(inbound((m) => m.providerMessageId === mid)).toHaveLength(1);
      },
    );
  });

  describe('Twilio SMS', () => {
    const postSigned = (path: string, params: Record<string, string>, token = secrets.twilioAuthToken) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilioSign(token, `${PUBLIC}${path}`, params),
        },
        body: new URLSearchParams(params).toString(),
      });

    it('accepts a signed SMS once, answers TwiML, and refuses forged or unknown ones', async () => {
      const sid = `SM${randomUUID().replace(/-/g, '')}`;
      const params = twilioInboundSms(sid, 'Is the store open today?');
      const first = await postSigned('/webhooks/twilio/sms', params);
      expect(first.status).toBe(200);
      expect(first.headers.get('content-type')).toContain('text/xml');
      expect(await first.text()).toContain('<Response></Response>');
      expect((await postSigned('/webhooks/twilio/sms', params)).status).toBe(200);
      expect((await postSigned('/webhooks/twilio/sms', params, 'f'.repeat(32))).status).toBe(403);
      expect((await postForm('/webhooks/twilio/sms', params)).status).toBe(403);
      // Signed over the internal address instead of the public one Twilio called: refused.
      expect(
        (await postForm('/webhooks/twilio/sms', params, twilioSign(secrets.twilioAuthToken, `${base}/webhooks/twilio/sms`, params))).status,
      ).toBe(403);
      expect((await postSigned('/webhooks/twilio/sms', { ...params, To: '+15550000000' })).status).toBe(404);
      expect((await postSigned('/webhooks/twilio/sms', { ...params, MessageSid: 'nope' })).status).toBe(400);

      const message = await waitInbound((m) => m.providerMessageId === sid, 'the SMS');
      expect(message).toMatchObject({
        channel: 'sms',
        accountId: accountIds.sms,
        sender: { identityType: 'phone', value: ids.customerPhone },
        text: 'Is the store open today?',
      });
      const sentinel = `SM${randomUUID().replace(/-/g, '')}`;
      await postSigned('/webhooks/twilio/sms', twilioInboundSms(sentinel, 'sentinel'));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === sid)).toHaveLength(1);
    });

    it('refuses a malformed (400) or oversized (413) body, publishing nothing', async () => {
      const sid = `SM${randomUUID().replace(/-/g, '')}`;
      const malformed = await postSigned('/webhooks/twilio/sms', { ...twilioInboundSms(sid, 'x'), AccountSid: 'AC-not-a-sid' });
      expect(malformed.status).toBe(400);
      expect(await malformed.text()).toContain('AccountSid');
      expect((await postSigned('/webhooks/twilio/sms', twilioInboundSms(sid, 'x'.repeat(300_000)))).status).toBe(413);
      const json = await fetch(`${base}/webhooks/twilio/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(json.status).toBe(400);
      const sentinel = `SM${randomUUID().replace(/-/g, '')}`;
      await postSigned('/webhooks/twilio/sms', twilioInboundSms(sentinel, 'sentinel'));
      await waitInbound((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === sid)).toHaveLength(0);
    });

    it('reports an SMS Twilio could not deliver (undelivered) as failed, with its error code', async () => {
      const reply = await sendOutbound({
        channel: 'sms',
        accountId: accountIds.sms,
        threadKey: `${accountIds.sms}:${ids.customerPhone}`,
        recipient: { identityType: 'phone', value: ids.customerPhone },
        text: 'This one will not arrive.',
      });
      const sent = await statusOf(reply.messageId, 'sent');
      const callback = {
        MessageSid: sent.providerMessageId!,
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
        ErrorMessage: 'Unreachable destination handset',
        AccountSid: ids.twilioAccountSid,
        From: ids.twilioNumber,
        To: ids.customerPhone,
        ApiVersion: '2010-04-01',
      };
      expect((await postSigned('/webhooks/twilio/sms/status', callback)).status).toBe(200);
      const failed = await statusOf(reply.messageId, 'failed');
      expect(failed).toMatchObject({
        providerMessageId: sent.providerMessageId,
        error: 'Twilio error 30003 Unreachable destination handset',
      });
    });

    it("replies through Twilio's Messages API and attaches status callbacks", async () => {
      const reply = await sendOutbound({
        channel: 'sms',
        accountId: accountIds.sms,
        threadKey: `${accountIds.sms}:${ids.customerPhone}`,
        recipient: { identityType: 'phone', value: ids.customerPhone },
        text: 'Yes, 9 to 5.',
      });
      const sent = await statusOf(reply.messageId, 'sent');
      const request = provider.to(`/2010-04-01/Accounts/${ids.twilioAccountSid}/Messages.json`).find((r) => r.body.includes('Yes'))!;
      expect(request.headers.authorization).toBe(
        `Basic ${Buffer.from(`${ids.twilioAccountSid}:${secrets.twilioAuthToken}`).toString('base64')}`,
      );
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
        To: ids.customerPhone,
        From: ids.twilioNumber,
        Body: 'Yes, 9 to 5.',
        StatusCallback: `${PUBLIC}/webhooks/twilio/sms/status`,
      });

      const callback = {
        MessageSid: sent.providerMessageId!,
        MessageStatus: 'delivered',
        AccountSid: ids.twilioAccountSid,
        From: ids.twilioNumber,
        To: ids.customerPhone,
        ApiVersion: '2010-04-01',
      };
      expect((await postSigned('/webhooks/twilio/sms/status', callback)).status).toBe(200);
      expect((await statusOf(reply.messageId, 'delivered')).providerMessageId).toBe(sent.providerMessageId);
    });
  });

  describe('Telegram', () => {
    const postUpdate = (update: unknown, secret: string | null = secrets.telegramWebhookSecret, accountId: string = accountIds.telegram) =>
      postJson(`/webhooks/telegram/${accountId}`, JSON.stringify(update), secret ? { 'x-telegram-bot-api-secret-token': secret } : {});

    it('accepts an update with the secret token once per update_id, and replies with sendMessage', async () => {
      const updateId = 800_000_000 + Math.floor(Math.random() * 1_000_000);
      expect((await postUpdate(telegramTextUpdate(updateId, 'Hello bot'))).status).toBe(200);
      expect((await postUpdate(telegramTextUpdate(updateId, 'Hello bot'))).status).toBe(200);
      expect((await postUpdate(telegramTextUpdate(updateId + 1, 'no secret'), null)).status).toBe(401);
      expect((await postUpdate(telegramTextUpdate(updateId + 1, 'wrong secret'), 'wrong')).status).toBe(401);
      expect((await postUpdate(telegramTextUpdate(updateId + 1, 'unknown bot'), secrets.telegramWebhookSecret, 'no-such-bot')).status).toBe(
        404,
      );
      expect((await postUpdate({ update_id: 'x' })).status).toBe(400);

      const message = await waitInbound((m) => m.providerMessageId === `update:${updateId}`, 'the Telegram message');
      expect(message).toMatchObject({
        channel: 'telegram',
        threadKey: `${accountIds.telegram}:${ids.telegramChatId}`,
        sender: { identityType: 'telegram_id', value: String(ids.telegramChatId), displayName: 'Jane Doe' },
        text: 'Hello bot',
      });
      expect((await postUpdate(telegramTextUpdate(updateId + 2, 'sentinel'))).status).toBe(200);
      await waitInbound((m) => m.providerMessageId === `update:${updateId + 2}`, 'the sentinel');
      expect(inbound((m) => m.accountId === accountIds.telegram && m.providerMessageId === `update:${updateId + 1}`)).toHaveLength(0);
      expect(inbound((m) => m.providerMessageId === `update:${updateId}`)).toHaveLength(1);

      const reply = await sendOutbound({
        channel: 'telegram',
        accountId: accountIds.telegram,
        threadKey: message.threadKey,
        recipient: { identityType: 'telegram_id', value: String(ids.telegramChatId) },
      });
      const sent = await statusOf(reply.messageId, 'sent');
      const request = provider.to(`/bot${secrets.telegramBotToken}/sendMessage`).find((r) => r.body.includes(reply.text))!;
      expect(JSON.parse(request.body)).toEqual({ chat_id: String(ids.telegramChatId), text: reply.text });
      expect(sent.providerMessageId).toMatch(/^9\d{3}$/);
    });
  });

  describe('Telegram bad input', () => {
    it('refuses a malformed (400) or oversized (413) update, publishing nothing', async () => {
      const headers = { 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret };
      const updateId = 810_000_000 + Math.floor(Math.random() * 1_000_000);
      const malformed = await postJson(
        `/webhooks/telegram/${accountIds.telegram}`,
        JSON.stringify({ update_id: updateId, message: { message_id: 'one', date: 1, chat: {} } }),
        headers,
      );
      expect(malformed.status).toBe(400);
      expect(malformed.text).toContain('message.message_id');
      expect((await postJson(`/webhooks/telegram/${accountIds.telegram}`, '{"update_id":', headers)).status).toBe(400);
      expect(
        (
          await postJson(
            `/webhooks/telegram/${accountIds.telegram}`,
            JSON.stringify(telegramTextUpdate(updateId, 'x'.repeat(300_000))),
            headers,
          )
        ).status,
      ).toBe(413);
      await postJson(`/webhooks/telegram/${accountIds.telegram}`, JSON.stringify(telegramTextUpdate(updateId + 1, 'sentinel')), headers);
      await waitInbound((m) => m.providerMessageId === `update:${updateId + 1}`, 'the sentinel');
      expect(inbound((m) => m.providerMessageId === `update:${updateId}`)).toHaveLength(0);
    });
  });

  it('reports a reply for an account the tenant does not have as failed, without calling any provider', async () => {
    const before = provider.requests.length;
    const reply = await sendOutbound({
      channel: 'telegram',
      accountId: 'no-such-account',
      threadKey: 'x',
      recipient: { identityType: 'telegram_id', value: '1' },
    });
    expect((await statusOf(reply.messageId, 'failed')).error).toContain('no-such-account');
    expect(provider.requests.length).toBe(before);
  });
});

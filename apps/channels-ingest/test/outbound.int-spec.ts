// Agents' replies leaving through the providers' real APIs (a local server plays them), against real
// Kafka and PostgreSQL: how retries wait (backoff, Retry-After), templates with parameters,
// attachments, and replies in Telegram groups.
import { randomUUID } from 'node:crypto';
import { DeliveryStatusV1, InboundMessageV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import type { RunningService } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { FakeProvider } from './fake-provider';
import { ids, metaSignature, telegramGroupUpdate, whatsappTextWebhook } from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(120_000);

const BASE_DELAY_MS = 100;

describe('outbound messages (real Kafka + PostgreSQL, a local server playing the providers)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  let producer: Producer;
  let sequence = 0;
  const provider = new FakeProvider((request) => {
    if (request.path.startsWith('/bot'))
      return { status: 200, body: { ok: true, result: { message_id: 5000 + (sequence += 1), chat: { id: 1 } } } };
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [], messages: [{ id: `wamid.OUT${randomUUID()}` }] } };
  });
  const whatsappPath = () => `/v21.0/${ids.whatsappPhoneNumberId}/messages`;
  const whatsappThread = () => `${accountIds.whatsapp}:${ids.customerWaId}`;

  beforeAll(async () => {
    await provider.start();
    service = await startChannelsIngest(
      integrationEnv({
        OUTBOUND_RETRY_BASE_MS: String(BASE_DELAY_MS),
        OUTBOUND_RETRY_MAX_MS: '1500',
        OUTBOUND_RETRY_ATTEMPTS: '4',
        OUTBOUND_RETRY_BUDGET_MS: '10000',
      }),
    );
    await createProviderAccounts(service, provider.url, { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
    // The customer wrote just now: WhatsApp's 24-hour window is open for free-form replies.
    const body = JSON.stringify(whatsappTextWebhook(`wamid.${randomUUID()}`, 'Hello'));
    const response = await fetch(`${service.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secrets.whatsappAppSecret) },
      body,
    });
    expect(response.status).toBe(200);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await provider.stop();
  });

  const sendOutbound = async (message: Partial<OutboundMessageV1>) => {
    const full: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'whatsapp',
      accountId: accountIds.whatsapp,
      threadKey: whatsappThread(),
      recipient: { identityType: 'wa_id', value: ids.customerWaId },
      text: `reply ${randomUUID()}`,
      attachments: [],
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
      ...message,
    };
    const record = encodeEvent(Topics.OutboundMessage, full, { tenantId, key: full.threadKey, messageId: full.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return full;
  };
  const statusOf = async (messageId: string, status: string) =>
    DeliveryStatusV1.parse(
      (
        await recorder.waitFor(
          Topics.DeliveryStatus,
          (value) => value.messageId === messageId && value.status === status,
          `${status} of ${messageId}`,
        )
      ).value,
    );
  const requestsWith = (path: string, text: string) => provider.to(path).filter((request) => request.body.includes(text));
  const gaps = (times: number[]) => times.slice(1).map((time, index) => time - times[index]);

  describe('retries', () => {
    // Waits are asserted as lower bounds only: a timer never fires early, but a busy machine may fire it late.
    it('waits longer before each retry of a 5xx (exponential backoff)', async () => {
      const error = { status: 503, body: { error: { message: 'Service temporarily unavailable' } } };
      provider.script(whatsappPath(), error, error, error);
      const reply = await sendOutbound({});
      await statusOf(reply.messageId, 'sent');
      const attempts = requestsWith(whatsappPath(), reply.text);
      expect(attempts).toHaveLength(4);
      const waits = gaps(attempts.map((request) => request.at));
      [BASE_DELAY_MS, 2 * BASE_DELAY_MS, 4 * BASE_DELAY_MS].forEach((expected, index) =>
        expect(waits[index]).toBeGreaterThanOrEqual(expected - 5),
      );
    });

    it('waits at least as long as Retry-After says, even when the backoff is shorter', async () => {
      provider.script(whatsappPath(), { status: 429, body: { error: { message: 'Too many messages' } }, headers: { 'retry-after': '1' } });
      const reply = await sendOutbound({});
      await statusOf(reply.messageId, 'sent');
      const attempts = requestsWith(whatsappPath(), reply.text);
      expect(attempts).toHaveLength(2);
      expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(995);
    });

    it('fails at once, with the reason, when Retry-After asks for longer than it may wait', async () => {
      provider.script(whatsappPath(), { status: 429, body: { error: { message: 'Rate limit hit' } }, headers: { 'retry-after': '120' } });
      const reply = await sendOutbound({});
      const failed = await statusOf(reply.messageId, 'failed');
      expect(failed.error).toBe('429 the provider is rate limiting (the provider asks to retry after 120 s)');
      expect(requestsWith(whatsappPath(), reply.text)).toHaveLength(1);
    });
  });

  describe('WhatsApp', () => {
    it('sends a template with positional or named body parameters in the Cloud API shape', async () => {
      const positional = await sendOutbound({
        text: '',
        template: { name: 'order_update', language: 'en_US', bodyParameters: [{ text: 'Ada' }, { text: '4711' }] },
      });
      await statusOf(positional.messageId, 'sent');
      const named = await sendOutbound({
        text: '',
        template: { name: 'order_named', language: 'en_US', bodyParameters: [{ name: 'customer_name', text: 'Ada' }] },
      });
      await statusOf(named.messageId, 'sent');
      const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: ids.customerWaId, type: 'template' };
      expect(JSON.parse(requestsWith(whatsappPath(), '"order_update"')[0].body)).toEqual({
        ...base,
        template: {
          name: 'order_update',
          language: { code: 'en_US' },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: 'Ada' },
                { type: 'text', text: '4711' },
              ],
            },
          ],
        },
      });
      expect(JSON.parse(requestsWith(whatsappPath(), '"order_named"')[0].body)).toEqual({
        ...base,
        template: {
          name: 'order_named',
          language: { code: 'en_US' },
          components: [{ type: 'body', parameters: [{ type: 'text', parameter_name: 'customer_name', text: 'Ada' }] }],
        },
      });
    });

    it('sends the text, then each attachment as a media message by link (documents keep their file name)', async () => {
      const reply = await sendOutbound({
        text: 'Here are the photo and the invoice.',
        attachments: [
          { kind: 'image', url: 'https://cdn.acme.example/damage.jpg' },
          { kind: 'file', url: 'https://cdn.acme.example/invoice-4711.pdf', filename: 'invoice-4711.pdf' },
        ],
      });
      const sent = await statusOf(reply.messageId, 'sent');
      const bodies = provider
        .to(whatsappPath())
        .filter((request) => /Here are the photo|damage\.jpg|invoice-4711/.test(request.body))
        .map((request) => JSON.parse(request.body) as unknown);
      const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to: ids.customerWaId };
      expect(bodies).toEqual([
        { ...base, type: 'text', text: { preview_url: false, body: 'Here are the photo and the invoice.' } },
        { ...base, type: 'image', image: { link: 'https://cdn.acme.example/damage.jpg' } },
        { ...base, type: 'document', document: { link: 'https://cdn.acme.example/invoice-4711.pdf', filename: 'invoice-4711.pdf' } },
      ]);
      expect(sent.providerMessageId).toMatch(/^wamid\.OUT/);
    });
  });

  describe('Telegram', () => {
    const bot = (method: string) => `/bot${secrets.telegramBotToken}/${method}`;

    it('answers a group message in the group, not in the member’s private chat', async () => {
      const groupId = -1001234567890;
      const updateId = 600_000_000 + Math.floor(Math.random() * 1_000_000);
      const response = await fetch(`${service.url}/webhooks/telegram/${accountIds.telegram}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret },
        body: JSON.stringify(telegramGroupUpdate(updateId, 'Anyone there?', groupId)),
      });
      expect(response.status).toBe(200);
      const record = await waitFor(
        () => recorder.on(Topics.InboundMessage, (value) => value.providerMessageId === `update:${updateId}`)[0],
        'the group message',
      );
      const message = InboundMessageV1.parse(record.value);
      expect(message).toMatchObject({
        threadKey: `${accountIds.telegram}:${groupId}`,
        sender: { identityType: 'telegram_id', value: String(ids.telegramChatId) },
      });

      // tickets replies to the sender identity on the conversation's thread.
      const reply = await sendOutbound({
        channel: 'telegram',
        accountId: accountIds.telegram,
        threadKey: message.threadKey,
        recipient: message.sender,
        text: 'Yes, how can we help?',
      });
      await statusOf(reply.messageId, 'sent');
      expect(JSON.parse(requestsWith(bot('sendMessage'), 'how can we help')[0].body)).toEqual({
        chat_id: String(groupId),
        text: 'Yes, how can we help?',
      });
    });

    it('records a reply as sent once even when Telegram gives the same message_id in another chat', async () => {
      // Telegram numbers messages per chat: two chats can each have message 7777.
      provider.script(
        bot('sendMessage'),
        { status: 200, body: { ok: true, result: { message_id: 7777 } } },
        { status: 200, body: { ok: true, result: { message_id: 7777 } } },
      );
      const replies = [];
      for (const chat of ['5550001', '5550002']) {
        const reply = await sendOutbound({
          channel: 'telegram',
          accountId: accountIds.telegram,
          threadKey: `${accountIds.telegram}:${chat}`,
          recipient: { identityType: 'telegram_id', value: chat },
        });
        expect((await statusOf(reply.messageId, 'sent')).providerMessageId).toBe('7777');
        replies.push(reply);
      }
      for (const reply of replies) expect(requestsWith(bot('sendMessage'), reply.text)).toHaveLength(1);
    });

    it('sends images with sendPhoto and other files with sendDocument, by URL', async () => {
      const chat = String(ids.telegramChatId);
      const reply = await sendOutbound({
        channel: 'telegram',
        accountId: accountIds.telegram,
        threadKey: `${accountIds.telegram}:${chat}`,
        recipient: { identityType: 'telegram_id', value: chat },
        text: '',
        attachments: [
          { kind: 'image', url: 'https://cdn.acme.example/label.png' },
          { kind: 'file', url: 'https://cdn.acme.example/manual.pdf', filename: 'manual.pdf' },
        ],
      });
      const sent = await statusOf(reply.messageId, 'sent');
      expect(requestsWith(bot('sendMessage'), 'label.png')).toHaveLength(0);
      expect(JSON.parse(requestsWith(bot('sendPhoto'), 'label.png')[0].body)).toEqual({
        chat_id: chat,
        photo: 'https://cdn.acme.example/label.png',
      });
      expect(JSON.parse(requestsWith(bot('sendDocument'), 'manual.pdf')[0].body)).toEqual({
        chat_id: chat,
        document: 'https://cdn.acme.example/manual.pdf',
      });
      expect(sent.providerMessageId).toMatch(/^5\d{3}$/);
    });
  });
});

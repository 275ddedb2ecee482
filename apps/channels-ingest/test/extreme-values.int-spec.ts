// Values at and past the edges, against real Kafka and PostgreSQL: NUL characters (which PostgreSQL
// cannot store) and ids longer than the InboundMessage contract allows. Each is either refused with
// a 400 that says why, before anything is looked up, or accepted as documented — never a 5xx.
import { randomUUID } from 'node:crypto';
import { InboundMessageV1, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import type { RunningService } from '@garda/service-kit';
import { ChannelAccountsService } from '../src/accounts/channel-accounts.service';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import {
  ids,
  messengerTextWebhook,
  metaSignature,
  telegramTextUpdate,
  twilioInboundSms,
  twilioSign,
  whatsappTextWebhook,
} from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

jest.setTimeout(120_000);

const PUBLIC = 'https://garda.example.com';

describe('extreme values (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let base: string;
  const recorder = new TopicRecorder();

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv({ PUBLIC_BASE_URL: PUBLIC }));
    base = service.url;
    await createProviderAccounts(service, 'http://127.0.0.1:1', { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage]);
  });

  afterAll(async () => {
    await recorder.stop();
    await service?.close();
  });

  const send = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    return {
      status: response.status,
      body: (await response.json().catch(() => undefined)) as
        { message?: string; issues?: Array<{ path: string; message: string }> } | undefined,
    };
  };
  const meta = (channel: 'whatsapp' | 'messenger', payload: unknown, secret: string) => {
    const body = JSON.stringify(payload);
    return send('POST', `/webhooks/${channel}`, body, { 'x-hub-signature-256': metaSignature(body, secret) });
  };
  const twilio = (params: Record<string, string>, path = '/webhooks/twilio/sms') =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSign(secrets.twilioAuthToken, `${PUBLIC}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
  const telegram = (update: unknown, accountId: string = accountIds.telegram) =>
    send('POST', `/webhooks/telegram/${accountId}`, JSON.stringify(update), {
      'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret,
    });
  const published = (predicate: (message: InboundMessageV1) => boolean) =>
    recorder.on(Topics.InboundMessage, (value) => predicate(value as unknown as InboundMessageV1));
  const waitPublished = async (predicate: (message: InboundMessageV1) => boolean, what: string) =>
    InboundMessageV1.parse((await waitFor(() => published(predicate)[0], what)).value);
  const startSession = async (form: Record<string, unknown> = {}) =>
    (await (
      await fetch(`${base}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(form),
      })
    ).json()) as {
      sessionId: string;
      token: string;
    };

  describe('NUL (U+0000)', () => {
    it('in an account id of the path is a 400 with the reason, before the account is looked up', async () => {
      const { token } = await startSession();
      const cases = [
        await send('POST', '/webhooks/telegram/%00', JSON.stringify(telegramTextUpdate(1, 'x')), {
          'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret,
        }),
        await send('GET', '/webchat/%00/config'),
        await send('POST', '/webchat/%00/sessions', '{}'),
        await send('POST', '/webchat/demo%00/messages', JSON.stringify({ clientMessageId: randomUUID(), text: 'hi' }), {
          authorization: `Bearer ${token}`,
        }),
        await send('GET', '/webchat/%00/messages', undefined, { authorization: `Bearer ${token}` }),
      ];
      for (const response of cases) {
        expect(response.status).toBe(400);
        expect(response.body?.message).toContain('NUL');
      }
    });

    it('in the provider ids that route a delivery is a 400 naming the field, before the signature is checked', async () => {
      const whatsapp = whatsappTextWebhook(`wamid.${randomUUID()}`, 'x');
      whatsapp.entry[0].changes[0].value.metadata.phone_number_id = '\u0000';
      const unsigned = await send('POST', '/webhooks/whatsapp', JSON.stringify(whatsapp));
      expect(unsigned.status).toBe(400);
      expect(unsigned.body?.issues).toEqual([
        expect.objectContaining({ path: 'entry.0.changes.0.value.metadata.phone_number_id', message: expect.stringContaining('NUL') }),
      ]);

      const messenger = messengerTextWebhook(`m_${randomUUID()}`, 'x');
      messenger.entry[0].id = `${ids.pageId}\u0000`;
      expect((await meta('messenger', messenger, secrets.messengerAppSecret)).status).toBe(400);

      const sms = await twilio({ ...twilioInboundSms(`SM${randomUUID().replace(/-/g, '')}`, 'x'), To: '\u0000' });
      expect(sms.status).toBe(400);
      expect(await sms.text()).toContain('NUL');
      const status = await twilio(
        {
          MessageSid: `SM${'0'.repeat(32)}`,
          AccountSid: ids.twilioAccountSid,
          MessageStatus: 'delivered',
          From: `\u0000${ids.twilioNumber}`,
        },
        '/webhooks/twilio/sms/status',
      );
      expect(status.status).toBe(400);
    });

    it('in what a customer wrote is removed, and the message is accepted and published', async () => {
      const wamid = `wamid.${randomUUID()}`;
      expect((await meta('whatsapp', whatsappTextWebhook(wamid, 'Hello\u0000 WhatsApp'), secrets.whatsappAppSecret)).status).toBe(200);
      const sid = `SM${randomUUID().replace(/-/g, '')}`;
      expect((await twilio(twilioInboundSms(sid, 'Hello\u0000 SMS'))).status).toBe(200);
      const updateId = 700_000_000 + Math.floor(Math.random() * 1_000_000);
      const update = telegramTextUpdate(updateId, 'Hello\u0000 Telegram');
      update.message.from.first_name = 'Ja\u0000ne';
      expect((await telegram(update)).status).toBe(200);

      expect((await waitPublished((m) => m.providerMessageId === wamid, 'the WhatsApp message')).text).toBe('Hello WhatsApp');
      expect((await waitPublished((m) => m.providerMessageId === sid, 'the SMS')).text).toBe('Hello SMS');
      const fromTelegram = await waitPublished((m) => m.providerMessageId === `update:${updateId}`, 'the Telegram message');
      expect([fromTelegram.text, fromTelegram.sender.displayName]).toEqual(['Hello Telegram', 'Jane Doe']);
    });

    it('in a web-chat message or name is removed; a message of nothing but NUL is empty (400)', async () => {
      const { sessionId, token } = await startSession({ name: 'Ana\u0000 Visitor' });
      const post = (text: string) =>
        send('POST', `/webchat/${DemoTenant.webchatAccountId}/messages`, JSON.stringify({ clientMessageId: randomUUID(), text }), {
          authorization: `Bearer ${token}`,
        });
      expect((await post('Where is\u0000 my order?')).status).toBe(202);
      const empty = await post('\u0000\u0000');
      expect(empty.status).toBe(400);
      expect(empty.body?.issues).toEqual([expect.objectContaining({ path: 'text', message: 'must not be empty' })]);

      const message = await waitPublished((m) => m.threadKey === sessionId, 'the web-chat message');
      expect([message.text, message.sender.displayName]).toEqual(['Where is my order?', 'Ana Visitor']);
      const history = (await (
        await fetch(`${base}/webchat/${DemoTenant.webchatAccountId}/messages`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as { messages: Array<{ text: string; authorName?: string }> };
      expect(history.messages.map(({ text, authorName }) => ({ text, authorName }))).toEqual([
        { text: 'Where is my order?', authorName: 'Ana Visitor' },
      ]);
      expect(published((m) => m.threadKey === sessionId)).toHaveLength(1);
    });
  });

  describe('ids longer than the contract', () => {
    it('a WhatsApp message id over 200 characters is hashed, and a retry of it is still published once', async () => {
      const longId = `wamid.${'A'.repeat(300)}`;
      const exact = `wamid.${'B'.repeat(194)}`;
      const payload = whatsappTextWebhook(longId, 'long id');
      expect((await meta('whatsapp', payload, secrets.whatsappAppSecret)).status).toBe(200);
      expect((await meta('whatsapp', payload, secrets.whatsappAppSecret)).status).toBe(200);
      expect((await meta('whatsapp', whatsappTextWebhook(exact, 'exactly 200'), secrets.whatsappAppSecret)).status).toBe(200);

      const hashed = await waitPublished((m) => m.text === 'long id' && m.accountId === accountIds.whatsapp, 'the long-id message');
      expect(hashed.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((await waitPublished((m) => m.providerMessageId === exact, 'the 200-character id')).providerMessageId).toHaveLength(200);
      expect(published((m) => m.text === 'long id' && m.accountId === accountIds.whatsapp)).toHaveLength(1);
    });

    it('a Messenger postback without a mid gets a hashed id from its long payload, deduplicated on retry', async () => {
      const payload = messengerTextWebhook('unused', '');
      const event = payload.entry[0].messaging[0] as Record<string, unknown>;
      delete event.message;
      event.postback = { title: 'Track my order', payload: `TRACK:${'x'.repeat(990)}` };
      expect((await meta('messenger', payload, secrets.messengerAppSecret)).status).toBe(200);
      expect((await meta('messenger', payload, secrets.messengerAppSecret)).status).toBe(200);
      const message = await waitPublished((m) => m.accountId === accountIds.messenger && m.text === 'Track my order', 'the postback');
      expect(message.providerMessageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      // Same sender, same thread key, same partition: once this arrives, a duplicate would have too.
      const sentinel = `m_${randomUUID()}`;
      await meta('messenger', messengerTextWebhook(sentinel, 'sentinel'), secrets.messengerAppSecret);
      await waitPublished((m) => m.providerMessageId === sentinel, 'the sentinel');
      expect(published((m) => m.accountId === accountIds.messenger && m.text === 'Track my order')).toHaveLength(1);
    });

    it('a Messenger sender id over 320 characters (where replies go, so never shortened) is a 400; 320 is accepted', async () => {
      const tooLong = messengerTextWebhook(`m_${randomUUID()}`, 'too long a sender');
      tooLong.entry[0].messaging[0].sender.id = '7'.repeat(321);
      const refused = await meta('messenger', tooLong, secrets.messengerAppSecret);
      expect(refused.status).toBe(400);
      expect(refused.body?.issues?.[0]?.path).toBe('entry.0.messaging.0.sender.id');

      const longest = messengerTextWebhook(`m_${randomUUID()}`, 'longest sender');
      longest.entry[0].messaging[0].sender.id = '7'.repeat(320);
      expect((await meta('messenger', longest, secrets.messengerAppSecret)).status).toBe(200);
      expect((await waitPublished((m) => m.text === 'longest sender', 'the 320-character sender')).sender.value).toHaveLength(320);
      expect(published((m) => m.text === 'too long a sender')).toHaveLength(0);
    });

    it('a message that still cannot be an InboundMessage (thread key over 500) is a 400 with the reason, nothing published', async () => {
      // Accounts created by the seed or a migration may have ids the admin API would refuse (over 100).
      const pageId = `2${Date.now()}`;
      const accountId = `fb-${'l'.repeat(190)}`;
      await service.app.get(ChannelAccountsService).upsert({
        id: accountId,
        tenantId,
        channel: 'messenger',
        displayName: 'Long id page',
        config: { pageId, apiBaseUrl: 'http://127.0.0.1:1' },
        secrets: { appSecret: secrets.messengerAppSecret, verifyToken: 'v', pageAccessToken: 't' },
        addresses: [pageId],
      });
      const payload = messengerTextWebhook(`m_${randomUUID()}`, 'thread key too long');
      payload.entry[0].id = pageId;
      payload.entry[0].messaging[0].sender.id = '8'.repeat(320);
      const refused = await meta('messenger', payload, secrets.messengerAppSecret);
      expect(refused.status).toBe(400);
      expect(refused.body?.issues).toEqual([expect.objectContaining({ path: 'threadKey' })]);

      const [receipts] = await queryRows(
        service.runtime.dataSource,
        z.looseObject({ count: z.number() }),
        `SELECT count(*)::int AS count FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = $1`,
        [accountId],
      );
      expect(receipts.count).toBe(0);
    });
  });
});

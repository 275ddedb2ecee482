// The outbound-URL guard in channels-ingest with production's default (no network allowed beyond
// public addresses), against real Kafka and PostgreSQL: an admin cannot point an account at an
// internal address, and an account that points there anyway (saved before, or a name that now
// resolves inside) sends nothing there: the reply fails with a reason that names no address.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { DeliveryStatusV1, type OutboundMessageV1, Topics } from '@garda/contracts';
import { encodeEvent } from '@garda/messaging';
import { type RunningService, signAccessToken } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { SMTPServer } from 'smtp-server';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { FakeProvider } from './fake-provider';
import { ids } from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';

jest.setTimeout(120_000);

const JWT_SECRET = 'outbound-guard-int-spec-jwt-secret';

describe('outbound-URL guard in channels-ingest (production defaults, real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  let producer: Producer;
  const provider = new FakeProvider(() => ({ status: 200, body: { ok: true, result: { message_id: 1, chat: { id: 1 } } } }));
  const relayed: string[] = [];
  const relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      relayed.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
      stream.resume();
      stream.on('end', () => callback());
    },
  });

  beforeAll(async () => {
    await provider.start();
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    service = await startChannelsIngest(integrationEnv({ JWT_SECRET, OUTBOUND_ALLOWED_NETWORKS: '' }));
    // Straight into the database, as an account saved before the guard (or whose name resolved elsewhere then) would be.
    await createProviderAccounts(service, provider.url, { host: '127.0.0.1', port: (relay.server.address() as AddressInfo).port });
    await recorder.start([Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await provider.stop();
    await new Promise<void>((resolve) => relay.close(() => resolve()));
  });

  const put = (id: string, body: unknown) =>
    fetch(`${service.url}/channel-accounts/${id}`, {
      method: 'PUT',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${signAccessToken({ sub: randomUUID(), tenantId: randomUUID(), role: 'admin', name: 'Ada' }, JWT_SECRET)}`,
      },
      body: JSON.stringify(body),
    });

  const telegramAccount = (apiBaseUrl: string) => ({
    channel: 'telegram',
    displayName: 'Bot',
    config: { apiBaseUrl },
    secrets: { botToken: '123:bot-token', webhookSecret: 'hook-secret' },
  });

  it.each([
    ['http://127.0.0.1:8080', 'loopback'],
    ['http://[::ffff:10.0.0.8]/', 'an IPv4-mapped private address'],
    ['http://169.254.169.254/latest/meta-data', 'the cloud metadata address'],
    ['http://100.100.100.200/', 'a CGNAT (Alibaba metadata) address'],
    ['http://localhost:3001', 'a name that resolves to loopback'],
  ])('refuses to save an API base URL pointing at %s (%s) with a 400 naming the field', async (apiBaseUrl) => {
    const response = await put(`tg-${randomUUID().slice(0, 8)}`, telegramAccount(apiBaseUrl));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { field: string; message: string };
    expect(body.field).toBe('config.apiBaseUrl');
    expect(body.message).toMatch(/not a public address/);
    expect(body.message).not.toMatch(/127\.0\.0\.1|::1/);
  });

  it('refuses to save an SMTP relay on a private network, and accepts a public name that does not resolve yet', async () => {
    const mail = (host: string) => ({
      channel: 'email',
      displayName: 'Mailbox',
      config: { addresses: [`x-${randomUUID().slice(0, 6)}@acme.example`], fromAddress: 'support@acme.example', smtp: { host, port: 587 } },
    });
    const refused = await put(`mail-${randomUUID().slice(0, 8)}`, mail('10.1.2.3'));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ field: 'config.smtp.host' });
    // No DNS here; every send checks again, so a name that does not resolve now is not a reason to refuse the account.
    expect((await put(`mail-${randomUUID().slice(0, 8)}`, mail('smtp.not-resolvable.invalid'))).status).toBe(200);
  });

  const sendOutbound = async (message: Pick<OutboundMessageV1, 'channel' | 'accountId' | 'threadKey' | 'recipient'>) => {
    const full: OutboundMessageV1 = {
      tenantId,
      messageId: randomUUID(),
      conversationId: randomUUID(),
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
  const failureOf = async (messageId: string) =>
    DeliveryStatusV1.parse(
      (await recorder.waitFor(Topics.DeliveryStatus, (value) => value.messageId === messageId, `status of ${messageId}`)).value,
    );

  it('sends nothing to a provider URL on loopback: the reply fails, saying why without naming the address', async () => {
    const reply = await sendOutbound({
      channel: 'telegram',
      accountId: accountIds.telegram,
      threadKey: `${accountIds.telegram}:${ids.telegramChatId}`,
      recipient: { identityType: 'telegram_id', value: String(ids.telegramChatId) },
    });
    const status = await failureOf(reply.messageId);
    expect(status.status).toBe('failed');
    expect(status.error).toMatch(/^refused: the address is not a public address/);
    expect(status.error).not.toContain('127.0.0.1');
    expect(provider.to(`/bot${secrets.telegramBotToken}/sendMessage`)).toEqual([]);
  });

  it('sends nothing to an SMTP relay on loopback', async () => {
    const reply = await sendOutbound({
      channel: 'email',
      accountId: accountIds.email,
      threadKey: `${accountIds.email}:<${randomUUID()}@customer.example>`,
      recipient: { identityType: 'email', value: 'customer@customer.example' },
    });
    const status = await failureOf(reply.messageId);
    expect(status).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/^SMTP delivery refused: the address is not a public address/),
    });
    expect(relayed).toEqual([]);
  });
});

// Customer-facing effects happen once (ADR 0058), against real Kafka and PostgreSQL: a send that
// succeeded is not repeated when a write after it fails and the message is redelivered, and a send
// interrupted by a dead consumer is reported as uncertain instead of being made a second time.
// The failing write is real: a PostgreSQL trigger refuses it (once), as a lost connection would.
import { randomUUID } from 'node:crypto';
import { type OutboundMessageV1, Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import { encodeEvent } from '@garda/messaging';
import type { RunningService } from '@garda/service-kit';
import type { Producer } from 'kafkajs';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { UNCERTAIN } from '../src/outbound/send-once/send-once';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { FakeProvider } from './fake-provider';
import { integrationEnv, startChannelsIngest, TopicRecorder } from './support';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

jest.setTimeout(120_000);

describe('outbound messages are sent once (real Kafka + PostgreSQL, a local server playing Telegram)', () => {
  let service: RunningService;
  let database: DataSource;
  const recorder = new TopicRecorder();
  let producer: Producer;
  let telegramIds = 9000;
  /** The message_id Telegram answered each request body with. */
  const answered = new Map<string, number>();
  const provider = new FakeProvider((request) => {
    answered.set(request.body, (telegramIds += 1));
    return { status: 200, body: { ok: true, result: { message_id: telegramIds } } };
  });
  const sendMessage = `/bot${secrets.telegramBotToken}/sendMessage`;
  const chat = '4242001';
  let faults = 0;

  beforeAll(async () => {
    await provider.start();
    service = await startChannelsIngest(integrationEnv());
    database = service.app.get(DataSource);
    await createProviderAccounts(service, provider.url, { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.DeliveryStatus]);
    producer = recorder.producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await recorder.stop();
    await service?.close();
    await provider.stop();
  });

  /**
   * Makes the first `times` writes of a row into `table` that mention `messageId` fail, as a database
   * that drops the connection would. A sequence counts them: it is not rolled back with the failure.
   * Returns how many writes were attempted so far.
   */
  const failWrites = async (table: 'outbound_delivery' | 'outbox', column: string, messageId: string, times = 1) => {
    const name = `test_fault_${(faults += 1)}`;
    await database.query(`CREATE SEQUENCE "channels_ingest"."${name}"`);
    await database.query(`CREATE FUNCTION "channels_ingest"."${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."${column}"::text LIKE '%${messageId}%' AND nextval('"channels_ingest"."${name}"') <= ${times} THEN
          RAISE EXCEPTION 'simulated write failure after the send';
        END IF;
        RETURN NEW;
      END $$`);
    await database.query(
      `CREATE TRIGGER "${name}" BEFORE INSERT ON "channels_ingest"."${table}" FOR EACH ROW EXECUTE FUNCTION "channels_ingest"."${name}"()`,
    );
    return async () => {
      const [{ last_value: attempted }] = await queryRows(
        database,
        z.object({ last_value: z.string() }),
        `SELECT last_value FROM "channels_ingest"."${name}"`,
      );
      await database.query(`DROP TRIGGER "${name}" ON "channels_ingest"."${table}"`);
      return Number(attempted);
    };
  };

  const publishOutbound = async (message: Partial<OutboundMessageV1> & Pick<OutboundMessageV1, 'tenantId'>) => {
    const full: OutboundMessageV1 = {
      messageId: randomUUID(),
      conversationId: randomUUID(),
      channel: 'telegram',
      accountId: accountIds.telegram,
      threadKey: `${accountIds.telegram}:${chat}`,
      recipient: { identityType: 'telegram_id', value: chat },
      text: `reply ${randomUUID()}`,
      attachments: [],
      threadProviderIds: [],
      createdAt: new Date().toISOString(),
      ...message,
    };
    const record = encodeEvent(Topics.OutboundMessage, full, { tenantId: full.tenantId, key: full.threadKey, messageId: full.messageId });
    await producer.send({ topic: record.topic, acks: -1, messages: [{ key: record.key, value: record.value, headers: record.headers }] });
    return full;
  };
  const statusOf = (messageId: string, status: string) =>
    recorder.waitFor(
      Topics.DeliveryStatus,
      (value) => value.messageId === messageId && value.status === status,
      `${status} of ${messageId}`,
    );
  const requestsFor = (text: string) => provider.to(sendMessage).filter((request) => request.body.includes(text));

  it('does not send a reply again when the write after a successful send fails and the message is redelivered', async () => {
    const messageId = randomUUID();
    const writesAttempted = await failWrites('outbound_delivery', 'message_id', messageId, 2);
    const reply = await publishOutbound({ tenantId, messageId });

    const sent = await statusOf(messageId, 'sent');
    // Two failed writes (two redeliveries) and the third that committed: the customer got one message.
    expect(await writesAttempted()).toBe(3);
    expect(requestsFor(reply.text)).toHaveLength(1);
    expect(sent.value.providerMessageId).toBe(String(answered.get(requestsFor(reply.text)[0].body)));
    expect(recorder.on(Topics.DeliveryStatus, (value) => value.messageId === messageId)).toHaveLength(1);
  });

  it('reports a send interrupted by a dead consumer as uncertain, without sending it a second time', async () => {
    const messageId = randomUUID();
    // What a consumer killed between its claim and its record leaves behind: a claim whose lease ran out.
    await database.query(
      `INSERT INTO "channels_ingest"."outbound_send" ("tenant_id", "message_id", "channel", "claimed_by", "lease_until")
       VALUES ($1, $2, 'telegram', 'a-consumer-that-died', now() - interval '1 second')`,
      [tenantId, messageId],
    );
    const reply = await publishOutbound({ tenantId, messageId });

    const failed = await statusOf(messageId, 'failed');
    expect(failed.value.error).toBe(UNCERTAIN);
    expect(requestsFor(reply.text)).toHaveLength(0);
  });

  it("pushes an agent's web-chat reply to the visitor once, although the write after the push failed", async () => {
    const account = DemoTenant.webchatAccountId;
    const session = (await (
      await fetch(`${service.url}/webchat/${account}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Once' }),
      })
    ).json()) as { sessionId: string; token: string };
    const visitor: Socket = io(`${service.url}/webchat`, {
      auth: { token: session.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    try {
      const received: Array<{ messageId: string }> = [];
      visitor.on('message', (message: { messageId: string }) => received.push(message));
      await new Promise<void>((resolve, reject) => (visitor.once('connect', resolve), visitor.once('connect_error', reject)));
      const messageId = randomUUID();
      // The delivery status is queued in the outbox after the push: that write fails once.
      const writesAttempted = await failWrites('outbox', 'payload', messageId, 1);
      await publishOutbound({
        tenantId: DemoTenant.id,
        messageId,
        channel: 'webchat',
        accountId: account,
        threadKey: session.sessionId,
        recipient: { identityType: 'webchat_visitor', value: session.sessionId },
        text: 'Pushed once',
      });

      await statusOf(messageId, 'delivered');
      expect(await writesAttempted()).toBe(2);
      expect(received.filter((message) => message.messageId === messageId)).toHaveLength(1);
    } finally {
      visitor.close();
    }
  });
});

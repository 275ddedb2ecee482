// Thousands of deliveries to every webhook and to web chat, against real Kafka and PostgreSQL: most
// are damaged, retyped, forged, oversized or random; many are correctly signed with a valid shape
// and extreme values (limits and one past them, NUL, lone surrogates, huge numbers, deep extras).
// Each kind has one right answer, and gets it; nothing is ever a 5xx or crashes the service. Then
// the books are balanced: exactly the accepted messages were received (inbound_receipt) and
// published (read back from Kafka), each once and as documented; nothing else, for any account.
import { Topics } from '@garda/contracts';
import { DemoTenant } from '@garda/demo-tenant';
import type { RunningService } from '@garda/service-kit';
import { accountIds, createProviderAccounts, tenantId } from './accounts';
import type { FuzzCase } from './fuzz/arbitraries';
import { messagingCases, whatsappCases } from './fuzz/meta-cases';
import { telegramCases } from './fuzz/telegram-cases';
import { twilioCases } from './fuzz/twilio-cases';
import { webchatCases } from './fuzz/webchat-cases';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

jest.setTimeout(300_000);

/** Twilio signs the public URL it calls. */
const PUBLIC = 'https://garda.example.com';
const CONCURRENCY = 16;

describe('webhook fuzzing (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  const recorder = new TopicRecorder();
  const statuses = new Map<number, number>();
  const accepted: NonNullable<FuzzCase['publishes']>[] = [];
  const fuzzAccounts = [...Object.values(accountIds), DemoTenant.webchatAccountId];
  let startedAt: Date;

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv({ PUBLIC_BASE_URL: PUBLIC }));
    await createProviderAccounts(service, 'http://127.0.0.1:1', { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
    const [{ now }] = await queryRows(service.runtime.dataSource, z.object({ now: z.date() }), `SELECT now() AS now`);
    startedAt = now;
  });

  afterAll(async () => {
    await recorder.stop();
    await service?.close();
  });

  /** Sends every case, a few at a time; each must get exactly its status. */
  async function fire(cases: FuzzCase[]): Promise<void> {
    const wrong: string[] = [];
    for (let index = 0; index < cases.length; index += CONCURRENCY) {
      await Promise.all(
        cases.slice(index, index + CONCURRENCY).map(async (fuzzCase) => {
          const { path, body, headers } = fuzzCase;
          const response = await fetch(`${service.url}${path}`, {
            method: 'POST',
            headers,
            body: typeof body === 'string' ? body : new Uint8Array(body),
          });
          const text = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status !== fuzzCase.status)
            wrong.push(
              `${fuzzCase.kind}: expected ${fuzzCase.status}, got ${response.status} ${text.slice(0, 200)} for ${String(body).slice(0, 160)}`,
            );
          else if (fuzzCase.publishes) accepted.push(fuzzCase.publishes);
        }),
      );
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  }

  it('WhatsApp answers every kind of delivery as documented', async () => {
    await fire(whatsappCases());
  });

  it('Messenger and Instagram answer every kind of delivery as documented', async () => {
    await fire([...messagingCases('messenger'), ...messagingCases('instagram')]);
  });

  it('Twilio answers every kind of SMS and status callback as documented', async () => {
    await fire(twilioCases(PUBLIC));
  });

  it('Telegram answers every kind of update as documented', async () => {
    await fire(telegramCases());
  });

  it('web chat answers every kind of message as documented', async () => {
    const response = await fetch(`${service.url}/webchat/${DemoTenant.webchatAccountId}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await response.json()) as { token: string };
    await fire(webchatCases(DemoTenant.webchatAccountId, token));
  });

  it('received and published exactly the accepted messages, once each, and nothing else', async () => {
    const expected = new Map(accepted.map((message) => [message.providerMessageId, message.text]));
    expect(
      accepted.filter((message, index) => accepted.findIndex((other) => other.providerMessageId === message.providerMessageId) !== index),
    ).toEqual([]);

    // Where publishing starts: a receipt per accepted message, and no other, for every account the fuzz touched.
    const receipts = await queryRows(
      service.runtime.dataSource,
      z.object({ provider_message_id: z.string() }),
      `SELECT "provider_message_id" FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = ANY($1::text[]) AND "received_at" >= $2`,
      [fuzzAccounts, startedAt],
    );
    expect(receipts.map((row) => row.provider_message_id).sort()).toEqual([...expected.keys()].sort());

    // Everything committed has left the outbox, and everything on the topic has been read back.
    await waitFor(async () => {
      const [row] = await queryRows(
        service.runtime.dataSource,
        z.looseObject({ count: z.number() }),
        `SELECT count(*)::int AS count FROM "channels_ingest"."outbox"`,
      );
      return row.count === 0 ? true : undefined;
    }, 'the outbox to drain');
    await recorder.caughtUp(Topics.InboundMessage);
    await recorder.caughtUp(Topics.DeliveryStatus);
    const published = recorder
      .on(
        Topics.InboundMessage,
        (value) => fuzzAccounts.includes(value.accountId as string) && Date.parse(value.receivedAt as string) >= startedAt.getTime(),
      )
      .map((record) => record.value as { providerMessageId: string; text: string });
    expect(published.length).toBe(expected.size);
    const mismatched = published
      .filter((message) => expected.get(message.providerMessageId) !== message.text)
      .map((message) => message.providerMessageId);
    expect(mismatched).toEqual([]);
    expect(recorder.on(Topics.DeliveryStatus, (value) => value.tenantId === tenantId)).toEqual([]);

    expect((await fetch(`${service.url}/health/ready`)).status).toBe(200);
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(4000);
  });
});

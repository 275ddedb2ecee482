// Thousands of mutated deliveries to every webhook: bad input never gets a 5xx, never crashes the
// service, and never publishes anything (checked in the database, where publishing starts: no
// receipt and no outbox row for these accounts, and on Kafka after a sentinel per channel).
import { randomUUID } from 'node:crypto';
import { Topics } from '@garda/contracts';
import type { RunningService } from '@garda/service-kit';
import fc from 'fast-check';
import { accountIds, createProviderAccounts, secrets, tenantId } from './accounts';
import { messengerTextWebhook, metaSignature, telegramTextUpdate, twilioInboundSms, twilioSign, whatsappTextWebhook } from './provider-fixtures';
import { integrationEnv, startChannelsIngest, TopicRecorder, waitFor } from './support';

jest.setTimeout(300_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A value of a different JSON type than the one given: what a careless or hostile sender might put there. */
const otherTypeThan = (value: Json): fc.Arbitrary<Json> =>
  fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 })).filter(
    (candidate) => jsonType(candidate) !== jsonType(value),
  );
const jsonType = (value: Json) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function setPath(root: Json, path: string, value: Json): Json {
  const copy = structuredClone(root) as Record<string, Json>;
  const keys = path.split('.');
  let node = copy as Record<string, Json>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, Json>;
  node[keys[keys.length - 1]] = value;
  return copy;
}
const getPath = (root: Json, path: string): Json => path.split('.').reduce<Json>((node, key) => (node as Record<string, Json>)[key], root);

/** Byte-level damage: flips, truncation, insertion, deletion. */
const damagedBytes = (original: Buffer) =>
  fc.array(fc.record({ kind: fc.constantFrom('flip', 'truncate', 'insert', 'delete'), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 4 }).map((edits) => {
    let bytes = Buffer.from(original);
    for (const edit of edits) {
      const at = bytes.length === 0 ? 0 : edit.at % bytes.length;
      if (edit.kind === 'flip') bytes[at] = (bytes[at] ?? 0) ^ (edit.byte || 1);
      else if (edit.kind === 'truncate') bytes = bytes.subarray(0, at);
      else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.byte]), bytes.subarray(at)]);
      else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    }
    return bytes;
  });

const randomBodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.string({ maxLength: 300 }),
);

describe('webhook fuzzing (real Kafka + PostgreSQL)', () => {
  let service: RunningService;
  let base: string;
  const recorder = new TopicRecorder();
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    service = await startChannelsIngest(integrationEnv());
    base = service.url;
    await createProviderAccounts(service, 'http://127.0.0.1:1', { host: '127.0.0.1', port: 1 });
    await recorder.start([Topics.InboundMessage, Topics.DeliveryStatus]);
  });

  afterAll(async () => {
    await recorder.stop();
    await service?.close();
  });

  /** Sends every case, a few at a time, and records each status; a 5xx or a dropped connection fails the test. */
  async function fire(cases: Array<{ path: string; body: string | Buffer; headers: Record<string, string> }>, allowed: number[]) {
    const unexpected: string[] = [];
    for (let index = 0; index < cases.length; index += 16) {
      await Promise.all(
        cases.slice(index, index + 16).map(async ({ path, body, headers }) => {
          const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (!allowed.includes(response.status)) unexpected.push(`${response.status} for ${path} ${String(body).slice(0, 120)}`);
        }),
      );
    }
    expect(unexpected.slice(0, 5)).toEqual([]);
  }

  const metaCases = (channel: 'whatsapp' | 'messenger' | 'instagram', valid: Json, appSecret: string, typedPaths: string[]) => {
    const raw = Buffer.from(JSON.stringify(valid));
    const signature = metaSignature(raw.toString(), appSecret);
    const json = { 'content-type': 'application/json' };
    // A: the body damaged in transit or by an attacker, the original signature kept.
    const damaged = fc.sample(damagedBytes(raw), { numRuns: RUNS, seed: SEED }).filter((bytes) => !bytes.equals(raw));
    // B: a documented field given the wrong type, signed correctly: the shape check must catch it.
    const retyped = fc.sample(
      fc.constantFrom(...typedPaths).chain((path) => otherTypeThan(getPath(valid, path)).map((value) => setPath(valid, path, value))),
      { numRuns: RUNS, seed: SEED },
    );
    // C: anything at all, signed correctly.
    const random = fc.sample(randomBodies, { numRuns: RUNS, seed: SEED });
    return [
      ...damaged.map((body) => ({ path: `/webhooks/${channel}`, body, headers: { ...json, 'x-hub-signature-256': signature } })),
      ...retyped.map((payload) => {
        const body = JSON.stringify(payload);
        return { path: `/webhooks/${channel}`, body, headers: { ...json, 'x-hub-signature-256': metaSignature(body, appSecret) } };
      }),
      ...random.map((body) => ({ path: `/webhooks/${channel}`, body, headers: { ...json, 'x-hub-signature-256': metaSignature(body, appSecret) } })),
    ];
  };

  it('WhatsApp, Messenger and Instagram answer mutated deliveries with 4xx only', async () => {
    const messageBase = 'entry.0.changes.0.value.messages.0';
    await fire(
      metaCases('whatsapp', whatsappTextWebhook(`wamid.${randomUUID()}`, 'fuzz') as unknown as Json, secrets.whatsappAppSecret, [
        'object',
        'entry',
        'entry.0.changes',
        'entry.0.changes.0.field',
        'entry.0.changes.0.value',
        'entry.0.changes.0.value.metadata.phone_number_id',
        'entry.0.changes.0.value.contacts.0.wa_id',
        'entry.0.changes.0.value.messages',
        messageBase,
        `${messageBase}.from`,
        `${messageBase}.id`,
        `${messageBase}.timestamp`,
        `${messageBase}.type`,
        `${messageBase}.text`,
        `${messageBase}.text.body`,
      ]),
      [400, 401, 404],
    );
    for (const [channel, object, secret] of [
      ['messenger', 'page', secrets.messengerAppSecret],
      ['instagram', 'instagram', secrets.instagramAppSecret],
    ] as const) {
      const eventBase = 'entry.0.messaging.0';
      await fire(
        metaCases(channel, messengerTextWebhook(`m_${randomUUID()}`, 'fuzz', object) as unknown as Json, secret, [
          'object',
          'entry',
          'entry.0.id',
          'entry.0.messaging',
          eventBase,
          `${eventBase}.sender`,
          `${eventBase}.sender.id`,
          `${eventBase}.timestamp`,
          `${eventBase}.message`,
          `${eventBase}.message.mid`,
          `${eventBase}.message.text`,
        ]),
        [400, 401, 404],
      );
    }
  });

  it('Twilio answers mutated SMS and status callbacks with 4xx only', async () => {
    const path = '/webhooks/twilio/sms';
    const url = `${base}${path}`;
    const valid = twilioInboundSms(`SM${randomUUID().replace(/-/g, '')}`, 'fuzz');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const signature = twilioSign(secrets.twilioAuthToken, url, valid);
    const tampered = fc.sample(
      fc.record({ key: fc.constantFrom(...Object.keys(valid)), value: fc.string({ maxLength: 40 }) }).filter(({ key, value }) => valid[key as keyof typeof valid] !== value),
      { numRuns: RUNS, seed: SEED },
    );
    const randomParams = fc.sample(fc.dictionary(fc.constantFrom('MessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'MessageStatus', 'X'), fc.string({ maxLength: 40 })), {
      numRuns: RUNS,
      seed: SEED,
    });
    await fire(
      [
        ...tampered.map(({ key, value }) => ({ path, body: new URLSearchParams({ ...valid, [key]: value }).toString(), headers: { ...form, 'x-twilio-signature': signature } })),
        ...randomParams.flatMap((params) =>
          [path, `${path}/status`].map((target) => ({
            path: target,
            body: new URLSearchParams(params).toString(),
            headers: { ...form, 'x-twilio-signature': twilioSign(secrets.twilioAuthToken, `${base}${target}`, params) },
          })),
        ),
        ...fc.sample(randomBodies, { numRuns: RUNS, seed: SEED }).map((body) => ({ path, body, headers: { ...form, 'x-twilio-signature': signature } })),
      ],
      [400, 403, 404],
    );
  });

  it('Telegram answers mutated updates with 4xx only (or 200 for updates that carry no message)', async () => {
    const path = `/webhooks/telegram/${accountIds.telegram}`;
    const valid = telegramTextUpdate(900_000_000, 'fuzz') as unknown as Json;
    const json = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret };
    const typedPaths = ['update_id', 'message', 'message.message_id', 'message.date', 'message.chat', 'message.chat.id', 'message.chat.type', 'message.from.id', 'message.text'];
    const retyped = fc.sample(fc.constantFrom(...typedPaths).chain((p) => otherTypeThan(getPath(valid, p)).map((value) => setPath(valid, p, value))), { numRuns: RUNS, seed: SEED });
    const random = fc.sample(randomBodies, { numRuns: RUNS, seed: SEED });
    const wrongSecrets = fc.sample(fc.string({ maxLength: 60 }).filter((s) => s !== secrets.telegramWebhookSecret && /^[\x21-\x7e]*$/.test(s)), { numRuns: RUNS, seed: SEED });
    await fire(
      [
        // `message` retyped to null is simply an update without a message: 200, nothing published.
        ...retyped.map((update) => ({ path, body: JSON.stringify(update), headers: json })),
        ...random.map((body) => ({ path, body, headers: json })),
        ...wrongSecrets.map((secret) => ({ path, body: JSON.stringify(valid), headers: { ...json, 'x-telegram-bot-api-secret-token': secret } })),
      ],
      [200, 400, 401],
    );
  });

  it('web chat answers mutated messages with 4xx only', async () => {
    const session = (await (await fetch(`${base}/webchat/demo-web/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${session.token}` };
    const valid = { clientMessageId: randomUUID(), text: 'fuzz' } as Json;
    const retyped = fc.sample(fc.constantFrom('clientMessageId', 'text').chain((p) => otherTypeThan(getPath(valid, p)).map((value) => setPath(valid, p, value))), { numRuns: RUNS, seed: SEED });
    await fire(
      [
        ...retyped.map((body) => ({ path: '/webchat/demo-web/messages', body: JSON.stringify(body), headers })),
        ...fc.sample(randomBodies, { numRuns: RUNS, seed: SEED }).map((body) => ({ path: '/webchat/demo-web/messages', body, headers })),
      ],
      [400],
    );
  });

  it('published nothing for any of it, and the service is still healthy', async () => {
    const fuzzAccounts = Object.values(accountIds);
    const [receipts] = (await service.runtime.dataSource.query(
      `SELECT count(*)::int AS count FROM "channels_ingest"."inbound_receipt" WHERE "account_id" = ANY($1::text[])`,
      [fuzzAccounts],
    )) as Array<{ count: number }>;
    expect(receipts.count).toBe(0);

    // A genuine message per channel afterwards still goes through, and is the only thing on Kafka for these accounts.
    const update = telegramTextUpdate(900_000_001, 'sentinel');
    const sentinel = await fetch(`${base}/webhooks/telegram/${accountIds.telegram}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret },
      body: JSON.stringify(update),
    });
    expect(sentinel.status).toBe(200);
    await waitFor(() => recorder.on(Topics.InboundMessage, (value) => value.providerMessageId === 'update:900000001')[0], 'the sentinel');
    expect(recorder.on(Topics.InboundMessage, (value) => fuzzAccounts.includes(value.accountId as string) && value.text !== 'sentinel')).toHaveLength(0);
    expect(recorder.on(Topics.DeliveryStatus, (value) => value.tenantId === tenantId)).toHaveLength(0);
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBeGreaterThan(3000);
  });
});

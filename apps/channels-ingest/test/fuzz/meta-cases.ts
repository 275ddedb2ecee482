// Fuzz cases for Meta's webhooks (WhatsApp, Messenger, Instagram), every one signed as Meta signs
// (HMAC-SHA256 of the exact bytes) unless the case is about the signature.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { secrets } from '../accounts';
import { messengerTextWebhook, metaSignature, whatsappTemplateStatusWebhook, whatsappTextWebhook } from '../provider-fixtures';
import {
  deeplyNested,
  type FuzzCase,
  getPath,
  hashedId,
  hostileText,
  NUL,
  otherTypeThan,
  OVERSIZED,
  randomBodies,
  RUNS,
  sample,
  setPath,
  stripNul,
  tamperings,
  truncations,
} from './arbitraries';

type MetaChannel = 'whatsapp' | 'messenger' | 'instagram';

const json = { 'content-type': 'application/json' };
const signedCase = (
  channel: MetaChannel,
  kind: string,
  body: string,
  status: number,
  secret: string,
  publishes?: FuzzCase['publishes'],
): FuzzCase => ({
  kind: `${channel} ${kind}`,
  path: `/webhooks/${channel}`,
  body,
  headers: { ...json, 'x-hub-signature-256': metaSignature(body, secret) },
  status,
  ...(publishes ? { publishes } : {}),
});

/** Text as the normalisers publish it: cut to the contract's 64 000, NUL removed. */
const published = (text: string) => stripNul(text.slice(0, 64_000));

export function whatsappCases(): FuzzCase[] {
  const secret = secrets.whatsappAppSecret;
  const wamid = () => `wamid.${randomUUID()}`;
  const make = (id: string, text: string, mutate: (payload: ReturnType<typeof whatsappTextWebhook>) => unknown = (payload) => payload) =>
    JSON.stringify(mutate(whatsappTextWebhook(id, text)));
  const message = 'entry.0.changes.0.value.messages.0';
  const cases: FuzzCase[] = [];
  const accept = (kind: string, text: string, id = wamid(), mutate?: (payload: ReturnType<typeof whatsappTextWebhook>) => unknown) =>
    cases.push(
      signedCase('whatsapp', kind, make(id, text, mutate), 200, secret, { providerMessageId: hashedId(id), text: published(text) }),
    );
  const answer = (kind: string, status: number, body: string, withSecret = secret) =>
    cases.push(signedCase('whatsapp', kind, body, status, withSecret));

  // Valid shape, hostile text: accepted, published once with NUL removed.
  for (const text of sample(hostileText(), RUNS, 1)) accept('hostile text', text);
  for (const name of sample(hostileText(6), 50, 2))
    accept('hostile profile name', 'name', wamid(), (payload) =>
      setPath(payload, 'entry.0.changes.0.value.contacts.0.profile.name', name.slice(0, 500)),
    );
  // The edges of every limit, and one past them.
  accept('text of 65 536 characters', 'w'.repeat(65_536));
  answer('text of 65 537 characters', 400, make(wamid(), 'w'.repeat(65_537)));
  accept('id of 500 characters (hashed)', 'long id', `wamid.${'L'.repeat(494)}`);
  accept('id of exactly 200 characters', 'id 200', `wamid.${'M'.repeat(194)}`);
  answer('id of 501 characters', 400, make(`wamid.${'L'.repeat(495)}`, 'x'));
  accept('sender of 50 digits', 'from 50', wamid(), (payload) => setPath(payload, `${message}.from`, '1'.repeat(50)));
  answer(
    'sender of 51 digits',
    400,
    make(wamid(), 'x', (payload) => setPath(payload, `${message}.from`, '1'.repeat(51))),
  );
  // NUL: removed from text, refused in ids.
  accept('NUL in the text', `a${NUL}b${NUL}`);
  answer('NUL in the message id', 400, make(`wamid.${NUL}${randomUUID()}`, 'x'));
  answer(
    'NUL in the sender',
    400,
    make(wamid(), 'x', (payload) => setPath(payload, `${message}.from`, `1${NUL}`)),
  );
  answer(
    'NUL as the phone number id',
    400,
    make(wamid(), 'x', (payload) => setPath(payload, 'entry.0.changes.0.value.metadata.phone_number_id', NUL)),
  );
  // Huge numbers and deep extras: unknown fields are ignored, absurd timestamps dropped.
  accept('huge numbers in extra fields', 'huge', wamid(), (payload) =>
    setPath(payload, 'entry.0.changes.0.value.pricing', { billable: 1e308, n: -Number.MAX_VALUE }),
  );
  accept('a timestamp far beyond year 9999', 'far future', wamid(), (payload) =>
    setPath(payload, `${message}.timestamp`, '99999999999999999999'),
  );
  accept('extras nested 500 deep', 'deep', wamid(), (payload) => setPath(payload, 'entry.0.changes.0.value.extra', deeplyNested(500)));
  answer(
    'a number too large for a double (1e999)',
    400,
    make(wamid(), 'x', (payload) => setPath(payload, `${message}.location`, { latitude: 1, longitude: 2 })).replace(
      '"latitude":1',
      '"latitude":1e999',
    ),
  );
  // Nothing to ingest (a template status), signed: 200, nothing published.
  answer('signed delivery without messages', 200, JSON.stringify(whatsappTemplateStatusWebhook()));
  answer('delivery without messages, not signed by our app', 401, JSON.stringify(whatsappTemplateStatusWebhook()), 'another-app-secret');
  answer(
    'unknown phone number id',
    404,
    make(wamid(), 'x', (payload) => setPath(payload, 'entry.0.changes.0.value.metadata.phone_number_id', '999999999999999')),
  );
  answer('signed with another app secret', 401, make(wamid(), 'x'), 'another-app-secret');
  cases.push(
    ...metaMutations('whatsapp', JSON.parse(make(wamid(), 'fuzz-valid')), secret, [
      'object',
      'entry',
      'entry.0.changes',
      'entry.0.changes.0.field',
      'entry.0.changes.0.value',
      'entry.0.changes.0.value.metadata.phone_number_id',
      'entry.0.changes.0.value.contacts.0.wa_id',
      'entry.0.changes.0.value.messages',
      message,
      `${message}.from`,
      `${message}.id`,
      `${message}.timestamp`,
      `${message}.type`,
      `${message}.text`,
      `${message}.text.body`,
    ]),
  );
  return cases;
}

export function messagingCases(channel: 'messenger' | 'instagram'): FuzzCase[] {
  const object = channel === 'messenger' ? 'page' : 'instagram';
  const secret = channel === 'messenger' ? secrets.messengerAppSecret : secrets.instagramAppSecret;
  const mid = () => `m_${randomUUID()}`;
  const event = 'entry.0.messaging.0';
  const make = (id: string, text: string, mutate: (payload: ReturnType<typeof messengerTextWebhook>) => unknown = (payload) => payload) =>
    JSON.stringify(mutate(messengerTextWebhook(id, text, object)));
  const cases: FuzzCase[] = [];
  const accept = (kind: string, text: string, id = mid(), mutate?: (payload: ReturnType<typeof messengerTextWebhook>) => unknown) =>
    cases.push(signedCase(channel, kind, make(id, text, mutate), 200, secret, { providerMessageId: hashedId(id), text: published(text) }));
  const answer = (kind: string, status: number, body: string, withSecret = secret) =>
    cases.push(signedCase(channel, kind, body, status, withSecret));

  for (const text of sample(hostileText(), RUNS, 3)) accept('hostile text', text);
  accept('text of 65 536 characters', 'm'.repeat(65_536));
  answer('text of 65 537 characters', 400, make(mid(), 'm'.repeat(65_537)));
  // Prefixed by channel: the same id on two accounts is two messages, but one key of the books kept below.
  accept('mid of 500 characters (hashed)', 'long mid', `m_${channel[0]}${'L'.repeat(497)}`);
  answer('mid of 501 characters', 400, make(`m_${'L'.repeat(499)}`, 'x'));
  accept('sender of 320 characters', 'sender 320', mid(), (payload) => setPath(payload, `${event}.sender.id`, '7'.repeat(320)));
  answer(
    'sender of 321 characters',
    400,
    make(mid(), 'x', (payload) => setPath(payload, `${event}.sender.id`, '7'.repeat(321))),
  );
  accept('NUL in the text', `${NUL}hello${NUL}`);
  answer(
    'NUL in the sender id',
    400,
    make(mid(), 'x', (payload) => setPath(payload, `${event}.sender.id`, `${NUL}1`)),
  );
  answer('NUL in the mid', 400, make(`m_${NUL}`, 'x'));
  accept('a timestamp of 1e308', 'huge timestamp', mid(), (payload) => setPath(payload, `${event}.timestamp`, 1e308));
  accept('extras nested 500 deep', 'deep', mid(), (payload) => setPath(payload, `${event}.extra`, deeplyNested(500)));
  answer(
    'a page we do not know',
    404,
    make(mid(), 'x', (payload) => setPath(payload, 'entry.0.id', '999999999999999')),
  );
  answer('signed with another app secret', 401, make(mid(), 'x'), 'another-app-secret');
  cases.push(
    ...metaMutations(channel, JSON.parse(make(mid(), 'fuzz-valid')), secret, [
      'object',
      'entry',
      'entry.0.id',
      'entry.0.messaging',
      event,
      `${event}.sender`,
      `${event}.sender.id`,
      `${event}.timestamp`,
      `${event}.message`,
      `${event}.message.mid`,
      `${event}.message.text`,
    ]),
  );
  return cases;
}

/** Mutations of one valid, known-account payload, each with its one right answer. */
function metaMutations(channel: MetaChannel, valid: unknown, secret: string, typedPaths: string[]): FuzzCase[] {
  const raw = JSON.stringify(valid);
  const original = metaSignature(raw, secret);
  const keepSignature = (kind: string, body: string, status: number): FuzzCase => ({
    kind: `${channel} ${kind}`,
    path: `/webhooks/${channel}`,
    body,
    headers: { ...json, 'x-hub-signature-256': original },
    status,
  });
  return [
    // Cut in transit: not JSON at all.
    ...truncations(raw, RUNS, 11).map((body) => keepSignature('truncated body', body, 400)),
    // One character of the text changed after signing: valid JSON for a known account, bad signature.
    ...tamperings(raw, 'fuzz-valid', RUNS, 12).map((body) => keepSignature('tampered text', body, 401)),
    // A documented field of another type, signed correctly: the shape check catches it.
    ...sample(
      fc.constantFrom(...typedPaths).chain((path) => otherTypeThan(getPath(valid, path)).map((value) => setPath(valid, path, value))),
      RUNS,
      13,
    ).map((payload) => signedCase(channel, 'retyped field', JSON.stringify(payload), 400, secret)),
    // Anything at all, signed correctly.
    ...sample(randomBodies, RUNS, 14).map((body) => signedCase(channel, 'random body', body, 400, secret)),
    ...[0, 1, 2].map(() => signedCase(channel, 'oversized body', JSON.stringify(setPath(valid, 'padding', OVERSIZED)), 413, secret)),
  ];
}

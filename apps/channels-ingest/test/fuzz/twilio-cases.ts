// Fuzz cases for Twilio's SMS webhook, signed as Twilio signs (HMAC-SHA1 over the URL and the
// sorted parameters, with the auth token) unless the case is about the signature.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { secrets } from '../accounts';
import { ids, twilioInboundSms, twilioSign } from '../provider-fixtures';
import { type FuzzCase, hostileText, NUL, OVERSIZED, randomBodies, RUNS, sample, stripNul } from './arbitraries';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const sid = () => `SM${randomUUID().replace(/-/g, '')}`;

/** The parameters as the service will read them back (a lone surrogate is sent as U+FFFD). */
const asReceived = (params: Record<string, string>) => Object.fromEntries(new URLSearchParams(new URLSearchParams(params).toString()));

export function twilioCases(publicUrl: string): FuzzCase[] {
  const path = '/webhooks/twilio/sms';
  const url = `${publicUrl}${path}`;
  const signed = (
    kind: string,
    params: Record<string, string>,
    status: number,
    token = secrets.twilioAuthToken,
    target = path,
  ): FuzzCase => ({
    kind: `twilio ${kind}`,
    path: target,
    body: new URLSearchParams(params).toString(),
    headers: { ...form, 'x-twilio-signature': twilioSign(token, `${publicUrl}${target}`, asReceived(params)) },
    status,
    ...(status === 200 && target === path
      ? { publishes: { providerMessageId: params.MessageSid, text: stripNul(asReceived(params).Body ?? '') } }
      : {}),
  });
  const sms = (body: string, extra: Record<string, string> = {}) => ({ ...twilioInboundSms(sid(), body), ...extra });
  const cases: FuzzCase[] = [];

  for (const body of sample(hostileText(), RUNS, 21)) cases.push(signed('hostile body', sms(body), 200));
  cases.push(signed('body of 64 000 characters', sms('s'.repeat(64_000)), 200));
  cases.push(signed('body of 64 001 characters', sms('s'.repeat(64_001)), 400));
  cases.push(signed('sender of 50 characters', sms('from 50', { From: `+${'1'.repeat(49)}` }), 200));
  cases.push(signed('sender of 51 characters', sms('x', { From: `+${'1'.repeat(50)}` }), 400));
  cases.push(signed('NUL in the body', sms(`a${NUL}b`), 200));
  cases.push(signed('NUL as our number (To)', sms('x', { To: NUL }), 400));
  cases.push(signed('NUL in the sender', sms('x', { From: `${ids.customerPhone}${NUL}` }), 400));
  cases.push(
    signed('huge and odd extra parameters', sms('extras', { NumSegments: '1e308', ToZip: '9'.repeat(5000), X_Unknown: '\u202e' }), 200),
  );
  cases.push(signed('ten media items without URLs', sms('media', { NumMedia: '10' }), 200));
  cases.push(signed('eleven media items', sms('x', { NumMedia: '11' }), 400));
  cases.push(signed('a number we do not know', sms('x', { To: '+15550000001' }), 404));
  cases.push(signed('signed with another auth token', sms('x'), 403, 'f'.repeat(32)));
  cases.push(signed('oversized body', sms(OVERSIZED), 413));

  // A parameter changed after signing: 403 (or 400/404 when the change itself makes the request invalid or unknown).
  const valid = sms('fuzz-valid');
  const original = twilioSign(secrets.twilioAuthToken, url, valid);
  for (const value of sample(
    fc.string({ minLength: 1, maxLength: 40 }).filter((text) => !text.includes(NUL)),
    RUNS,
    22,
  )) {
    cases.push({
      kind: 'twilio body changed after signing',
      path,
      body: new URLSearchParams({ ...valid, Body: value === 'fuzz-valid' ? 'fuzz-valie' : value }).toString(),
      headers: { ...form, 'x-twilio-signature': original },
      status: 403,
    });
  }
  for (const value of sample(fc.constantFrom('MessageSid', 'AccountSid'), 50, 23)) {
    cases.push({
      kind: `twilio ${value} not a Twilio SID`,
      path,
      body: new URLSearchParams({ ...valid, [value]: 'XX123' }).toString(),
      headers: { ...form, 'x-twilio-signature': original },
      status: 400,
    });
  }
  // Any parameters at all, correctly signed, to both endpoints: never a complete message.
  const keys = fc.constantFrom('MessageSid', 'AccountSid', 'From', 'To', 'Body', 'NumMedia', 'MessageStatus', 'X');
  for (const params of sample(
    fc.dictionary(keys, fc.string({ maxLength: 40 })).filter((params) => !(params.MessageSid && params.AccountSid && params.From)),
    RUNS,
    24,
  )) {
    cases.push(signed('random parameters', params, 400));
    cases.push(signed('random status parameters', params, 400, secrets.twilioAuthToken, `${path}/status`));
  }
  for (const body of sample(randomBodies, RUNS, 25))
    cases.push({ kind: 'twilio random body', path, body, headers: { ...form, 'x-twilio-signature': original }, status: 400 });
  return cases;
}

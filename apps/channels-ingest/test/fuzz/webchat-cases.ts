// Fuzz cases for the web-chat visitor API of the demo account, with a valid session token unless
// the case is about it.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  type FuzzCase,
  getPath,
  hostileText,
  NUL,
  otherTypeThan,
  OVERSIZED,
  randomBodies,
  RUNS,
  sample,
  setPath,
  stripNul,
} from './arbitraries';

/** What the API does with a text: NUL removed, then 1-4000 characters that are not all blank. */
const accepted = (text: string) => {
  const kept = stripNul(text);
  return kept.length <= 4000 && kept.trim().length > 0;
};

export function webchatCases(accountId: string, token: string): FuzzCase[] {
  const path = `/webchat/${accountId}/messages`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const cases: FuzzCase[] = [];
  const post = (kind: string, text: unknown, options: { status?: number; headers?: Record<string, string>; path?: string } = {}) => {
    const clientMessageId = randomUUID();
    const ok = typeof text === 'string' && accepted(text);
    cases.push({
      kind: `webchat ${kind}`,
      path: options.path ?? path,
      body: JSON.stringify({ clientMessageId, text }),
      headers: options.headers ?? headers,
      status: options.status ?? (ok ? 202 : 400),
      ...(options.status === undefined && ok ? { publishes: { providerMessageId: clientMessageId, text: stripNul(text) } } : {}),
    });
  };

  for (const text of sample(hostileText(), RUNS, 41)) post('hostile text', text);
  post('text of 4000 characters', 'c'.repeat(4000));
  post('text of 4001 characters', 'c'.repeat(4001));
  post('4000 characters and a NUL', `${'c'.repeat(4000)}${NUL}`);
  post('nothing but NUL and blanks', `${NUL} ${NUL}\n`);
  post('no session token', 'hello', { status: 401, headers: { 'content-type': 'application/json' } });
  post('a forged session token', 'hello', { status: 401, headers: { ...headers, authorization: `Bearer ${token.slice(0, -2)}xx` } });
  post('an account that does not exist', 'hello', { status: 404, path: '/webchat/no-such-account/messages' });
  post('NUL in the account of the path', 'hello', { status: 400, path: '/webchat/%00/messages' });
  post('oversized body', OVERSIZED, { status: 413 });

  const valid = { clientMessageId: randomUUID(), text: 'fuzz' };
  for (const body of sample(
    fc.constantFrom('clientMessageId', 'text').chain((p) => otherTypeThan(getPath(valid, p)).map((value) => setPath(valid, p, value))),
    RUNS,
    42,
  )) {
    cases.push({ kind: 'webchat retyped field', path, body: JSON.stringify(body), headers, status: 400 });
  }
  for (const body of sample(randomBodies, RUNS, 43)) cases.push({ kind: 'webchat random body', path, body, headers, status: 400 });
  return cases;
}

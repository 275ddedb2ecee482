// Fuzz cases for Telegram's webhook, with the bot's secret token unless the case is about it.
import fc from 'fast-check';
import { accountIds, secrets } from '../accounts';
import { telegramTextUpdate } from '../provider-fixtures';
import {
  deeplyNested,
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
  truncations,
} from './arbitraries';

let nextUpdateId = 900_000_000;

export function telegramCases(): FuzzCase[] {
  const path = `/webhooks/telegram/${accountIds.telegram}`;
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secrets.telegramWebhookSecret };
  const update = (text: string) => telegramTextUpdate((nextUpdateId += 1), text);
  type Update = ReturnType<typeof update>;
  const cases: FuzzCase[] = [];
  const send = (
    kind: string,
    body: unknown,
    status: number,
    options: { publishes?: FuzzCase['publishes']; path?: string; headers?: Record<string, string> } = {},
  ) =>
    cases.push({
      kind: `telegram ${kind}`,
      path: options.path ?? path,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: options.headers ?? headers,
      status,
      ...(options.publishes ? { publishes: options.publishes } : {}),
    });
  const accept = (kind: string, text: string, mutate: (value: Update) => Update = (value) => value) => {
    const value = mutate(update(text));
    send(kind, value, 200, { publishes: { providerMessageId: `update:${value.update_id}`, text: stripNul(text.slice(0, 64_000)) } });
  };

  for (const text of sample(hostileText(), RUNS, 31)) accept('hostile text', text);
  accept('text of 65 536 characters', 't'.repeat(65_536));
  send('text of 65 537 characters', update('t'.repeat(65_537)), 400);
  accept('first name of 500 characters', 'long name', (value) => setPath(value, 'message.from.first_name', 'N'.repeat(500)));
  send('first name of 501 characters', setPath(update('x'), 'message.from.first_name', 'N'.repeat(501)), 400);
  accept('NUL in the text and the name', `${NUL}hi${NUL}`, (value) => setPath(value, 'message.from.first_name', `Ja${NUL}ne`));
  accept('the largest safe update_id', 'max id', (value) => setPath(value, 'update_id', Number.MAX_SAFE_INTEGER - (nextUpdateId % 1000)));
  send('an update_id beyond 2^53', JSON.stringify(update('x')).replace(/"update_id":\d+/, '"update_id":18014398509481984'), 400);
  send('a chat id of 1e308', setPath(update('x'), 'message.chat.id', 1e308), 400);
  accept('extras nested 500 deep', 'deep', (value) => setPath(value, 'message.extra', deeplyNested(500)));
  send('a message from a bot (ignored)', setPath(update('beep'), 'message.from.is_bot', true), 200);
  send('an edit (ignored)', { update_id: (nextUpdateId += 1), edited_message: update('edited').message }, 200);
  send('wrong secret token', update('x'), 401, { headers: { ...headers, 'x-telegram-bot-api-secret-token': 'wrong' } });
  send('no secret token', update('x'), 401, { headers: { 'content-type': 'application/json' } });
  send('a bot we do not know', update('x'), 404, { path: '/webhooks/telegram/no-such-bot' });
  send('NUL in the bot id of the path', update('x'), 400, { path: '/webhooks/telegram/%00' });
  send('oversized body', update(OVERSIZED), 413);

  const valid = update('fuzz-valid');
  const typedPaths = [
    'update_id',
    'message',
    'message.message_id',
    'message.date',
    'message.chat',
    'message.chat.id',
    'message.chat.type',
    'message.from.id',
    'message.text',
  ];
  for (const mutated of sample(
    fc.constantFrom(...typedPaths).chain((p) => otherTypeThan(getPath(valid, p)).map((value) => setPath(valid, p, value))),
    RUNS,
    32,
  ))
    send('retyped field', mutated, 400);
  for (const body of truncations(JSON.stringify(valid), RUNS, 33)) send('truncated body', body, 400);
  for (const body of sample(randomBodies, RUNS, 34)) send('random body', body, 400);
  for (const secret of sample(
    fc.string({ maxLength: 60 }).filter((s) => s !== secrets.telegramWebhookSecret && /^[\x21-\x7e]*$/.test(s)),
    RUNS,
    35,
  )) {
    send('wrong secret token', valid, 401, { headers: { ...headers, 'x-telegram-bot-api-secret-token': secret } });
  }
  return cases;
}

import { OutboundRefused } from '@garda/service-kit';
import { type Clock, deliverWithRetries, type ProviderFetch, type RetryPolicy } from './http-delivery';

/** A clock that only moves when the code under test waits, so the waits are exact and nothing sleeps. */
function fakeClock(start = 1_000_000): Clock & { waits: number[] } {
  let now = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
  };
}

const policy: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000, timeoutMs: 1000, budgetMs: 12_000 };
const request = { url: 'https://graph.example/v21.0/1/messages', headers: {}, body: '{}' };
const reply = (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers });

describe(deliverWithRetries.name, () => {
  let fetchMock: jest.MockedFunction<ProviderFetch>;
  const answers = (...responses: Array<Response | Error>) => {
    for (const response of responses)
      fetchMock.mockImplementationOnce(async () => (response instanceof Error ? Promise.reject(response) : response));
  };

  beforeEach(() => (fetchMock = jest.fn<ReturnType<ProviderFetch>, Parameters<ProviderFetch>>()));

  it('doubles the wait after each 5xx, 429 or network error, and succeeds when the provider does', async () => {
    const clock = fakeClock();
    answers(reply(503), new TypeError('fetch failed'), reply(429), reply(200, { messages: [{ id: 'wamid.1' }] }));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toEqual({ ok: true, status: 200, body: { messages: [{ id: 'wamid.1' }] } });
    expect(clock.waits).toEqual([500, 1000, 2000]);
  });

  it('never retries sooner than Retry-After (seconds, an HTTP date, or Telegram’s retry_after)', async () => {
    const clock = fakeClock(Date.parse('2026-11-23T18:00:00Z'));
    answers(
      reply(429, {}, { 'retry-after': '3' }),
      reply(503, {}, { 'retry-after': 'Mon, 23 Nov 2026 18:00:08 GMT' }),
      reply(429, { ok: false, error_code: 429, parameters: { retry_after: 2 } }),
      reply(200),
    );
    await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(clock.waits).toEqual([3000, 5000, 2000]);
  });

  it('gives up at once when Retry-After is longer than it may wait, saying so', async () => {
    const clock = fakeClock();
    answers(reply(429, { error: { message: 'Too many requests' } }, { 'retry-after': '60' }));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({
      ok: false,
      status: 429,
      attempts: 1,
      error: '429 the provider is rate limiting (the provider asks to retry after 60 s)',
      detail: 'Too many requests',
    });
    expect(clock.waits).toEqual([]);
  });

  it('stops when the next wait would pass the deadline: the whole send stays within its budget', async () => {
    const clock = fakeClock();
    answers(reply(503), reply(503), reply(503), reply(200));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + 1200, clock);
    expect(outcome).toMatchObject({ ok: false, status: 503, attempts: 2, error: expect.stringContaining('retry budget spent') });
    expect(clock.waits).toEqual([500]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('fails a 4xx other than 429 at once, telling the agent the status and error code, keeping the provider’s words for the logs', async () => {
    const clock = fakeClock();
    answers(reply(400, { error: { message: '(#131030) Recipient phone number not in allowed list', code: 131030 } }));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toEqual({
      ok: false,
      status: 400,
      attempts: 1,
      error: '400 the provider refused the message (error code 131030)',
      detail: '(#131030) Recipient phone number not in allowed list',
    });
  });

  it('never repeats what a provider (or whatever a tenant pointed the URL at) answered', async () => {
    const clock = fakeClock();
    answers(reply(403, '<html>internal admin console: token=s3cr3t</html>'));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({ ok: false, error: '403 the provider refused the message' });
    expect(outcome.ok === false && outcome.error).not.toContain('s3cr3t');
  });

  it('fails at once, without retrying, when the outbound guard refuses the URL', async () => {
    const clock = fakeClock();
    answers(new OutboundRefused('metadata.internal is not a public address', 'metadata.internal → 169.254.169.254 (linkLocal)'));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toEqual({
      ok: false,
      attempts: 1,
      error: 'refused: metadata.internal is not a public address',
      detail: 'metadata.internal → 169.254.169.254 (linkLocal)',
    });
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('says a network error in its own words, not the connection error’s (which would name addresses and ports)', async () => {
    const clock = fakeClock();
    answers(...Array.from({ length: 4 }, () => new TypeError('connect ECONNREFUSED 10.0.0.7:8443')));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({ ok: false, error: 'gave up after 4 attempts: the provider could not be reached' });
  });

  it('reports the last error after the last attempt', async () => {
    const clock = fakeClock();
    answers(reply(502), reply(502), reply(502), reply(500, { message: 'still broken' }));
    const outcome = await deliverWithRetries(request, policy, fetchMock, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({
      ok: false,
      attempts: 4,
      error: 'gave up after 4 attempts: 500 the provider failed',
      detail: 'still broken',
    });
  });
});

import { type Clock, deliverWithRetries, type RetryPolicy } from './http-delivery';

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
  let fetchMock: jest.SpyInstance;
  const answers = (...responses: Array<Response | Error>) => {
    for (const response of responses)
      fetchMock.mockImplementationOnce(async () => (response instanceof Error ? Promise.reject(response) : response));
  };

  beforeEach(() => (fetchMock = jest.spyOn(globalThis, 'fetch')));
  afterEach(() => fetchMock.mockRestore());

  it('doubles the wait after each 5xx, 429 or network error, and succeeds when the provider does', async () => {
    const clock = fakeClock();
    answers(reply(503), new TypeError('fetch failed'), reply(429), reply(200, { messages: [{ id: 'wamid.1' }] }));
    const outcome = await deliverWithRetries(request, policy, clock.now() + policy.budgetMs, clock);
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
    await deliverWithRetries(request, policy, clock.now() + policy.budgetMs, clock);
    expect(clock.waits).toEqual([3000, 5000, 2000]);
  });

  it('gives up at once when Retry-After is longer than it may wait, saying so', async () => {
    const clock = fakeClock();
    answers(reply(429, { error: { message: 'Too many requests' } }, { 'retry-after': '60' }));
    const outcome = await deliverWithRetries(request, policy, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({
      ok: false,
      status: 429,
      attempts: 1,
      error: '429 Too many requests (the provider asks to retry after 60 s)',
    });
    expect(clock.waits).toEqual([]);
  });

  it('stops when the next wait would pass the deadline: the whole send stays within its budget', async () => {
    const clock = fakeClock();
    answers(reply(503), reply(503), reply(503), reply(200));
    const outcome = await deliverWithRetries(request, policy, clock.now() + 1200, clock);
    expect(outcome).toMatchObject({ ok: false, status: 503, attempts: 2, error: expect.stringContaining('retry budget spent') });
    expect(clock.waits).toEqual([500]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('fails a 4xx other than 429 at once with the provider’s own words', async () => {
    const clock = fakeClock();
    answers(reply(400, { error: { message: '(#131030) Recipient phone number not in allowed list' } }));
    const outcome = await deliverWithRetries(request, policy, clock.now() + policy.budgetMs, clock);
    expect(outcome).toEqual({ ok: false, status: 400, attempts: 1, error: '400 (#131030) Recipient phone number not in allowed list' });
  });

  it('reports the last error after the last attempt', async () => {
    const clock = fakeClock();
    answers(reply(502), reply(502), reply(502), reply(500, { message: 'still broken' }));
    const outcome = await deliverWithRetries(request, policy, clock.now() + policy.budgetMs, clock);
    expect(outcome).toMatchObject({ ok: false, attempts: 4, error: 'gave up after 4 attempts: 500 still broken' });
  });
});

import { OutboundRefused } from '@garda/service-kit';

export interface ProviderRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

/**
 * `error` is what the agent sees: our own words, the HTTP status and the provider's error code at
 * most, never the provider's response text (it can carry anything, and a tenant-chosen URL's
 * answer must not be read back through Garda). `detail` has the provider's words, for the logs.
 */
export type DeliveryOutcome =
  { ok: true; status: number; body: unknown } | { ok: false; status?: number; error: string; detail?: string; attempts: number };

/** How a provider request leaves the building: OutboundGuard.fetch in the service, a stub in unit tests. */
export type ProviderFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; ok: boolean; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  /** The most one outbound message may spend on provider calls and waits, every attempt included. */
  budgetMs: number;
}

export const RETRY_POLICY = Symbol('RetryPolicy');

/** Time, injectable so the backoff can be tested without waiting. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };

/**
 * Why a budget at all: a send runs inside the Kafka consumer's handler and its database
 * transaction (so "sent" and the delivery status commit together). While it waits, the partition
 * waits, and past the consumer's 15 s session timeout the broker would take the partition away and
 * the message would be delivered (and sent) again. So retries are bounded by a deadline per message
 * (OUTBOUND_RETRY_BUDGET_MS, below that timeout) rather than moved out of the transaction; what
 * does not succeed within it is reported as failed, with the reason, to the agent.
 */
export const deadlineFor = (policy: RetryPolicy, clock: Clock = systemClock): number => clock.now() + policy.budgetMs;

/** The wait before attempt `attempt + 1`: exponential from baseDelayMs, at most maxDelayMs. */
export const backoffMs = (policy: RetryPolicy, attempt: number): number =>
  Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

/**
 * Sends one provider API request. 429, 5xx and network errors are retried with exponential
 * backoff, never sooner than the provider's Retry-After; any other 4xx is permanent at once,
 * because sending the same request again cannot succeed. Gives up when the attempts or the
 * deadline run out, or when Retry-After asks for longer than maxDelayMs (retrying sooner would
 * only be refused again).
 */
export async function deliverWithRetries(
  request: ProviderRequest,
  policy: RetryPolicy,
  send: ProviderFetch,
  deadline: number = deadlineFor(policy),
  clock: Clock = systemClock,
): Promise<DeliveryOutcome> {
  let lastError = 'not attempted';
  let lastDetail: string | undefined;
  let lastStatus: number | undefined;
  const failed = (error: string, attempts: number): DeliveryOutcome => ({
    ok: false,
    status: lastStatus,
    error,
    ...(lastDetail === undefined ? {} : { detail: lastDetail }),
    attempts,
  });
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    const remaining = deadline - clock.now();
    if (remaining <= 0) return failed(`gave up after ${attempt - 1} attempts (retry budget spent): ${lastError}`, attempt - 1);
    let retryAfterMs: number | undefined;
    const timeoutMs = Math.min(policy.timeoutMs, remaining);
    try {
      const response = await send(request.url, {
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      const body = parseBody(text);
      if (response.ok) return { ok: true, status: response.status, body };
      lastStatus = response.status;
      lastError = describeProviderFailure(response.status, body);
      lastDetail = providerWords(body, text);
      if (response.status !== 429 && response.status < 500) return failed(lastError, attempt);
      retryAfterMs = retryAfter(response.headers.get('retry-after'), body, clock.now());
    } catch (error) {
      lastStatus = undefined;
      lastDetail = (error as Error).message;
      // The guard's refusal will not change by retrying: the URL points where Garda may not call.
      if (error instanceof OutboundRefused)
        return { ok: false, error: `refused: ${error.reason}`, detail: error.detail, attempts: attempt };
      lastError = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'the provider could not be reached';
    }
    if (attempt === policy.attempts) break;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) {
      return failed(`${lastError} (the provider asks to retry after ${Math.ceil(retryAfterMs / 1000)} s)`, attempt);
    }
    const wait = Math.max(backoffMs(policy, attempt), retryAfterMs ?? 0);
    if (clock.now() + wait >= deadline) return failed(`gave up after ${attempt} attempts (retry budget spent): ${lastError}`, attempt);
    await clock.sleep(wait);
  }
  return failed(`gave up after ${policy.attempts} attempts: ${lastError}`, policy.attempts);
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Retry-After in seconds or as an HTTP date; Telegram says it in the body (parameters.retry_after). */
function retryAfter(header: string | null, body: unknown, now: number): number | undefined {
  const value = header ?? (body as { parameters?: { retry_after?: number } } | undefined)?.parameters?.retry_after;
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(String(value));
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * What the agent reads about a refused request: the status and, when the provider gives one, its
 * error code (Graph `error.code`, Twilio `code`, Telegram `error_code`), which support can look up.
 */
function describeProviderFailure(status: number, body: unknown): string {
  const value = (typeof body === 'object' && body ? body : {}) as { error?: { code?: unknown }; code?: unknown; error_code?: unknown };
  const code = [value.error?.code, value.code, value.error_code].find(
    (candidate) => (typeof candidate === 'number' || typeof candidate === 'string') && /^[\w.-]{1,20}$/.test(String(candidate)),
  );
  const what =
    status === 429 ? 'the provider is rate limiting' : status >= 500 ? 'the provider failed' : 'the provider refused the message';
  return `${status} ${what}${code === undefined ? '' : ` (error code ${String(code)})`}`;
}

/** The provider's own words about a failure (Graph error.message, Twilio message, Telegram description), for the logs. */
function providerWords(body: unknown, text: string): string {
  const value = body as { error?: { message?: string }; message?: string; description?: string } | undefined;
  const message = (typeof value === 'object' && value && (value.error?.message ?? value.message ?? value.description)) || text;
  return String(message).slice(0, 500);
}

export interface ProviderRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

export type DeliveryOutcome = { ok: true; status: number; body: unknown } | { ok: false; status?: number; error: string; attempts: number };

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
  deadline: number = deadlineFor(policy),
  clock: Clock = systemClock,
): Promise<DeliveryOutcome> {
  let lastError = 'not attempted';
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    const remaining = deadline - clock.now();
    if (remaining <= 0)
      return {
        ok: false,
        status: lastStatus,
        error: `gave up after ${attempt - 1} attempts (retry budget spent): ${lastError}`,
        attempts: attempt - 1,
      };
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(request.url, {
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(Math.min(policy.timeoutMs, remaining)),
      });
      const text = await response.text();
      const body = parseBody(text);
      if (response.ok) return { ok: true, status: response.status, body };
      lastStatus = response.status;
      lastError = `${response.status} ${describeProviderError(body, text)}`;
      if (response.status !== 429 && response.status < 500)
        return { ok: false, status: response.status, error: lastError, attempts: attempt };
      retryAfterMs = retryAfter(response.headers.get('retry-after'), body, clock.now());
    } catch (error) {
      lastStatus = undefined;
      lastError = `request failed: ${(error as Error).message}`;
    }
    if (attempt === policy.attempts) break;
    if (retryAfterMs !== undefined && retryAfterMs > policy.maxDelayMs) {
      return {
        ok: false,
        status: lastStatus,
        error: `${lastError} (the provider asks to retry after ${Math.ceil(retryAfterMs / 1000)} s)`,
        attempts: attempt,
      };
    }
    const wait = Math.max(backoffMs(policy, attempt), retryAfterMs ?? 0);
    if (clock.now() + wait >= deadline)
      return {
        ok: false,
        status: lastStatus,
        error: `gave up after ${attempt} attempts (retry budget spent): ${lastError}`,
        attempts: attempt,
      };
    await clock.sleep(wait);
  }
  return { ok: false, status: lastStatus, error: `gave up after ${policy.attempts} attempts: ${lastError}`, attempts: policy.attempts };
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

/** The provider's own words about a failure (Graph error.message, Twilio message, Telegram description). */
function describeProviderError(body: unknown, text: string): string {
  const value = body as { error?: { message?: string }; message?: string; description?: string } | undefined;
  const message = (typeof value === 'object' && value && (value.error?.message ?? value.message ?? value.description)) || text;
  return String(message).slice(0, 500);
}

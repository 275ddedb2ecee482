export interface ProviderRequest {
  url: string;
  method?: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

export type DeliveryOutcome =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status?: number; error: string; attempts: number };

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const RETRY_POLICY = Symbol('RetryPolicy');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends one provider API request. 429, 5xx and network errors are retried with exponential
 * backoff (honouring Retry-After up to maxDelayMs); any other 4xx is permanent at once, because
 * sending the same request again cannot succeed.
 */
export async function deliverWithRetries(request: ProviderRequest, policy: RetryPolicy): Promise<DeliveryOutcome> {
  let lastError = 'not attempted';
  let lastStatus: number | undefined;
  for (let attempt = 1; attempt <= policy.attempts; attempt += 1) {
    let retryAfterMs: number | undefined;
    try {
      const response = await fetch(request.url, {
        method: request.method ?? 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      });
      const text = await response.text();
      const body = parseBody(text);
      if (response.ok) return { ok: true, status: response.status, body };
      lastStatus = response.status;
      lastError = `${response.status} ${describeProviderError(body, text)}`;
      if (response.status !== 429 && response.status < 500) return { ok: false, status: response.status, error: lastError, attempts: attempt };
      retryAfterMs = retryAfter(response.headers.get('retry-after'), body);
    } catch (error) {
      lastStatus = undefined;
      lastError = `request failed: ${(error as Error).message}`;
    }
    if (attempt < policy.attempts) {
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(policy.maxDelayMs, Math.max(backoff, retryAfterMs ?? 0)));
    }
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

function retryAfter(header: string | null, body: unknown): number | undefined {
  const seconds = Number(header ?? (body as { parameters?: { retry_after?: number } } | undefined)?.parameters?.retry_after);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** The provider's own words about a failure (Graph error.message, Twilio message, Telegram description). */
function describeProviderError(body: unknown, text: string): string {
  const value = body as { error?: { message?: string }; message?: string; description?: string } | undefined;
  const message = (typeof value === 'object' && value && (value.error?.message ?? value.message ?? value.description)) || text;
  return String(message).slice(0, 500);
}

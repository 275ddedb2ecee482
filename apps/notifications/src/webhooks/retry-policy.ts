const MAX_DELAY_MS = 3_600_000;

/** Delay before retry number `attempt` (1 = first retry): base, 4×base, 16×base… capped at an hour. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 4 ** Math.max(0, attempt - 1), MAX_DELAY_MS);
}

export type DeliveryOutcome = { status: 'delivered' } | { status: 'failed' } | { status: 'pending'; retryInMs: number };

/** After `attempts` tries: 2xx delivers; otherwise retry with backoff until maxAttempts, then fail. */
export function deliveryOutcome(succeeded: boolean, attempts: number, maxAttempts: number, baseMs: number): DeliveryOutcome {
  if (succeeded) return { status: 'delivered' };
  if (attempts >= maxAttempts) return { status: 'failed' };
  return { status: 'pending', retryInMs: retryDelayMs(attempts, baseMs) };
}

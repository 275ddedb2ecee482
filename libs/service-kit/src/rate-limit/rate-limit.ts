import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors/domain-errors';

/** A fixed-window limit: a key may spend `points` per `windowSeconds`. */
export interface RateLimitRule {
  /** Unique within the service (e.g. `webchat-sessions-per-address`); stored keys are `<name>:<key>`. */
  name: string;
  points: number;
  windowSeconds: number;
  /** Once a key is over the limit, refuse it this long (default: until its window ends). */
  blockSeconds?: number;
  /** What a refused caller reads (the 429's message). */
  message?: string;
}

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

/** Whole seconds to wait, never 0: a Retry-After of 0 would invite an immediate retry that fails again. */
export const retryAfterSeconds = (msBeforeNext: number): number => Math.max(1, Math.ceil(msBeforeNext / 1000));

/**
 * One limit, shared by every replica of the service when its store is PostgreSQL. `take` answers;
 * `consume` throws RateLimitedError (429 with Retry-After over HTTP).
 */
export class RateLimit {
  constructor(
    readonly rule: RateLimitRule,
    private readonly limiter: RateLimiterAbstract,
  ) {}

  async take(key: string, points = 1): Promise<RateLimitDecision> {
    try {
      const result = await this.limiter.consume(key, points);
      return { allowed: true, remaining: result.remainingPoints };
    } catch (refusal) {
      // rate-limiter-flexible rejects with a RateLimiterRes when over the limit, with an Error when the store fails.
      if (refusal instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: retryAfterSeconds(refusal.msBeforeNext) };
      throw refusal;
    }
  }

  /** Spends `points` for `key`, or throws RateLimitedError saying how long to wait. Returns what is left. */
  async consume(key: string, points = 1): Promise<number> {
    const decision = await this.take(key, points);
    if (!decision.allowed) throw new RateLimitedError(decision.retryAfterSeconds, this.rule.message);
    return decision.remaining;
  }

  /** Forgets the key (an operator lifting a limit, or a test). */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

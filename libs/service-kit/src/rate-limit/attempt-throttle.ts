import type { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors/domain-errors';
import { retryAfterSeconds } from './rate-limit';

/**
 * Failed attempts at something guessable (a password, a TOTP code): the first `freeFailures` cost
 * nothing, each further one makes the next attempt wait twice as long (from `firstDelaySeconds`
 * up to `maxDelaySeconds`), and `lockAfterFailures` within `windowSeconds` lock the key for
 * `lockSeconds`. After the lock the count starts again.
 */
export interface AttemptRule {
  /** Unique within the service, e.g. `login-per-account`. */
  name: string;
  freeFailures: number;
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  lockAfterFailures: number;
  lockSeconds: number;
  /** Failures are counted from the first one for this long, then forgotten. */
  windowSeconds: number;
  /** What a refused caller reads (the 429's message). */
  message?: string;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: 'delayed' | 'locked' };

export interface FailureOutcome {
  /** Failures counted in the current window (0 right after a lock, which starts the count again). */
  failures: number;
  /** How long the key must now wait before its next attempt (0: no wait). */
  retryAfterSeconds: number;
  locked: boolean;
}

/** The limiters an AttemptThrottle keeps its state in (one row each per key in PostgreSQL). */
export interface AttemptStores {
  /** Counts attempts that have not succeeded (duration = windowSeconds). */
  failures: RateLimiterAbstract;
  /** A short block: the progressive delay. */
  delay: RateLimiterAbstract;
  /** A long block: the temporary lock. */
  lock: RateLimiterAbstract;
}

/**
 * Progressive delay and temporary lock for one kind of key (an account, a source address).
 *
 *     await throttle.begin(key);            // 429 while delayed or locked; counts this attempt
 *     ok ? await throttle.succeeded(key)    // forgets the key's failures
 *        : await throttle.failed(key);      // applies the delay or the lock for the next attempt
 *
 * `begin` counts the attempt as a failure before the secret is checked, atomically in the store, so
 * a burst of parallel guesses cannot all slip in before the first failure is recorded: at most
 * `lockAfterFailures` guesses are evaluated per lock, whatever the concurrency.
 */
export class AttemptThrottle {
  constructor(
    readonly rule: AttemptRule,
    private readonly stores: AttemptStores,
  ) {
    if (rule.lockAfterFailures <= rule.freeFailures) throw new Error(`${rule.name}: lockAfterFailures must be above freeFailures`);
  }

  /** Whether `key` may try now, without counting anything. */
  async check(key: string): Promise<AttemptVerdict> {
    const [lock, delay] = await Promise.all([this.stores.lock.get(key), this.stores.delay.get(key)]);
    if (isBlocked(lock, this.stores.lock))
      return { allowed: false, reason: 'locked', retryAfterSeconds: retryAfterSeconds(lock.msBeforeNext) };
    if (isBlocked(delay, this.stores.delay))
      return { allowed: false, reason: 'delayed', retryAfterSeconds: retryAfterSeconds(delay.msBeforeNext) };
    return { allowed: true };
  }

  /** Refuses (RateLimitedError) while the key waits; otherwise counts this attempt until it is settled. */
  async begin(key: string): Promise<void> {
    const verdict = await this.check(key);
    if (!verdict.allowed) throw this.refusal(verdict.retryAfterSeconds, verdict.reason);
    const counted = await this.stores.failures.penalty(key, 1);
    if (counted.consumedPoints > this.rule.lockAfterFailures) {
      // Parallel attempts past the lock threshold: refused without being evaluated.
      await this.lock(key);
      throw this.refusal(this.rule.lockSeconds, 'locked');
    }
  }

  /** The attempt failed: the next one waits (progressive delay), or the key is locked. */
  async failed(key: string): Promise<FailureOutcome> {
    const failures = (await this.stores.failures.get(key))?.consumedPoints ?? 0;
    if (failures >= this.rule.lockAfterFailures) {
      await this.lock(key);
      return { failures: 0, retryAfterSeconds: this.rule.lockSeconds, locked: true };
    }
    const wait = this.delayAfter(failures);
    if (wait > 0) await this.stores.delay.block(key, wait);
    return { failures, retryAfterSeconds: wait, locked: false };
  }

  /** The attempt succeeded: the key's failures, delay and lock are forgotten. */
  async succeeded(key: string): Promise<void> {
    await Promise.all([this.stores.failures.delete(key), this.stores.delay.delete(key), this.stores.lock.delete(key)]);
  }

  /** The attempt ended without a verdict (e.g. the account does not exist and the caller treats that apart): uncount it. */
  async cancel(key: string): Promise<void> {
    const left = await this.stores.failures.reward(key, 1);
    // The row may have expired or been cleared by a lock meanwhile: never leave a negative count (a free attempt).
    if (left.consumedPoints <= 0) await this.stores.failures.delete(key);
  }

  /** Seconds the next attempt must wait after `failures` failures. */
  delayAfter(failures: number): number {
    const beyond = failures - this.rule.freeFailures;
    if (beyond <= 0) return 0;
    return Math.min(this.rule.maxDelaySeconds, this.rule.firstDelaySeconds * 2 ** (beyond - 1));
  }

  private async lock(key: string): Promise<void> {
    await this.stores.lock.block(key, this.rule.lockSeconds);
    await Promise.all([this.stores.failures.delete(key), this.stores.delay.delete(key)]);
  }

  private refusal(seconds: number, reason: 'delayed' | 'locked'): RateLimitedError {
    const message =
      this.rule.message ??
      (reason === 'locked' ? 'too many failed attempts: temporarily locked' : 'too many failed attempts: wait before retrying');
    return new RateLimitedError(seconds, message);
  }
}

/** `block()` stores points + 1 for the key, so a blocked key is one with more points than the limiter allows. */
function isBlocked(result: RateLimiterRes | null, limiter: RateLimiterAbstract): result is RateLimiterRes {
  return result !== null && result.consumedPoints > limiter.points && result.msBeforeNext > 0;
}

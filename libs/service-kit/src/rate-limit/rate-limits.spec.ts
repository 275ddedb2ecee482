import { RateLimitedError } from '../errors/domain-errors';
import { RateLimits } from './rate-limits';

const loginRule = {
  name: 'login-per-account',
  freeFailures: 3,
  firstDelaySeconds: 1,
  maxDelaySeconds: 30,
  lockAfterFailures: 8,
  lockSeconds: 900,
  windowSeconds: 3600,
};

async function refusal(promise: Promise<unknown>): Promise<RateLimitedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RateLimitedError) return error;
    throw error;
  }
  throw new Error('expected a RateLimitedError');
}

describe(RateLimits.name, () => {
  describe('a fixed-window limit', () => {
    it('lets a key spend its points, then refuses it with the seconds left in the window', async () => {
      const limit = RateLimits.inMemory().limit({ name: 'sessions', points: 3, windowSeconds: 60 });
      expect(await limit.consume('203.0.113.7')).toBe(2);
      await limit.consume('203.0.113.7');
      await limit.consume('203.0.113.7');
      const refused = await refusal(limit.consume('203.0.113.7'));
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(59);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(60);
    });

    it('counts each key apart', async () => {
      const limit = RateLimits.inMemory().limit({ name: 'sessions', points: 1, windowSeconds: 60 });
      await limit.consume('a');
      await expect(limit.consume('b')).resolves.toBe(0);
      expect(await limit.take('a')).toEqual({ allowed: false, retryAfterSeconds: expect.any(Number) });
    });

    it('keeps refusing a key for blockSeconds once it went over', async () => {
      const limit = RateLimits.inMemory().limit({ name: 'messages', points: 1, windowSeconds: 10, blockSeconds: 300 });
      await limit.consume('session');
      const refused = await refusal(limit.consume('session'));
      expect(refused.retryAfterSeconds).toBe(300);
    });

    it('says what the rule says to a refused caller', async () => {
      const limit = RateLimits.inMemory().limit({ name: 'x', points: 1, windowSeconds: 10, message: 'too many chats from your network' });
      await limit.consume('k');
      expect((await refusal(limit.consume('k'))).message).toBe('too many chats from your network');
    });

    it('forgets a key that is reset', async () => {
      const limit = RateLimits.inMemory().limit({ name: 'x', points: 1, windowSeconds: 10 });
      await limit.consume('k');
      await limit.reset('k');
      await expect(limit.consume('k')).resolves.toBe(0);
    });

    it('refuses two different limits under one name, which would share counts by accident', () => {
      const limits = RateLimits.inMemory();
      limits.limit({ name: 'x', points: 1, windowSeconds: 10 });
      expect(() => limits.limit({ name: 'x', points: 1, windowSeconds: 10 })).not.toThrow();
      expect(() => limits.limit({ name: 'x', points: 5, windowSeconds: 10 })).toThrow(/already defined differently/);
    });
  });

  describe('an attempt throttle (progressive delay, then a temporary lock)', () => {
    const fail = async (throttle: ReturnType<RateLimits['attempts']>, key: string) => {
      await throttle.begin(key);
      return throttle.failed(key);
    };

    it('lets the first failures through without a wait', async () => {
      const throttle = RateLimits.inMemory().attempts(loginRule);
      for (let failure = 1; failure <= 3; failure += 1) expect((await fail(throttle, 'ana')).retryAfterSeconds).toBe(0);
      expect(await throttle.check('ana')).toEqual({ allowed: true });
    });

    it('doubles the wait after each further failure and refuses an attempt made during it', async () => {
      const throttle = RateLimits.inMemory().attempts(loginRule);
      for (let failure = 1; failure <= 3; failure += 1) await fail(throttle, 'ana');
      expect(await fail(throttle, 'ana')).toEqual({ failures: 4, retryAfterSeconds: 1, locked: false });
      const refused = await refusal(throttle.begin('ana'));
      expect(refused.retryAfterSeconds).toBe(1);
      expect(refused.message).toMatch(/wait/);
      expect([5, 6, 7].map((failures) => throttle.delayAfter(failures))).toEqual([2, 4, 8]);
      expect(throttle.delayAfter(20)).toBe(30);
    });

    it('locks the key for lockSeconds at lockAfterFailures failures', async () => {
      const throttle = RateLimits.inMemory().attempts({ ...loginRule, freeFailures: 7 });
      for (let failure = 1; failure <= 7; failure += 1) await fail(throttle, 'ana');
      expect(await fail(throttle, 'ana')).toEqual({ failures: 0, retryAfterSeconds: 900, locked: true });
      expect(await throttle.check('ana')).toEqual({ allowed: false, reason: 'locked', retryAfterSeconds: 900 });
      const refused = await refusal(throttle.begin('ana'));
      expect(refused.message).toMatch(/locked/);
    });

    it('evaluates at most lockAfterFailures guesses of a parallel burst', async () => {
      const throttle = RateLimits.inMemory().attempts(loginRule);
      const outcomes = await Promise.allSettled(Array.from({ length: 30 }, () => throttle.begin('ana')));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(loginRule.lockAfterFailures);
      expect(await throttle.check('ana')).toMatchObject({ allowed: false, reason: 'locked' });
    });

    it('forgets the failures of a key that then succeeds', async () => {
      const throttle = RateLimits.inMemory().attempts(loginRule);
      for (let failure = 1; failure <= 3; failure += 1) await fail(throttle, 'ana');
      await throttle.begin('ana');
      await throttle.succeeded('ana');
      for (let failure = 1; failure <= 3; failure += 1) expect((await fail(throttle, 'ana')).retryAfterSeconds).toBe(0);
    });

    it('does not count a cancelled attempt', async () => {
      const throttle = RateLimits.inMemory().attempts(loginRule);
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        await throttle.begin('ana');
        await throttle.cancel('ana');
      }
      expect((await fail(throttle, 'ana')).failures).toBe(1);
    });

    it('keeps each key apart, so locking one account leaves the others alone', async () => {
      const throttle = RateLimits.inMemory().attempts({ ...loginRule, freeFailures: 7 });
      for (let failure = 1; failure <= 8; failure += 1) await fail(throttle, 'ana');
      expect(await throttle.check('budi')).toEqual({ allowed: true });
    });
  });
});

import { RateLimitedError } from '@garda/service-kit';
import { AcceptGate } from './accept-gate';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
};

describe('AcceptGate', () => {
  it('runs up to its limit at once, queues a few more, and refuses the rest at once with a retry hint', async () => {
    const gate = new AcceptGate(2, 1, 10_000, 3);
    const held = [deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = held.map((hold, index) =>
      gate.run(async () => {
        started.push(index);
        await hold.promise;
        return index;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(gate.load()).toEqual({ running: 2, waiting: 1 });

    const refused = await gate.run(async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(3);

    held[0].resolve();
    await runs[0];
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    held[1].resolve();
    held[2].resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(gate.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('refuses a queued request that waited too long, and frees its place', async () => {
    jest.useFakeTimers();
    try {
      const gate = new AcceptGate(1, 5, 2_000);
      const hold = deferred();
      const first = gate.run(() => hold.promise);
      const queued = gate.run(async () => 'late').catch((error: unknown) => error);
      jest.advanceTimersByTime(2_001);
      expect(await queued).toBeInstanceOf(RateLimitedError);
      expect(gate.load()).toEqual({ running: 1, waiting: 0 });
      hold.resolve();
      await first;
      expect(gate.load()).toEqual({ running: 0, waiting: 0 });
    } finally {
      jest.useRealTimers();
    }
  });

  it('frees its place when the work fails', async () => {
    const gate = new AcceptGate(1, 0, 1_000);
    await expect(gate.run(async () => Promise.reject(new Error('database said no')))).rejects.toThrow('database said no');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});

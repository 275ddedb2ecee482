import type { SupervisorSnapshot } from '@garda/contracts';
import { SnapshotPusher } from './snapshot-pusher';

const TENANT = '00000000-0000-4000-8000-000000000001';

function setup(options: { failing?: boolean } = {}) {
  let contactsInQueue = 1;
  const snapshotFor = jest.fn(async (tenantId: string): Promise<SupervisorSnapshot> => {
    if (options.failing) throw new Error('connect ECONNREFUSED');
    return {
      asOf: new Date().toISOString(),
      since: tenantId,
      queues: [{ queueName: 'support', contactsInQueue } as SupervisorSnapshot['queues'][number]],
      agents: [],
    };
  });
  const pushed: SupervisorSnapshot[] = [];
  const logger = { warn: jest.fn() };
  const pusher = new SnapshotPusher({ snapshotFor }, (_tenant, snapshot) => pushed.push(snapshot), logger);
  return { pusher, pushed, snapshotFor, logger, setWaiting: (value: number) => (contactsInQueue = value) };
}

describe('SnapshotPusher', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const flush = async (ms: number) => {
    await jest.advanceTimersByTimeAsync(ms);
  };

  it('coalesces a burst of events into a quick read of analytics and a settling one a second later', async () => {
    const { pusher, pushed, snapshotFor } = setup();
    for (let i = 0; i < 10; i += 1) pusher.changed(TENANT);
    await flush(250);
    expect(pushed).toHaveLength(1);
    await flush(850);
    expect(pushed).toHaveLength(2);
    expect(snapshotFor).toHaveBeenCalledWith(TENANT);
  });

  it('pushes what analytics committed late, even when a change lands after the first read', async () => {
    const { pusher, pushed, setWaiting } = setup();
    pusher.changed(TENANT);
    await flush(900);
    // Another event arrives near the end of the cycle; analytics projects it after the settling read.
    pusher.changed(TENANT);
    await flush(150);
    setWaiting(0);
    await flush(1100);
    expect(pushed.at(-1)?.queues[0].contactsInQueue).toBe(0);
    pusher.stop();
  });

  it('pushes nothing made up when analytics does not answer, and says so in the log', async () => {
    const { pusher, pushed, logger } = setup({ failing: true });
    pusher.changed(TENANT);
    await flush(1100);
    expect(pushed).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalled();
  });
});

import type { Logger } from 'pino';
import { type DueTenant, TenantTimerScan, type TimerScanPorts } from './tenant-timer-scan';

const logger = { warn: jest.fn() } as unknown as Logger;
const due = (tenantId: string): DueTenant => ({ tenant_id: tenantId, revision: 'r1', next_timer_at: new Date(0) });

/** A table of tenants with due timers, the way the scan's query reads it (oldest first, minus exclusions). */
function portsFor(tenants: string[], fire: (tenantId: string) => Promise<void>, clock = { now: 1_000_000 }) {
  const fired: string[] = [];
  const ports: TimerScanPorts = {
    logger,
    now: () => clock.now,
    dueTenants: async (_now, exclude, limit) =>
      tenants
        .filter((tenant) => !exclude.includes(tenant))
        .slice(0, limit)
        .map(due),
    shouldFire: () => true,
    fire: async (tenantId) => {
      fired.push(tenantId);
      await fire(tenantId);
    },
  };
  return { ports, fired, clock };
}

describe(TenantTimerScan.name, () => {
  it("fires the next tenant's timers in the same scan when an earlier tenant's timers throw", async () => {
    const { ports, fired } = portsFor(['broken', 'healthy'], async (tenantId) => {
      if (tenantId === 'broken') throw new Error('lock timeout');
    });
    const sut = new TenantTimerScan(ports);
    await sut.scan();
    await sut.drain();
    expect(fired).toEqual(['broken', 'healthy']);
    expect(sut.failingTenants()).toEqual(['broken']);
  });

  it('keeps firing other tenants while one tenant’s timers hang, without starting that tenant twice', async () => {
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    const { ports, fired } = portsFor(['slow', 'fast'], (tenantId) => (tenantId === 'slow' ? hanging : Promise.resolve()));
    const sut = new TenantTimerScan(ports);
    await sut.scan();
    await new Promise((resolve) => setImmediate(resolve));
    await sut.scan();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toEqual(['slow', 'fast', 'fast']);
    release();
    await sut.drain();
  });

  it('leaves a failing tenant out of the due batch until its retry time, waiting longer after each failure', async () => {
    const { ports, fired, clock } = portsFor(['broken', 'other'], async (tenantId) => {
      if (tenantId === 'broken') throw new Error('boom');
    });
    const sut = new TenantTimerScan(ports, { concurrency: 4, batch: 1, retryBaseMs: 500, retryMaxMs: 30_000 });
    const scanAt = async (at: number) => {
      clock.now = at;
      await sut.scan();
      await sut.drain();
    };
    await scanAt(1_000_000); // broken fails: retry in 500 ms
    await scanAt(1_000_100); // batch of one: without exclusion "broken" would take it again
    await scanAt(1_000_500); // broken again: fails, retry in 1000 ms
    await scanAt(1_001_000);
    await scanAt(1_001_500);
    expect(fired).toEqual(['broken', 'other', 'broken', 'other', 'broken']);
  });

  it('forgets a tenant’s failures once its timers fire again', async () => {
    let failing = true;
    const { ports } = portsFor(['flaky'], async () => {
      if (failing) throw new Error('database restarting');
    });
    const sut = new TenantTimerScan(ports, { concurrency: 4, batch: 10, retryBaseMs: 0, retryMaxMs: 0 });
    await sut.scan();
    await sut.drain();
    expect(sut.failingTenants()).toEqual(['flaky']);
    failing = false;
    await sut.scan();
    await sut.drain();
    expect(sut.failingTenants()).toEqual([]);
  });
});

import { Platform } from '@garda/testing';
import { LoadDriver } from './load-driver';

/**
 * bench:load's driver, small and untimed (the timed run is `npm run bench:load`): the whole
 * platform, a few agents answering and wrapping up, customers at a low rate. Every contact the
 * door accepted reaches exactly one agent, and the driver's books say so.
 */
describe('bench:load driver (smoke)', () => {
  const platform = new Platform();
  let driver: LoadDriver | undefined;

  beforeAll(async () => {
    await platform.start(['customers', 'tickets', 'routing', 'channels-ingest', 'gateway', 'analytics', 'notifications']);
  }, 240_000);

  afterAll(async () => {
    driver?.close();
    await platform.stop();
  }, 120_000);

  it('assigns every accepted contact exactly once, with agents answering and wrapping up', async () => {
    driver = await LoadDriver.prepare(
      {
        gatewayUrls: [platform.url('gateway')],
        channelsUrls: [platform.url('channels-ingest')],
        routingUrl: platform.url('routing'),
        jwtSecret: platform.env.JWT_SECRET,
      },
      // Two agents holding one contact each: twelve contacts only get through if wrap-ups free them.
      { agents: 2, capacity: 1, handleTimeMs: { min: 100, max: 300 } },
    );
    await driver.step(2, 6_000, 0);
    expect(await driver.drain(150_000)).toBe(0);
    await driver.idle(60_000);

    // The driver's own failures first: they say why contacts are missing (a refused session, a socket error).
    expect(driver.errors).toEqual(new Map());
    const records = driver.ledger.records();
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect(records.filter((record) => record.status !== 202)).toEqual([]);
    expect(records.filter((record) => record.offeredAt === undefined || record.assignedAt === undefined)).toEqual([]);
    expect(driver.ledger.assignedTwice()).toBe(0);
    expect(driver.agents.wrapUpFailures).toBe(0);
  }, 240_000);
});

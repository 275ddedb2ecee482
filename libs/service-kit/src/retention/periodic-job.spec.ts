import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { PeriodicJob } from './periodic-job';

function fakeDatabase(lockGranted: boolean) {
  const queries: string[] = [];
  const runner = {
    connect: jest.fn(async () => undefined),
    release: jest.fn(async () => undefined),
    query: jest.fn(async (sql: string) => {
      queries.push(sql);
      return sql.includes('pg_try_advisory_lock') ? [{ locked: lockGranted }] : [];
    }),
  };
  const dataSource = { options: { schema: 'tickets' }, createQueryRunner: () => runner } as unknown as DataSource;
  return { dataSource, runner, queries };
}

const logger = { info: jest.fn(), warn: jest.fn() } as unknown as Logger;

describe(PeriodicJob.name, () => {
  it('runs the work under the advisory lock and releases it', async () => {
    const { dataSource, runner, queries } = fakeDatabase(true);
    const work = jest.fn(async () => ({ rows: 3 }));
    const sut = new PeriodicJob('tickets-retention', dataSource, logger, 1000, work);
    expect(await sut.runOnce()).toBe(true);
    expect(work).toHaveBeenCalledTimes(1);
    expect(queries.some((sql) => sql.includes('pg_advisory_unlock'))).toBe(true);
    expect(runner.release).toHaveBeenCalled();
  });

  it('skips the run while another replica holds the lock', async () => {
    const { dataSource, runner } = fakeDatabase(false);
    const work = jest.fn(async () => ({}));
    const sut = new PeriodicJob('tickets-retention', dataSource, logger, 1000, work);
    expect(await sut.runOnce()).toBe(false);
    expect(work).not.toHaveBeenCalled();
    expect(runner.release).toHaveBeenCalled();
  });

  it('a failing run is logged, unlocks, and does not stop the next one', async () => {
    const { dataSource, queries } = fakeDatabase(true);
    const work = jest.fn().mockRejectedValueOnce(new Error('deadlock')).mockResolvedValueOnce({});
    const sut = new PeriodicJob('tickets-retention', dataSource, logger, 1000, work);
    expect(await sut.runOnce()).toBe(false);
    expect(queries.filter((sql) => sql.includes('pg_advisory_unlock'))).toHaveLength(1);
    expect(await sut.runOnce()).toBe(true);
  });
});

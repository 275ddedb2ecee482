import { DataSource } from 'typeorm';
import { RateLimitedError } from '../src/errors/domain-errors';
import { RATE_LIMIT_TABLE, rateLimitTableMigration } from '../src/rate-limit/rate-limit-table';
import { RateLimits } from '../src/rate-limit/rate-limits';

// Its own schema on the run's database (service-kit may not depend on libs/testing).
const schema = `rate_limit_test_${process.pid}`;

/** One "replica": its own connection pool on the shared database, as two service processes would have. */
async function replica(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema,
    migrations: [rateLimitTableMigration(schema, 1733000000000)],
    migrationsTableName: 'migrations',
    extra: { max: 4 },
  });
  await dataSource.initialize();
  return dataSource;
}

describe('rate limits on PostgreSQL, shared by replicas', () => {
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    first = await replica(url);
    await first.query(`CREATE SCHEMA "${schema}"`);
    await first.runMigrations();
    second = await replica(url);
  });

  afterAll(async () => {
    await first?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await first?.destroy();
    await second?.destroy();
  });

  it('counts a key across replicas: what one replica spent, the other refuses', async () => {
    const rule = { name: 'webchat-sessions', points: 3, windowSeconds: 60 };
    const onFirst = RateLimits.postgres(first).limit(rule);
    const onSecond = RateLimits.postgres(second).limit(rule);
    await onFirst.consume('198.51.100.7');
    await onSecond.consume('198.51.100.7');
    await onFirst.consume('198.51.100.7');
    const refused = await onSecond.consume('198.51.100.7').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(50);
    expect(await onFirst.take('198.51.100.8')).toEqual({ allowed: true, remaining: 2 });
  });

  it('never lets more than the limit through when replicas race on one key', async () => {
    const rule = { name: 'race', points: 10, windowSeconds: 60 };
    const limits = [RateLimits.postgres(first).limit(rule), RateLimits.postgres(second).limit(rule)];
    const decisions = await Promise.all(Array.from({ length: 40 }, (_, i) => limits[i % 2]!.take('one-key')));
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(10);
  });

  it('a login lock set through one replica holds on the other, and a success there lifts it', async () => {
    const rule = {
      name: 'login-per-account',
      freeFailures: 2,
      firstDelaySeconds: 1,
      maxDelaySeconds: 60,
      lockAfterFailures: 3,
      lockSeconds: 600,
      windowSeconds: 3600,
    };
    const onFirst = RateLimits.postgres(first).attempts(rule);
    const onSecond = RateLimits.postgres(second).attempts(rule);
    for (let failure = 1; failure <= 2; failure += 1) {
      await onFirst.begin('tenant-a:ana@example.com');
      await onFirst.failed('tenant-a:ana@example.com');
    }
    await onSecond.begin('tenant-a:ana@example.com');
    expect(await onSecond.failed('tenant-a:ana@example.com')).toEqual({ failures: 0, retryAfterSeconds: 600, locked: true });
    expect(await onFirst.check('tenant-a:ana@example.com')).toEqual({ allowed: false, reason: 'locked', retryAfterSeconds: 600 });
    await expect(onFirst.begin('tenant-a:ana@example.com')).rejects.toBeInstanceOf(RateLimitedError);

    await onSecond.succeeded('tenant-a:ana@example.com');
    expect(await onFirst.check('tenant-a:ana@example.com')).toEqual({ allowed: true });
  });

  it('keeps long keys (an e-mail address beside a tenant id) whole in the table', async () => {
    const key = `tenant-${'x'.repeat(100)}:${'a'.repeat(200)}@example.com`;
    await RateLimits.postgres(first).limit({ name: 'long', points: 1, windowSeconds: 60 }).consume(key);
    const rows: unknown = await first.query(`SELECT "key" FROM "${schema}"."${RATE_LIMIT_TABLE}" WHERE "key" = $1`, [`long:${key}`]);
    expect(rows).toEqual([{ key: `long:${key}` }]);
  });
});

// The smoke of `npm run bench:reports`: a week of a small tenant's history, every report answered
// (figures of speed belong to the bench itself, run on a quiet machine, not to a test).
import { createScratchDatabase, type ScratchDatabase } from '@garda/testing';
import { runReportsBench } from './run-bench';

jest.setTimeout(180_000);

describe('npm run bench:reports (smoke)', () => {
  let database: ScratchDatabase;

  beforeAll(async () => {
    database = await createScratchDatabase(process.env.DATABASE_URL, 'garda_reports_bench');
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('seeds a week of history into the rollups and answers every report from it', async () => {
    const result = await runReportsBench({
      databaseUrl: database.url,
      kafkaBrokers: process.env.KAFKA_BROKERS!,
      days: 7,
      messages: 20_000,
      samples: 1,
    });
    expect(result.seeded.dayRows).toBeGreaterThan(0);
    expect(result.seeded.intervalRows).toBeGreaterThan(result.seeded.dayRows);
    // 20,000 messages at 8 a conversation: about 2,500 conversations (the daily curve rounds per interval).
    expect(result.seeded.conversations).toBeGreaterThan(2000);
    expect(result.seeded.conversations).toBeLessThan(3500);
    expect(result.reports.map((r) => r.report)).toContain('summary, a year per agent');
  });
});

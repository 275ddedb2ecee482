import { runTicketsBench } from './tickets-bench';

jest.setTimeout(300_000);

// The benchmark, small, on the integration database: every view and search runs through the
// service's own queries and finds what the seed put there. Speed is the benchmark's business.
describe('npm run bench:tickets (small)', () => {
  it('seeds, indexes and measures every view and search', async () => {
    const results = await runTicketsBench({ tickets: 3_000, messagesPerTicket: 2, runs: 2, serverUrl: process.env.DATABASE_URL! });
    const rows = Object.fromEntries(results.map((r) => [r.name, r.rows]));
    expect(Object.keys(rows)).toHaveLength(19);
    for (const r of results) expect(r.p95).toBeGreaterThanOrEqual(r.p50);
    expect(rows['supervisor: everything']).toBe(50);
    expect(rows['supervisor: everything, page 2 (cursor)']).toBe(50);
    expect(rows['queue: unassigned']).toBeGreaterThan(0);
    expect(rows['queue: breaching within the hour']).toBeGreaterThan(0);
    expect(rows['search: number']).toBe(1);
    expect(rows['search: rare word in messages']).toBe(1);
    expect(rows['search: common words (id)']).toBe(50);
    expect(rows['search: part of an e-mail']).toBeGreaterThan(0);
    expect(rows['agent: counts of 6 views']).toBe(6);
  });
});

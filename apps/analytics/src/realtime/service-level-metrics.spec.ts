import { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { registerServiceLevelGauges } from './service-level-metrics';

const TENANT = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-03-04T15:16:17.000Z');

function scrape(rows: unknown[]) {
  const query = jest.fn(async () => rows);
  const registry = new Registry();
  registerServiceLevelGauges(registry, { isInitialized: true, query } as unknown as DataSource, () => NOW);
  return { query, text: () => registry.metrics() };
}

describe('service-level gauges', () => {
  it("exports today's service level per tenant and queue, and the contacts it counts, from one query per scrape", async () => {
    const { query, text } = scrape([
      { tenantId: TENANT, queueName: 'support', answered: 8, answeredWithinThreshold: 6, abandoned: 2 },
      { tenantId: TENANT, queueName: 'sales', answered: 0, answeredWithinThreshold: 0, abandoned: 0 },
    ]);
    const metrics = await text();
    expect(metrics).toContain(`garda_analytics_service_level_ratio{tenant="${TENANT}",queue="support"} 0.6`);
    expect(metrics).toContain(`garda_analytics_service_level_contacts{tenant="${TENANT}",queue="support"} 10`);
    // Nothing answered or abandoned yet: no ratio (not 0 %, which would page someone), but the count is there.
    expect(metrics).not.toMatch(/garda_analytics_service_level_ratio\{[^}]*queue="sales"/);
    expect(metrics).toContain(`garda_analytics_service_level_contacts{tenant="${TENANT}",queue="sales"} 0`);
    expect(query).toHaveBeenCalledTimes(1);
    expect(query).toHaveBeenCalledWith(expect.stringContaining('"interval_start" >= $1'), [new Date('2026-03-04T00:00:00.000Z')]);
  });

  it('forgets queues that are no longer in today’s rows', async () => {
    const rows = [{ tenantId: TENANT, queueName: 'support', answered: 1, answeredWithinThreshold: 1, abandoned: 0 }];
    const { text } = scrape(rows);
    expect(await text()).toContain('queue="support"} 1');
    rows.length = 0; // a new day
    await new Promise((resolve) => setImmediate(resolve));
    expect(await text()).not.toContain('queue="support"');
  });
});

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ServiceMetrics, queryRows } from '@garda/service-kit';
import { Gauge, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { serviceLevelPercent, startOfUtcDay } from '../projection/metrics-math';
import { z } from 'zod';

interface TodayRow {
  tenantId: string;
  queueName: string;
  answered: number;
  answeredWithinThreshold: number;
  abandoned: number;
}

/**
 * Today's service level per tenant and queue on GET /metrics, for the "Service level drop" alert
 * (docs/operations.md): the wallboard's own figure (docs/metrics.md), answered within the queue's
 * threshold / (answered + abandoned), since midnight UTC. Read at scrape time from the interval
 * counters (one aggregate query), so every analytics replica reports the same value.
 */
export function registerServiceLevelGauges(registry: Registry, dataSource: DataSource, now: () => Date = () => new Date()): void {
  let last: Promise<TodayRow[]> | undefined;
  const read = () =>
    (last ??= (async () => {
      try {
        if (!dataSource.isInitialized) return [];
        return await queryRows(
          dataSource,
          z.object({
            tenantId: z.string(),
            queueName: z.string(),
            answered: z.number(),
            answeredWithinThreshold: z.number(),
            abandoned: z.number(),
          }),
          `SELECT "tenant_id" AS "tenantId", "queue_name" AS "queueName", sum("contacts_answered")::int AS "answered",
                  sum("answered_within_sl")::int AS "answeredWithinThreshold", sum("contacts_abandoned")::int AS "abandoned"
           FROM "analytics"."interval_stat" WHERE "interval_start" >= $1 GROUP BY "tenant_id", "queue_name"`,
          [startOfUtcDay(now())],
        );
      } finally {
        // Both gauges of one scrape share the query; the next scrape reads again.
        setImmediate(() => (last = undefined));
      }
    })());
  new Gauge({
    name: 'garda_analytics_service_level_ratio',
    help: 'Contacts answered within the queue threshold / (answered + abandoned), today (UTC); absent before the first answer or abandon.',
    labelNames: ['tenant', 'queue'] as const,
    registers: [registry],
    async collect() {
      const rows = await read();
      this.reset(); // yesterday's queues and vanished ones must not linger
      for (const row of rows) {
        const percent = serviceLevelPercent(row);
        if (percent !== null) this.set({ tenant: row.tenantId, queue: row.queueName }, percent / 100);
      }
    },
  });
  new Gauge({
    name: 'garda_analytics_service_level_contacts',
    help: 'Contacts the service level counts today (answered + abandoned), to ignore a ratio over a handful of contacts.',
    labelNames: ['tenant', 'queue'] as const,
    registers: [registry],
    async collect() {
      const rows = await read();
      this.reset();
      for (const row of rows) this.set({ tenant: row.tenantId, queue: row.queueName }, row.answered + row.abandoned);
    },
  });
}

/** Registers the gauges on the service's registry when the app starts. */
@Injectable()
export class ServiceLevelMetrics implements OnModuleInit {
  constructor(
    @Inject(ServiceMetrics) private readonly metrics: ServiceMetrics,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    registerServiceLevelGauges(this.metrics.registry, this.dataSource);
  }
}

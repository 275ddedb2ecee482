import { randomUUID } from 'node:crypto';
import { bootstrapService, signAccessToken } from '@garda/service-kit';
import { DataSource } from 'typeorm';
// The benchmark boots analytics in process on its seeded history (apps export no library).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { analyticsService } from '../../../apps/analytics/src/analytics.service-definition';
import { type SeededHistory, seedHistory } from './seed-history';
import { type ReportTiming, reportPaths, timeReports } from './time-reports';

export interface ReportsBenchOptions {
  databaseUrl: string;
  kafkaBrokers: string;
  days: number;
  messages: number;
  samples: number;
}

export interface ReportsBenchResult {
  days: number;
  messages: number;
  seeded: SeededHistory;
  seedSeconds: number;
  reports: ReportTiming[];
  worstP95Ms: number;
}

const JWT_SECRET = 'reports-bench-secret-0123456789abcdef';

/** Boots analytics on the database, seeds a tenant's history into its rollups and times every report. */
export async function runReportsBench(options: ReportsBenchOptions): Promise<ReportsBenchResult> {
  const analytics = await bootstrapService(analyticsService, {
    ...process.env,
    PORT: '0',
    DATABASE_URL: options.databaseUrl,
    KAFKA_BROKERS: options.kafkaBrokers,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    KAFKA_CLIENT_ID: `reports-bench-${randomUUID().slice(0, 6)}`,
  });
  if (!analytics) throw new Error('analytics did not start');
  const db = new DataSource({ type: 'postgres', url: options.databaseUrl });
  await db.initialize();
  try {
    const tenantId = randomUUID();
    const endsAt = new Date();
    const seedStarted = performance.now();
    const seeded = await seedHistory(db, {
      tenantId,
      timeZone: 'Asia/Jakarta',
      days: options.days,
      messages: options.messages,
      messagesPerConversation: 8,
      queues: ['support', 'billing', 'sales', 'returns'],
      agentIds: Array.from({ length: 40 }, () => randomUUID()),
      channels: ['webchat', 'email', 'whatsapp', 'voice'],
      endsAt,
    });
    const seedSeconds = Math.round((performance.now() - seedStarted) / 100) / 10;
    const token = signAccessToken({ sub: randomUUID(), tenantId, role: 'supervisor', name: 'Bench' }, JWT_SECRET);
    const reports = await timeReports(analytics.url, token, reportPaths(endsAt, options.days), options.samples);
    return {
      days: options.days,
      messages: options.messages,
      seeded,
      seedSeconds,
      reports,
      worstP95Ms: Math.max(...reports.map((r) => r.p95Ms)),
    };
  } finally {
    await db.destroy();
    await analytics.close();
  }
}

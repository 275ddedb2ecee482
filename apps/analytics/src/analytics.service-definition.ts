import { messagingTablesMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { analyticsConfigShape } from './analytics.config';
import { AnalyticsModule } from './analytics.module';
import { CreateAnalytics1732600000000 } from './migrations/1732600000000-create-analytics';
import { CreateReportRollups1796278669692 } from './migrations/1796278669692-create-report-rollups';

export const analyticsService: ServiceDefinition<typeof analyticsConfigShape> = {
  name: 'analytics',
  description: 'Real-time queue and agent statistics and historical KPIs, projected from the event stream',
  configShape: analyticsConfigShape,
  entities: [],
  migrations: [messagingTablesMigrationFor('analytics'), CreateAnalytics1732600000000, CreateReportRollups1796278669692],
  appModule: AnalyticsModule,
};

import { AnalyticsPrivacyController } from './privacy/analytics-privacy.controller';
import { Module } from '@nestjs/common';
import { HistoryController } from './history/history.controller';
import { ProjectionHandlers } from './projection/projection.handlers';
import { QueueSettingsController } from './realtime/queue-settings.controller';
import { RealtimeController } from './realtime/realtime.controller';
import { ServiceLevelMetrics } from './realtime/service-level-metrics';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { TenantSettingsHandler } from './reports/tenant-settings.handler';

@Module({
  controllers: [
    RealtimeController,
    HistoryController,
    QueueSettingsController,
    ReportsController,
    ProjectionHandlers,
    TenantSettingsHandler,
    AnalyticsPrivacyController,
  ],
  providers: [ServiceLevelMetrics, ReportsService],
})
export class AnalyticsModule {}

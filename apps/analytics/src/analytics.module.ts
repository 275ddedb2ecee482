import { Module } from '@nestjs/common';
import { HistoryController } from './history/history.controller';
import { AnalyticsPrivacyController } from './privacy/analytics-privacy.controller';
import { ProjectionHandlers } from './projection/projection.handlers';
import { QueueSettingsController } from './realtime/queue-settings.controller';
import { RealtimeController } from './realtime/realtime.controller';
import { ServiceLevelMetrics } from './realtime/service-level-metrics';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { TenantSettingsHandler } from './reports/tenant-settings.handler';
import { SignalsController } from './signals/signals.controller';
import { StaffingController } from './staffing/staffing.controller';
import { StaffingService } from './staffing/staffing.service';

@Module({
  controllers: [
    RealtimeController,
    HistoryController,
    QueueSettingsController,
    ReportsController,
    SignalsController,
    StaffingController,
    ProjectionHandlers,
    TenantSettingsHandler,
    AnalyticsPrivacyController,
  ],
  providers: [ServiceLevelMetrics, ReportsService, StaffingService],
})
export class AnalyticsModule {}

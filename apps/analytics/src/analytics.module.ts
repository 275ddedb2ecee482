import { Module } from '@nestjs/common';
import { HistoryController } from './history/history.controller';
import { AnalyticsPrivacyController } from './privacy/analytics-privacy.controller';
import { ProjectionHandlers } from './projection/projection.handlers';
import { QueueSettingsController } from './realtime/queue-settings.controller';
import { RealtimeController } from './realtime/realtime.controller';
import { ServiceLevelMetrics } from './realtime/service-level-metrics';

@Module({
  controllers: [RealtimeController, HistoryController, QueueSettingsController, ProjectionHandlers, AnalyticsPrivacyController],
  providers: [ServiceLevelMetrics],
})
export class AnalyticsModule {}

import { Module } from '@nestjs/common';
import { CONFIG, LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import type { GatewayConfig } from '../gateway.config';
import { AnalyticsWallboard } from './analytics-wallboard';

/**
 * The one AnalyticsWallboard of the gateway, built from its validated config, for whoever reads
 * the wallboard: the supervisor API and refresher, and the realtime fan-out's snapshot pushes.
 */
@Module({
  providers: [
    {
      provide: AnalyticsWallboard,
      inject: [CONFIG, LOGGER],
      useFactory: (config: GatewayConfig, logger: Logger) =>
        new AnalyticsWallboard(config.ANALYTICS_URL, config.ROUTING_URL, config.JWT_SECRET, logger.child({ component: 'wallboard' })),
    },
  ],
  exports: [AnalyticsWallboard],
})
export class WallboardReaderModule {}

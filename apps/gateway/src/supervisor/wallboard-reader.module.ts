import { Module } from '@nestjs/common';
import { LOGGER, SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
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
      inject: [SERVICE_RUNTIME, LOGGER],
      useFactory: (runtime: ServiceRuntime<GatewayConfig>, logger: Logger) =>
        new AnalyticsWallboard(
          runtime.config.ANALYTICS_URL,
          runtime.config.ROUTING_URL,
          runtime.config.JWT_SECRET,
          logger.child({ component: 'wallboard' }),
        ),
    },
  ],
  exports: [AnalyticsWallboard],
})
export class WallboardReaderModule {}

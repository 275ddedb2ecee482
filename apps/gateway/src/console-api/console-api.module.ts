import { Module } from '@nestjs/common';
import { CONFIG } from '@garda/service-kit';
import type { GatewayConfig } from '../gateway.config';
import { AnalyticsRelayController } from './analytics-relay.controller';
import { ConsoleApiController } from './console-api.controller';
import { DeskApiController } from './desk-api.controller';
import { MediaLinksController } from './media-links.controller';
import { MediaUploadController } from './media-upload.controller';
import { ReportsRelayController } from './reports-relay.controller';
import { RoutingRelayController } from './routing-relay.controller';
import { TicketsRelayController } from './tickets-relay.controller';
import { ANALYTICS_CLIENT, CUSTOMERS_CLIENT, ROUTING_CLIENT, TICKETS_CLIENT } from './console-api.tokens';
import { UpstreamClient } from './upstream-client';

@Module({
  controllers: [
    ConsoleApiController,
    DeskApiController,
    MediaLinksController,
    MediaUploadController,
    AnalyticsRelayController,
    RoutingRelayController,
    ReportsRelayController,
    TicketsRelayController,
  ],
  providers: [
    { provide: TICKETS_CLIENT, inject: [CONFIG], useFactory: (config: GatewayConfig) => new UpstreamClient('tickets', config.TICKETS_URL) },
    {
      provide: CUSTOMERS_CLIENT,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new UpstreamClient('customers', config.CUSTOMERS_URL),
    },
    { provide: ROUTING_CLIENT, inject: [CONFIG], useFactory: (config: GatewayConfig) => new UpstreamClient('routing', config.ROUTING_URL) },
    {
      provide: ANALYTICS_CLIENT,
      inject: [CONFIG],
      useFactory: (config: GatewayConfig) => new UpstreamClient('analytics', config.ANALYTICS_URL),
    },
  ],
})
export class ConsoleApiModule {}

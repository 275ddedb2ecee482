import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@garda/service-kit';
import type { GatewayConfig } from '../gateway.config';
import { AnalyticsRelayController } from './analytics-relay.controller';
import { ConsoleApiController } from './console-api.controller';
import { DeskApiController } from './desk-api.controller';
import { RoutingRelayController } from './routing-relay.controller';
import { ANALYTICS_CLIENT, CUSTOMERS_CLIENT, ROUTING_CLIENT, TICKETS_CLIENT } from './console-api.tokens';
import { UpstreamClient } from './upstream-client';

@Module({})
export class ConsoleApiModule {
  static register(runtime: ServiceRuntime<GatewayConfig>): DynamicModule {
    return {
      module: ConsoleApiModule,
      controllers: [ConsoleApiController, DeskApiController, AnalyticsRelayController, RoutingRelayController],
      providers: [
        { provide: TICKETS_CLIENT, useValue: new UpstreamClient('tickets', runtime.config.TICKETS_URL) },
        { provide: CUSTOMERS_CLIENT, useValue: new UpstreamClient('customers', runtime.config.CUSTOMERS_URL) },
        { provide: ROUTING_CLIENT, useValue: new UpstreamClient('routing', runtime.config.ROUTING_URL) },
        { provide: ANALYTICS_CLIENT, useValue: new UpstreamClient('analytics', runtime.config.ANALYTICS_URL) },
      ],
    };
  }
}

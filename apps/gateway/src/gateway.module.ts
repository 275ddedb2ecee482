import { type DynamicModule, Module } from '@nestjs/common';
import type { ServiceRuntime } from '@garda/service-kit';
import type { GatewayConfig } from './gateway.config';
import { ConsoleApiModule } from './console-api/console-api.module';
import { IdentityModule } from './identity/identity.module';
import { TenantsModule } from './identity/tenants/tenants.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SupervisorModule } from './supervisor/supervisor.module';

@Module({})
export class GatewayModule {
  static register(runtime: ServiceRuntime<GatewayConfig>): DynamicModule {
    return {
      module: GatewayModule,
      imports: [IdentityModule.register(runtime), TenantsModule, RealtimeModule, SupervisorModule, ConsoleApiModule.register(runtime)],
    };
  }
}

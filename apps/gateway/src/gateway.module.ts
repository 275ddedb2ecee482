import { Module } from '@nestjs/common';
import { ConsoleApiModule } from './console-api/console-api.module';
import { IdentityModule } from './identity/identity.module';
import { TenantsModule } from './identity/tenants/tenants.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RealtimeModule } from './realtime/realtime.module';
import { SupervisorModule } from './supervisor/supervisor.module';

@Module({ imports: [IdentityModule, TenantsModule, RealtimeModule, SupervisorModule, ConsoleApiModule, PrivacyModule] })
export class GatewayModule {}

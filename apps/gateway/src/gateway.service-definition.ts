import { messagingTablesMigrationFor, rateLimitTableMigrationFor, type ServiceDefinition } from '@garda/service-kit';
import { gatewayConfigShape } from './gateway.config';
import { AppUserEntity } from './identity/app-user.entity';
import { seedDemoLogins } from './identity/demo-seed';
import { TenantEntity } from './identity/tenant.entity';
import { GatewayModule } from './gateway.module';
import { CreateGateway1732500000000 } from './migrations/1732500000000-create-gateway';
import { CreateWallboard1732500001000 } from './migrations/1732500001000-create-wallboard';
import { DropWallboardContact1732500002000 } from './migrations/1732500002000-drop-wallboard-contact';
import { CreateContactTrace1732500003000 } from './migrations/1732500003000-create-contact-trace';
import { TenantSettings1732600000000 } from './migrations/1732600000000-tenant-settings';
import { PrivacyRequests1796278403637 } from './migrations/1796278403637-privacy-requests';
import { CreatePresenceLease1796278878571 } from './migrations/1796278878571-create-presence-lease';
import { RetentionPolicies1796279199795 } from './migrations/1796279199795-retention-policies';
import { useSharedSocketAdapter } from './realtime/shared-socket-adapter';

export const gatewayService: ServiceDefinition<typeof gatewayConfigShape> = {
  name: 'gateway',
  description: "Agents' and supervisors' entry point: login (JWT), the agent socket.io protocol, supervisor views",
  configShape: gatewayConfigShape,
  entities: [TenantEntity, AppUserEntity],
  migrations: [
    messagingTablesMigrationFor('gateway'),
    CreateGateway1732500000000,
    CreateWallboard1732500001000,
    DropWallboardContact1732500002000,
    CreateContactTrace1732500003000,
    TenantSettings1732600000000,
    rateLimitTableMigrationFor('gateway', 1733000000000),
    PrivacyRequests1796278403637,
    CreatePresenceLease1796278878571,
    RetentionPolicies1796279199795,
  ],
  appModule: GatewayModule,
  seed: (runtime) => seedDemoLogins(runtime.unitOfWork, runtime.config.DEMO_PASSWORD, runtime.logger),
  configureApp: (app, runtime) => useSharedSocketAdapter(app, runtime),
};

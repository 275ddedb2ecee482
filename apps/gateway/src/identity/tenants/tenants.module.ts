import { Module } from '@nestjs/common';
import { SERVICE_RUNTIME, type ServiceRuntime } from '@garda/service-kit';
import { TenantController } from './tenant.controller';
import { TenantRepository } from './tenant.repository';
import { TenantSettingsService } from './tenant-settings.service';
import { TenantSettingsAnnouncer } from './tenant-settings.announcer';

@Module({
  controllers: [TenantController],
  providers: [
    TenantRepository,
    {
      provide: TenantSettingsService,
      inject: [SERVICE_RUNTIME, TenantRepository],
      useFactory: (runtime: ServiceRuntime, tenants: TenantRepository) =>
        new TenantSettingsService(runtime.dataSource, runtime.unitOfWork, tenants),
    },
    TenantSettingsAnnouncer,
  ],
  exports: [TenantSettingsService, TenantRepository],
})
export class TenantsModule {}

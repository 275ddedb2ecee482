import { Module } from '@nestjs/common';
import { UnitOfWork } from '@garda/messaging';
import { DataSource } from 'typeorm';
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
      inject: [DataSource, UnitOfWork, TenantRepository],
      useFactory: (dataSource: DataSource, unitOfWork: UnitOfWork, tenants: TenantRepository) =>
        new TenantSettingsService(dataSource, unitOfWork, tenants),
    },
    TenantSettingsAnnouncer,
  ],
  exports: [TenantSettingsService, TenantRepository],
})
export class TenantsModule {}

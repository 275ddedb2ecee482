import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { BaseConfig } from '../config/load-config';
import { CONFIG } from '../runtime/core.module';
import { ClientAddresses } from './client-address';
import { RateLimits } from './rate-limits';

/**
 * Import in a feature module to inject RateLimits (counts in the service's PostgreSQL schema,
 * shared by its replicas) and ClientAddresses (the caller's address by TRUST_PROXY). The service's
 * migrations must include rateLimitTableMigrationFor(...).
 */
@Module({
  providers: [
    { provide: RateLimits, inject: [DataSource], useFactory: (dataSource: DataSource) => RateLimits.postgres(dataSource) },
    { provide: ClientAddresses, inject: [CONFIG], useFactory: (config: BaseConfig) => new ClientAddresses(config.TRUST_PROXY) },
  ],
  exports: [RateLimits, ClientAddresses],
})
export class RateLimitsModule {}

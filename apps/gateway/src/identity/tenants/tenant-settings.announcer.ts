import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { TenantSettingsService } from './tenant-settings.service';

/**
 * Re-announces every tenant's settings when the gateway starts. The topic keeps messages for its
 * retention only, and a service added later starts its projection from what is still there: this
 * makes sure that includes every tenant. Unchanged revisions are duplicates to consumers' inboxes.
 */
@Injectable()
export class TenantSettingsAnnouncer implements OnApplicationBootstrap {
  constructor(
    @Inject(TenantSettingsService) private readonly settings: TenantSettingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const count = await this.settings.announceAll();
    this.logger.info({ tenants: count }, "tenants' settings announced");
  }
}

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LOGGER } from '@garda/service-kit';
import type { Logger } from 'pino';
import { RetentionPolicies } from './retention-policies';

/** Re-announces every tenant's retention policy at start (as tenant settings are): the topic keeps messages only for its retention. */
@Injectable()
export class RetentionPolicyAnnouncer implements OnApplicationBootstrap {
  constructor(
    @Inject(RetentionPolicies) private readonly policies: RetentionPolicies,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const count = await this.policies.announceAll();
    if (count > 0) this.logger.info({ tenants: count }, 'retention policies announced');
  }
}

import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, type RetentionPolicy, RetentionPolicySchema } from '@garda/contracts';
import { auditPrivacyAct, CurrentUser, LOGGER, Roles, zodBody } from '@garda/service-kit';
import type { Logger } from 'pino';
import { RetentionPolicies } from './retention-policies';

/**
 * How long the tenant keeps each kind of data (days; null keeps it for ever). Admins change it;
 * supervisors may read it (they answer customers' questions about what is kept).
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/retention')
export class RetentionPolicyController {
  constructor(
    @Inject(RetentionPolicies) private readonly policies: RetentionPolicies,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get()
  @Roles('supervisor')
  async get(@CurrentUser() user: AuthClaims) {
    return this.policies.get(user.tenantId);
  }

  @Put()
  @Roles('admin')
  async set(@CurrentUser() user: AuthClaims, @Body(zodBody(RetentionPolicySchema.strict())) policy: RetentionPolicy) {
    const saved = await this.policies.set(user.tenantId, user.sub, policy);
    auditPrivacyAct(this.logger, 'privacy.retention-changed', { tenantId: user.tenantId, actorId: user.sub, revision: saved.revision });
    return saved;
  }
}

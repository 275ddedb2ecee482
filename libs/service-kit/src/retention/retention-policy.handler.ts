import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type RetentionPolicyChangedV1, Topics } from '@garda/contracts';
import { type EventContext } from '../transport/event-context';
import { EventPattern } from '../transport/event-pattern';
import { applyRetentionPolicy, schemaOf } from './retention-policy-projection';

/**
 * Keeps the service's retention_policy projection current. List it in the `controllers` of the
 * module that owns the service's retention jobs (it needs retentionPolicyTableMigrationFor).
 */
@Controller()
export class RetentionPolicyHandler {
  @EventPattern(Topics.RetentionPolicyChanged)
  async changed(@Payload() policy: RetentionPolicyChangedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await applyRetentionPolicy(manager, schemaOf(manager.connection), policy);
  }
}

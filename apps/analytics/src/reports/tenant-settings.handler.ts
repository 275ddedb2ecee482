import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type TenantSettingsChangedV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';

/**
 * Keeps each tenant's time zone (identity announces its settings on every change and at start), so
 * reports' days and weeks begin at the tenant's midnight. A late or repeated older revision is ignored.
 */
@Controller()
export class TenantSettingsHandler {
  @EventPattern(Topics.TenantSettingsChanged)
  async tenantSettingsChanged(@Payload() event: TenantSettingsChangedV1, @Ctx() { manager }: EventContext): Promise<void> {
    await manager.query(
      `INSERT INTO "analytics"."tenant_setting" ("tenant_id", "time_zone", "revision") VALUES ($1, $2, $3)
       ON CONFLICT ("tenant_id") DO UPDATE SET "time_zone" = EXCLUDED."time_zone", "revision" = EXCLUDED."revision"
       WHERE "tenant_setting"."revision" < EXCLUDED."revision"`,
      [event.tenantId, event.timeZone, event.revision],
    );
  }
}

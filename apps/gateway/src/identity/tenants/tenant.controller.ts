import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, zodBody } from '@garda/service-kit';
import { type TenantSettingsPatch, TenantSettingsPatchSchema } from './tenant.schemas';
import { TenantSettingsService } from './tenant-settings.service';

/** The caller's own tenant: everyone reads its settings (time zone, languages); admins change them. */
@ApiTags('tenant')
@ApiBearerAuth()
@Controller('tenant')
export class TenantController {
  constructor(@Inject(TenantSettingsService) private readonly settings: TenantSettingsService) {}

  @Get()
  get(@CurrentUser() user: AuthClaims) {
    return this.settings.get(user.tenantId);
  }

  @Patch()
  @Roles('admin')
  async update(@CurrentUser() user: AuthClaims, @Body(zodBody(TenantSettingsPatchSchema)) body: TenantSettingsPatch) {
    const { after } = await this.settings.update(user.tenantId, body);
    return after;
  }
}

import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { type AuthClaims, TicketSettingsRequest } from '@garda/contracts';
import { CurrentUser, Roles, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { TicketSettings } from './ticket-settings';
import { TicketSettingsEntity } from './ticket-settings.entity';

/** The tenant's reopen window, auto-close and pending periods, texts and tag vocabulary. */
@ApiTags('tickets')
@ApiBearerAuth()
@Controller('ticket-settings')
export class TicketSettingsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TicketSettings) private readonly settings: TicketSettings,
  ) {}

  /** Everyone reads them (the desk offers the tag vocabulary). */
  @Get()
  get(@CurrentUser() user: AuthClaims) {
    return this.settings.of(this.dataSource.manager, user.tenantId);
  }

  @Put()
  @Roles('admin')
  async put(@CurrentUser() user: AuthClaims, @Body(zodBody(TicketSettingsRequest)) body: z.infer<typeof TicketSettingsRequest>) {
    const current = await this.settings.of(this.dataSource.manager, user.tenantId);
    const defaults = this.settings.defaults();
    const next = { ...current, ...body };
    await this.dataSource.getRepository(TicketSettingsEntity).save({
      tenantId: user.tenantId,
      reopenWindowSeconds: next.reopenWindowSeconds,
      autoCloseSeconds: next.autoCloseSeconds,
      pendingReminderSeconds: next.pendingReminderSeconds,
      pendingSolveSeconds: next.pendingSolveSeconds,
      // A text left at the default stays the default (null), so a changed default reaches the tenant.
      pendingReminderText: next.pendingReminderText === defaults.pendingReminderText ? null : (next.pendingReminderText ?? null),
      strandedText: next.strandedText === defaults.strandedText ? null : (next.strandedText ?? null),
      tagVocabulary: [...new Set(next.tagVocabulary)].sort(),
      freeTags: next.freeTags,
      surveyKind: next.surveyKind,
    });
    return this.settings.of(this.dataSource.manager, user.tenantId);
  }
}

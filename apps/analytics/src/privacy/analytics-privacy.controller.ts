import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims, PrivacySubject } from '@garda/contracts';
import { CurrentUser, Roles, privacySubjectBody, queryRows } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';

/**
 * analytics' part of a data export: the customer's conversations and contacts as measured (times,
 * waits, service level). analytics holds no name, address or text, so an erasure has nothing to
 * change here (see ERASING_SERVICES).
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class AnalyticsPrivacyController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Post('export')
  @HttpCode(200)
  @Roles('admin')
  async export(@CurrentUser() user: AuthClaims, @Body(privacySubjectBody()) subject: PrivacySubject) {
    const conversations = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT * FROM "analytics"."conversation" WHERE "tenant_id" = $1 AND "customer_id" = $2 ORDER BY "started_at"`,
      [user.tenantId, subject.customerId],
    );
    const contacts = await queryRows(
      this.dataSource,
      z.unknown(),
      `SELECT * FROM "analytics"."contact" WHERE "tenant_id" = $1 AND "customer_id" = $2 ORDER BY "arrived_at"`,
      [user.tenantId, subject.customerId],
    );
    return { conversations, contacts };
  }
}

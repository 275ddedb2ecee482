import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims, PrivacySubject } from '@garda/contracts';
import { CurrentUser, privacySubjectBody, Roles } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { exportTickets } from './ticket-privacy.repository';

/** tickets' part of a data export: the customer's tickets, conversations and messages. Admins only. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class TicketPrivacyController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Post('export')
  @HttpCode(200)
  @Roles('admin')
  async export(@CurrentUser() user: AuthClaims, @Body(privacySubjectBody()) subject: PrivacySubject) {
    return exportTickets(this.dataSource.manager, user.tenantId, subject.customerId);
  }
}

import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims, PrivacySubject } from '@garda/contracts';
import { CurrentUser, privacySubjectBody, Roles } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { exportCustomer } from './customer-privacy.repository';

/** customers' part of a data export (the gateway assembles the whole document). Admins only. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
export class CustomerPrivacyController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Post('export')
  @HttpCode(200)
  @Roles('admin')
  async export(@CurrentUser() user: AuthClaims, @Body(privacySubjectBody()) subject: PrivacySubject) {
    return exportCustomer(this.dataSource.manager, user.tenantId, subject.customerId);
  }
}

import { Controller, Get, Headers, HttpStatus, Inject, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { auditPrivacyAct, CurrentUser, LOGGER, Roles } from '@garda/service-kit';
import type { Response } from 'express';
import type { Logger } from 'pino';
import type { CallerHeaders } from '../console-api/relay';
import { type CallerCredentials, CustomerData } from './customer-data';
import { ErasureRequests } from './erasure-requests';

/**
 * Data-protection requests of a tenant's customers (GDPR arts. 15, 17, 20; Indonesia's PDP Law
 * arts. 7, 8, 13, 43): an admin exports everything Garda holds about a customer as one JSON
 * document, or has it erased across every service. Admins only; each act is audited.
 */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy')
@Roles('admin')
export class PrivacyController {
  constructor(
    @Inject(CustomerData) private readonly data: CustomerData,
    @Inject(ErasureRequests) private readonly erasures: ErasureRequests,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  @Get('customers/:id/export')
  async export(
    @CurrentUser() user: AuthClaims,
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) customerId: string,
  ) {
    const document = await this.data.export(customerId, user.tenantId, credentials(headers));
    auditPrivacyAct(this.logger, 'privacy.export', { tenantId: user.tenantId, actorId: user.sub, customerId });
    res.setHeader('content-disposition', `attachment; filename="customer-${customerId}.json"`);
    res.setHeader('cache-control', 'no-store');
    return document;
  }

  /** 202 with the new request; 200 with the one still pending for this customer, if any. */
  @Post('customers/:id/erasure')
  async erase(
    @CurrentUser() user: AuthClaims,
    @Headers() headers: CallerHeaders,
    @Res({ passthrough: true }) res: Response,
    @Param('id', new ParseUUIDPipe()) customerId: string,
  ) {
    const { subject } = await this.data.subjectOf(customerId, credentials(headers));
    const { created, request } = await this.erasures.request(user.tenantId, user.sub, subject);
    if (created)
      auditPrivacyAct(this.logger, 'privacy.erasure-requested', {
        tenantId: user.tenantId,
        actorId: user.sub,
        customerId,
        requestId: request.id,
      });
    res.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return request;
  }

  @Get('erasures')
  async erasureList(@CurrentUser() user: AuthClaims) {
    return this.erasures.list(user.tenantId);
  }

  @Get('erasures/:id')
  async erasure(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.erasures.view(user.tenantId, id);
  }
}

function credentials(headers: CallerHeaders): CallerCredentials {
  return { authorization: headers.authorization ?? '', correlationId: headers['x-correlation-id'] };
}

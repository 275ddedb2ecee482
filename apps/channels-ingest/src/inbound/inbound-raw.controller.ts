import { Controller, Get, Inject, NotFoundException, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, Roles, queryRows } from '@garda/service-kit';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { z } from 'zod';

/** The provider's delivery behind an InboundMessage's rawPayloadRef, for supervisors in its tenant. */
@ApiTags('inbound-raw')
@ApiBearerAuth()
@Controller('inbound-raw')
export class InboundRawController {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  @Get(':id')
  @Roles('supervisor')
  async get(@CurrentUser() user: AuthClaims, @Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const [row] = await queryRows(
      this.dataSource,
      z.object({ content_type: z.string(), payload: z.instanceof(Buffer) }),
      `SELECT "content_type", "payload" FROM "channels_ingest"."inbound_raw" WHERE "id" = $1 AND "tenant_id" = $2`,
      [id, user.tenantId],
    );
    if (!row) throw new NotFoundException('No such raw delivery');
    // Served as an attachment so a browser never renders provider content (HTML mail) in our origin.
    response.status(200).type(row.content_type).setHeader('content-disposition', `attachment; filename="${id}"`);
    response.setHeader('x-content-type-options', 'nosniff');
    response.send(row.payload);
  }
}

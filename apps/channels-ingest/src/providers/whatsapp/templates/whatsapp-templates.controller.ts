import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, InvalidInputError, Roles, zodBody } from '@garda/service-kit';
import { z } from 'zod';
import { assertNoNulParam } from '../../../inbound/nul-characters';
import { WhatsAppTemplates } from './whatsapp-templates.service';

const RenderBody = z.strictObject({
  name: z.string().trim().min(1).max(512),
  language: z.string().trim().min(1).max(20),
  parameters: z.record(z.string().regex(/^[a-z0-9_]{1,100}$/), z.string().max(1024)).default({}),
});

/** The desk's side of WhatsApp templates: the catalogue, the check of an agent's values, the 24-hour window. */
@ApiTags('whatsapp-templates')
@ApiBearerAuth()
@Controller('whatsapp/:accountId')
export class WhatsAppTemplatesController {
  constructor(@Inject(WhatsAppTemplates) private readonly templates: WhatsAppTemplates) {}

  /** Reads the approved templates from Meta again (after one is approved or changed). */
  @Post('templates/sync')
  @Roles('supervisor')
  @HttpCode(200)
  async sync(@CurrentUser() user: AuthClaims, @Param('accountId') accountId: string) {
    const account = await this.templates.account(user.tenantId, assertNoNulParam('accountId', accountId));
    return { synced: await this.templates.sync(account) };
  }

  @Get('templates')
  async list(@CurrentUser() user: AuthClaims, @Param('accountId') accountId: string) {
    const account = await this.templates.account(user.tenantId, assertNoNulParam('accountId', accountId));
    return this.templates.list(account);
  }

  @Post('templates/render')
  @HttpCode(200)
  async render(
    @CurrentUser() user: AuthClaims,
    @Param('accountId') accountId: string,
    @Body(zodBody(RenderBody)) body: z.infer<typeof RenderBody>,
  ) {
    const account = await this.templates.account(user.tenantId, assertNoNulParam('accountId', accountId));
    return this.templates.render(account, body);
  }

  @Get('window')
  async window(@CurrentUser() user: AuthClaims, @Param('accountId') accountId: string, @Query('threadKey') threadKey?: string) {
    if (!threadKey || threadKey.length > 500) throw new InvalidInputError('threadKey', 'give the conversation’s thread key');
    const account = await this.templates.account(user.tenantId, assertNoNulParam('accountId', accountId));
    return this.templates.window(account, assertNoNulParam('threadKey', threadKey));
  }
}

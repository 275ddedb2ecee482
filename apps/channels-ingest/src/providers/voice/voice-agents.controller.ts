import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthClaims } from '@garda/contracts';
import { CurrentUser, NotFoundError, Roles, zodBody } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ChannelAccountsService } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { twilioAccessToken } from './voice-access';
import { E164Schema } from './voice-config';
import { VoiceCallsRepository } from './voice-calls.repository';

const PhoneBody = z.strictObject({ phoneNumber: E164Schema.nullable() });
type PhoneBody = z.infer<typeof PhoneBody>;

/**
 * How agents take calls: their own phone number (set by themselves or a supervisor), or the
 * console, which asks here for a Twilio Voice SDK access token when the tenant's account rings browsers.
 */
@ApiTags('voice')
@ApiBearerAuth()
@Controller('voice/agents')
export class VoiceAgentsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
  ) {}

  /** The caller's call settings: their phone number and how the tenant's phone accounts reach agents. */
  @Get('me')
  async me(@CurrentUser() user: AuthClaims) {
    const phoneNumber = (await new VoiceCallsRepository(this.dataSource.manager).agentPhone(user.tenantId, user.sub)) ?? null;
    const accounts = (await this.accounts.listForTenant(user.tenantId))
      .filter((account) => account.channel === 'voice')
      .map((account) => ({
        accountId: account.id,
        phoneNumber: account.config.phoneNumber,
        agentConnection: account.config.agentConnection ?? 'phone',
      }));
    return { agentId: user.sub, phoneNumber, accounts };
  }

  @Put('me/phone')
  @HttpCode(200)
  async setMyPhone(@CurrentUser() user: AuthClaims, @Body(zodBody(PhoneBody)) body: PhoneBody) {
    await new VoiceCallsRepository(this.dataSource.manager).setAgentPhone(user.tenantId, user.sub, body.phoneNumber);
    return { agentId: user.sub, phoneNumber: body.phoneNumber };
  }

  @Put(':agentId/phone')
  @Roles('supervisor')
  @HttpCode(200)
  async setPhone(
    @CurrentUser() user: AuthClaims,
    @Param('agentId', new ParseUUIDPipe()) agentId: string,
    @Body(zodBody(PhoneBody)) body: PhoneBody,
  ) {
    await new VoiceCallsRepository(this.dataSource.manager).setAgentPhone(user.tenantId, agentId, body.phoneNumber);
    return { agentId, phoneNumber: body.phoneNumber };
  }

  /** A Voice SDK token for the caller's browser, from the tenant's phone account that rings browsers. */
  @Get('me/access-token')
  async accessToken(@CurrentUser() user: AuthClaims) {
    const account = (await this.accounts.listByChannel('voice')).find(
      (candidate) => candidate.tenantId === user.tenantId && candidate.config.agentConnection === 'browser',
    );
    if (!account) throw new NotFoundError('No phone account of this tenant rings agents in the browser');
    return twilioAccessToken(account.id, settingsOf('voice', account), user.sub);
  }
}

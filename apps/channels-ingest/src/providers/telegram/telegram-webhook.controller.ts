import { Controller, Headers, HttpCode, Inject, Param, Post, Req, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@garda/service-kit';
import { ChannelAccountsService } from '../../accounts/channel-accounts.service';
import { NoNulParam } from '../../inbound/nul-characters';
import { parseOr400, rawBodyOf, type RawBodyRequest, rawDeliveryOf, WebhookIngest } from '../../inbound/webhook-ingest';
import { constantTimeEquals } from '../meta/meta-webhook.controller';
import { normaliseTelegram, parseTelegramUpdate } from './telegram-normaliser';

/**
 * Telegram bots: setWebhook(url=https://<host>/webhooks/telegram/<accountId>, secret_token=<webhookSecret>).
 * Checked in order: the account exists (404), X-Telegram-Bot-Api-Secret-Token matches (401), the
 * Update has Telegram's shape (400). A re-sent update_id is accepted once.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/telegram')
export class TelegramWebhookController {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
  ) {}

  @Post(':accountId')
  @HttpCode(200)
  async update(
    @Param('accountId', NoNulParam) accountId: string,
    @Req() request: RawBodyRequest,
    @Headers('x-telegram-bot-api-secret-token') secretToken?: string,
  ) {
    const account = await this.accounts.findByIdOrThrow(accountId, 'telegram');
    if (!constantTimeEquals(account.secrets.webhookSecret, secretToken))
      throw new UnauthorizedException('X-Telegram-Bot-Api-Secret-Token does not match');
    const rawBody = rawBodyOf(request);
    const update = parseOr400(() => parseTelegramUpdate(request.body));
    const draft = normaliseTelegram(update, account.id);
    if (draft) await this.ingest.ingest(account, { address: account.id, messages: [draft], statuses: [] }, rawDeliveryOf(request, rawBody));
    return { ok: true };
  }
}

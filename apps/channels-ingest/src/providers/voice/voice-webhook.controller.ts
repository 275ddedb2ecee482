import { Controller, ForbiddenException, Header, Headers, HttpCode, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONFIG, Public } from '@garda/service-kit';
import { type ChannelAccount, ChannelAccountsService } from '../../accounts/channel-accounts.service';
import type { ChannelsIngestConfig } from '../../channels-ingest.config';
import { assertNoNulParam } from '../../inbound/nul-characters';
import { parseOr400, rawBodyOf, type RawBodyRequest, WebhookIngest } from '../../inbound/webhook-ingest';
import { verifyTwilioSignature } from '../twilio/twilio-signature';
import { twilioSignedUrl } from '../twilio/twilio-signed-url';
import { twiml } from './twiml';
import { VoiceCalls } from './voice-calls.service';
import { parseVoice, TwilioRecordingCallback, TwilioVoiceRequest } from './voice-webhook.schemas';

const EMPTY = twiml();

/**
 * Twilio Programmable Voice webhooks. The number's "A call comes in" URL is /webhooks/twilio/voice
 * and its "Call status changes" URL /webhooks/twilio/voice/status; the other paths are the ones
 * Garda's own TwiML names (menu, hold, dial, leg, recording), each carrying `?account=`. Checked in
 * order: Twilio's form fields (400), an account we know (404), X-Twilio-Signature with that
 * account's auth token (403). Only then does anything happen.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio/voice')
export class VoiceWebhookController {
  constructor(
    @Inject(VoiceCalls) private readonly calls: VoiceCalls,
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async incoming(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const { account, call } = await this.authenticate(request, signature);
    return this.calls.incoming(account, call);
  }

  @Post('menu')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async menu(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const { account, call } = await this.authenticate(request, signature);
    return this.calls.menuChoice(account, call);
  }

  @Post('hold')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async hold(
    @Req() request: RawBodyRequest,
    @Query('turn') turn: string | undefined,
    @Headers('x-twilio-signature') signature?: string,
  ): Promise<string> {
    const { account, call } = await this.authenticate(request, signature);
    const number = Number(turn ?? 0);
    return this.calls.hold(account, call, Number.isInteger(number) && number >= 0 && number < 100_000 ? number : 0);
  }

  @Post('status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async status(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const { account, call } = await this.authenticate(request, signature);
    await this.calls.statusChanged(account, call);
    return EMPTY;
  }

  @Post('leg')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async leg(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const { call } = await this.authenticate(request, signature);
    await this.calls.legAnswered(call);
    return EMPTY;
  }

  @Post('dial')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async dial(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const { account, call } = await this.authenticate(request, signature);
    return this.calls.dialEnded(account, call);
  }

  @Post('recording')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async recording(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    rawBodyOf(request);
    const recording = parseOr400(() => parseVoice(TwilioRecordingCallback, request.body));
    const account = await this.accountOf(request, undefined);
    this.verify(request, account, signature);
    await this.calls.recordingReady(recording);
    return EMPTY;
  }

  private async authenticate(
    request: RawBodyRequest,
    signature: string | undefined,
  ): Promise<{ account: ChannelAccount; call: TwilioVoiceRequest }> {
    rawBodyOf(request);
    const call = parseOr400(() => parseVoice(TwilioVoiceRequest, request.body));
    // Our number: the called one on a caller's call, the calling one on a call Garda placed.
    const account = await this.accountOf(request, call.Direction === 'inbound' ? call.To : call.From);
    this.verify(request, account, signature);
    return { account, call };
  }

  private async accountOf(request: RawBodyRequest, ourNumber: string | undefined): Promise<ChannelAccount> {
    const accountId = typeof request.query.account === 'string' ? assertNoNulParam('account', request.query.account) : undefined;
    if (accountId) return this.accounts.findByIdOrThrow(accountId, 'voice');
    return (await this.ingest.accountsFor('voice', ourNumber ? [ourNumber] : [])).values().next().value!;
  }

  private verify(request: RawBodyRequest, account: ChannelAccount, signature: string | undefined): void {
    const authToken = account.secrets.authToken;
    const params = request.body as Record<string, string | string[]>;
    if (!authToken || !verifyTwilioSignature(authToken, twilioSignedUrl(request, this.config), params, signature)) {
      throw new ForbiddenException('X-Twilio-Signature does not match');
    }
  }
}

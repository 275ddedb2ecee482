import { Controller, ForbiddenException, Header, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CONFIG, Public } from '@garda/service-kit';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import type { ChannelsIngestConfig } from '../../channels-ingest.config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { parseOr400, rawBodyOf, type RawBodyRequest, rawDeliveryOf, WebhookIngest } from '../../inbound/webhook-ingest';
import { normaliseTwilioSms, normaliseTwilioStatus, parseTwilio, TwilioInboundSms, TwilioStatusCallback } from './twilio-normaliser';
import { verifyTwilioSignature } from './twilio-signature';
import { twilioSignedUrl } from './twilio-signed-url';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/**
 * Twilio SMS: incoming messages at /webhooks/twilio/sms (the number's "A message comes in" URL)
 * and status callbacks at /webhooks/twilio/sms/status. Checked in order: Twilio's form fields (400),
 * a number we know (404), X-Twilio-Signature with that account's auth token (403).
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/twilio/sms')
export class TwilioWebhookController {
  constructor(
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
    @Inject(DeliveryTracker) private readonly deliveries: DeliveryTracker,
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async incoming(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    const rawBody = rawBodyOf(request);
    const sms = parseOr400(() => parseTwilio(TwilioInboundSms, request.body));
    const account = await this.authenticate(request, sms.To, signature);
    await this.ingest.ingest(
      account,
      { address: sms.To, messages: [normaliseTwilioSms(sms, account.id)], statuses: [] },
      rawDeliveryOf(request, rawBody),
    );
    return EMPTY_TWIML;
  }

  @Post('status')
  @HttpCode(200)
  @Header('Content-Type', 'text/xml')
  async status(@Req() request: RawBodyRequest, @Headers('x-twilio-signature') signature?: string): Promise<string> {
    rawBodyOf(request);
    const callback = parseOr400(() => parseTwilio(TwilioStatusCallback, request.body));
    const account = await this.authenticate(request, callback.From, signature);
    const report = normaliseTwilioStatus(callback);
    if (report) await this.deliveries.providerStatus(account, report);
    return EMPTY_TWIML;
  }

  private async authenticate(request: RawBodyRequest, ourNumber: string, signature: string | undefined): Promise<ChannelAccount> {
    const account = (await this.ingest.accountsFor('sms', [ourNumber])).get(ourNumber)!;
    const authToken = account.secrets.authToken;
    const params = request.body as Record<string, string | string[]>;
    if (!authToken || !verifyTwilioSignature(authToken, twilioSignedUrl(request, this.config), params, signature)) {
      throw new ForbiddenException('X-Twilio-Signature does not match');
    }
    return account;
  }
}

import {
  Controller,
  ForbiddenException,
  Get,
  Header,
  Headers,
  HttpCode,
  Inject,
  Optional,
  Post,
  Query,
  Req,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Channel } from '@garda/contracts';
import { LOGGER, type Logger, Public } from '@garda/service-kit';
import { timingSafeEqual } from 'node:crypto';
import { type ChannelAccount, ChannelAccountsService } from '../../accounts/channel-accounts.service';
import { parseOr400, rawBodyOf, type RawBodyRequest, rawDeliveryOf, WebhookIngest } from '../../inbound/webhook-ingest';
import { normaliseMetaMessaging, parseMetaMessagingWebhook } from '../messenger/messenger-normaliser';
import type { NormalisedBatch } from '../normalised-batch';
import { normaliseWhatsApp, parseWhatsAppWebhook } from '../whatsapp/whatsapp-normaliser';
import { verifyMetaSignature } from './meta-signature';

type MetaChannel = Extract<Channel, 'whatsapp' | 'messenger' | 'instagram'>;

/**
 * Meta's webhooks (WhatsApp Cloud API, Messenger, Instagram): the GET verification handshake and
 * signed POST deliveries. A POST is checked in this order: the payload has Meta's shape (400), it is
 * for an account we know (404), it carries that app's X-Hub-Signature-256 (401). Only then is
 * anything accepted. Register `https://<host>/webhooks/<whatsapp|messenger|instagram>` in the app.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks')
export class MetaWebhookController {
  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
    @Optional() @Inject(LOGGER) private readonly logger?: Logger,
  ) {}

  @Get('whatsapp')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verifyWhatsApp(@Query() query: Record<string, unknown>) {
    return this.handshake('whatsapp', query);
  }

  @Get('messenger')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verifyMessenger(@Query() query: Record<string, unknown>) {
    return this.handshake('messenger', query);
  }

  @Get('instagram')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  verifyInstagram(@Query() query: Record<string, unknown>) {
    return this.handshake('instagram', query);
  }

  @Post('whatsapp')
  @HttpCode(200)
  async whatsapp(@Req() request: RawBodyRequest, @Headers('x-hub-signature-256') signature?: string) {
    const rawBody = rawBodyOf(request);
    const webhook = parseOr400(() => parseWhatsAppWebhook(request.body));
    const addresses = webhook.entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.metadata?.phone_number_id ?? []));
    if (addresses.length === 0)
      return this.acknowledgeUnroutable(
        rawBody,
        signature,
        webhook.entry.flatMap((entry) => entry.changes.map((change) => change.field)),
      );
    return this.deliver('whatsapp', request, rawBody, signature, addresses, (idFor) => normaliseWhatsApp(webhook, idFor));
  }

  @Post('messenger')
  @HttpCode(200)
  async messenger(@Req() request: RawBodyRequest, @Headers('x-hub-signature-256') signature?: string) {
    const rawBody = rawBodyOf(request);
    const webhook = parseOr400(() => parseMetaMessagingWebhook(request.body, 'page'));
    return this.deliver(
      'messenger',
      request,
      rawBody,
      signature,
      webhook.entry.map((entry) => entry.id),
      (idFor) => normaliseMetaMessaging(webhook, idFor),
    );
  }

  @Post('instagram')
  @HttpCode(200)
  async instagram(@Req() request: RawBodyRequest, @Headers('x-hub-signature-256') signature?: string) {
    const rawBody = rawBodyOf(request);
    const webhook = parseOr400(() => parseMetaMessagingWebhook(request.body, 'instagram'));
    return this.deliver(
      'instagram',
      request,
      rawBody,
      signature,
      webhook.entry.map((entry) => entry.id),
      (idFor) => normaliseMetaMessaging(webhook, idFor),
    );
  }

  private async deliver(
    channel: MetaChannel,
    request: RawBodyRequest,
    rawBody: Buffer,
    signature: string | undefined,
    addresses: string[],
    normalise: (accountIdFor: (address: string) => string) => NormalisedBatch[],
  ) {
    const accounts = await this.ingest.accountsFor(channel, addresses.filter(Boolean));
    // Every account this delivery touches must have signed it: one app secret cannot vouch for another app's page.
    for (const account of accounts.values()) {
      const appSecret = account.secrets.appSecret;
      if (!appSecret || !verifyMetaSignature(rawBody, signature, appSecret))
        throw new UnauthorizedException('X-Hub-Signature-256 does not match');
    }
    const idFor = (address: string) => accounts.get(address)?.id ?? address;
    const deliveries = normalise(idFor).flatMap((batch) => {
      const account = accounts.get(batch.address);
      return account ? [{ account, batch }] : [];
    });
    await this.ingest.ingestAll(deliveries, rawDeliveryOf(request, rawBody));
    return 'EVENT_RECEIVED';
  }

  /**
   * A WhatsApp delivery that names no phone number (template status, account or quality updates for
   * the business account) has nothing to ingest. Meta retries anything that is not a 2xx for days, so
   * a delivery signed by the app of one of our WhatsApp accounts is acknowledged with 200 and nothing
   * published; one no app of ours signed is refused (401), as it may be a forgery.
   */
  private async acknowledgeUnroutable(rawBody: Buffer, signature: string | undefined, fields: string[]): Promise<string> {
    const accounts = await this.accounts.listByChannel('whatsapp');
    const signer = accounts.find(
      (account) => account.secrets.appSecret && verifyMetaSignature(rawBody, signature, account.secrets.appSecret),
    );
    if (!signer) throw new UnauthorizedException('X-Hub-Signature-256 does not match');
    this.logger?.info(
      { accountId: signer.id, fields: [...new Set(fields)].slice(0, 10) },
      'WhatsApp delivery without messages acknowledged; nothing to ingest',
    );
    return 'EVENT_RECEIVED';
  }

  /** Meta calls GET with hub.mode=subscribe and the verify token set in the app; echo the challenge. */
  private async handshake(channel: MetaChannel, query: Record<string, unknown>): Promise<string> {
    const mode = query['hub.mode'];
    const token = query['hub.verify_token'];
    const challenge = query['hub.challenge'];
    if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge.length > 1000) {
      throw new ForbiddenException('Not a valid verification request');
    }
    const candidates: ChannelAccount[] = await this.accounts.listByChannel(channel);
    const matches = candidates.some((account) => constantTimeEquals(account.secrets.verifyToken, token));
    if (!matches) throw new ForbiddenException('The verify token does not match any account');
    return challenge;
  }
}

export function constantTimeEquals(expected: string | undefined, given: string | undefined): boolean {
  if (expected === undefined || given === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

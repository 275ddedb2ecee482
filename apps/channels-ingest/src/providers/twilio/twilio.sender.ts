import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import { CONFIG } from '@garda/service-kit';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { type ChannelsIngestConfig, publicBaseUrl } from '../../channels-ingest.config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { type ProviderRequest, RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { HttpChannelSender, type Refusal } from '../../outbound/http-channel-sender';

/**
 * Twilio Programmable Messaging: POST {base}/2010-04-01/Accounts/{AccountSid}/Messages.json,
 * form-encoded, HTTP Basic with the Account SID and auth token. Status callbacks come back to
 * /webhooks/twilio/sms/status when PUBLIC_BASE_URL (or PUBLIC_URL) is set.
 */
@Injectable()
export class TwilioSmsSender extends HttpChannelSender {
  readonly channel = 'sms' as const;

  constructor(
    @Inject(DeliveryTracker) deliveries: DeliveryTracker,
    @Inject(RETRY_POLICY) retryPolicy: RetryPolicy,
    @Inject(CONFIG) private readonly serviceConfig: ChannelsIngestConfig,
  ) {
    super(deliveries, retryPolicy);
  }

  protected async buildRequests(message: OutboundMessageV1, account: ChannelAccount): Promise<ProviderRequest[] | Refusal> {
    const { config, secrets } = settingsOf('sms', account);
    const form = new URLSearchParams({ To: message.recipient.value, From: config.phoneNumber, Body: message.text.slice(0, 1600) });
    for (const attachment of message.attachments) if (attachment.url) form.append('MediaUrl', attachment.url);
    const base = publicBaseUrl(this.serviceConfig);
    if (base) form.set('StatusCallback', `${base}/webhooks/twilio/sms/status`);
    if (!message.text.trim() && !form.has('MediaUrl'))
      return { refused: 'nothing to send: the message has no text and no attachment with a URL' };
    return [
      {
        url: `${config.apiBaseUrl.replace(/\/$/, '')}/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
        headers: {
          authorization: `Basic ${Buffer.from(`${config.accountSid}:${secrets.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      },
    ];
  }

  protected providerMessageId(body: unknown): string | undefined {
    return (body as { sid?: string } | undefined)?.sid;
  }
}

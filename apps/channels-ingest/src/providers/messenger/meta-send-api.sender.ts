import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { type ProviderRequest, RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { HttpChannelSender, type Refusal } from '../../outbound/http-channel-sender';

/** The Graph Send API: POST {base}/{version}/{page-or-ig-id}/messages with a page access token. */
abstract class MetaSendApiSender extends HttpChannelSender {
  protected abstract target(account: ChannelAccount): { url: string; token: string };

  protected async buildRequests(message: OutboundMessageV1, account: ChannelAccount): Promise<ProviderRequest[] | Refusal> {
    const { url, token } = this.target(account);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const base = { recipient: { id: message.recipient.value }, messaging_type: 'RESPONSE' };
    const requests: ProviderRequest[] = [];
    if (message.text.trim())
      requests.push({ url, headers, body: JSON.stringify({ ...base, message: { text: message.text.slice(0, 2000) } }) });
    for (const attachment of message.attachments) {
      if (!attachment.url) continue;
      const type = attachment.kind === 'image' || attachment.kind === 'audio' || attachment.kind === 'video' ? attachment.kind : 'file';
      requests.push({
        url,
        headers,
        body: JSON.stringify({ ...base, message: { attachment: { type, payload: { url: attachment.url, is_reusable: false } } } }),
      });
    }
    return requests.length > 0 ? requests : { refused: 'nothing to send: the message has no text and no attachment with a URL' };
  }

  protected providerMessageId(body: unknown): string | undefined {
    return (body as { message_id?: string } | undefined)?.message_id;
  }
}

@Injectable()
export class MessengerSender extends MetaSendApiSender {
  readonly channel = 'messenger' as const;

  constructor(@Inject(DeliveryTracker) deliveries: DeliveryTracker, @Inject(RETRY_POLICY) retryPolicy: RetryPolicy) {
    super(deliveries, retryPolicy);
  }

  protected target(account: ChannelAccount) {
    const { config, secrets } = settingsOf('messenger', account);
    return {
      url: `${config.apiBaseUrl.replace(/\/$/, '')}/${config.apiVersion}/${encodeURIComponent(config.pageId)}/messages`,
      token: secrets.pageAccessToken,
    };
  }
}

@Injectable()
export class InstagramSender extends MetaSendApiSender {
  readonly channel = 'instagram' as const;

  constructor(@Inject(DeliveryTracker) deliveries: DeliveryTracker, @Inject(RETRY_POLICY) retryPolicy: RetryPolicy) {
    super(deliveries, retryPolicy);
  }

  protected target(account: ChannelAccount) {
    const { config, secrets } = settingsOf('instagram', account);
    return {
      url: `${config.apiBaseUrl.replace(/\/$/, '')}/${config.apiVersion}/${encodeURIComponent(config.instagramAccountId)}/messages`,
      token: secrets.accessToken,
    };
  }
}

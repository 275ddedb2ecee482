import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { type ProviderRequest, RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { HttpChannelSender, type Refusal } from '../../outbound/http-channel-sender';
import { templateRefusal } from './templates/template-check';
import { z } from 'zod';
import { queryRows } from '@garda/service-kit';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 3600 * 1000;

/**
 * WhatsApp Cloud API: POST {base}/{version}/{phone-number-id}/messages with the access token.
 * Free-form messages only within 24 hours of the customer's last message; outside it only an
 * approved template may be sent, otherwise the message fails with that reason.
 */
@Injectable()
export class WhatsAppSender extends HttpChannelSender {
  readonly channel = 'whatsapp' as const;

  constructor(@Inject(DeliveryTracker) deliveries: DeliveryTracker, @Inject(RETRY_POLICY) retryPolicy: RetryPolicy) {
    super(deliveries, retryPolicy);
  }

  protected async buildRequests(
    message: OutboundMessageV1,
    account: ChannelAccount,
    { manager }: MessageContext,
  ): Promise<ProviderRequest[] | Refusal> {
    const { config, secrets } = settingsOf('whatsapp', account);
    const url = `${config.apiBaseUrl.replace(/\/$/, '')}/${config.apiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
    const headers = { authorization: `Bearer ${secrets.accessToken}`, 'content-type': 'application/json' };
    const to = message.recipient.value;
    const base = { messaging_product: 'whatsapp', recipient_type: 'individual', to };
    if (message.template) {
      const refused = await templateRefusal(manager, account.id, message.template);
      if (refused) return { refused };
      return [{ url, headers, body: JSON.stringify({ ...base, type: 'template', template: templateOf(message.template) }) }];
    }
    const [window] = await queryRows(
      manager,
      z.object({ last_inbound_at: z.date() }),
      `SELECT "last_inbound_at" FROM "channels_ingest"."customer_window" WHERE "account_id" = $1 AND "thread_key" = $2`,
      [account.id, message.threadKey],
    );
    if (!window || Date.now() - new Date(window.last_inbound_at).getTime() > CUSTOMER_SERVICE_WINDOW_MS) {
      return { refused: 'outside the WhatsApp 24-hour customer service window: only a template message may be sent' };
    }
    const requests: ProviderRequest[] = [];
    if (message.text.trim())
      requests.push({
        url,
        headers,
        body: JSON.stringify({ ...base, type: 'text', text: { preview_url: false, body: message.text.slice(0, 4096) } }),
      });
    for (const attachment of message.attachments) {
      if (!attachment.url) continue;
      const type = attachment.kind === 'image' || attachment.kind === 'audio' || attachment.kind === 'video' ? attachment.kind : 'document';
      const media = { link: attachment.url, ...(type === 'document' && attachment.filename ? { filename: attachment.filename } : {}) };
      requests.push({ url, headers, body: JSON.stringify({ ...base, type, [type]: media }) });
    }
    return requests.length > 0 ? requests : { refused: 'nothing to send: the message has no text and no attachment with a URL' };
  }

  protected providerMessageId(body: unknown): string | undefined {
    return (body as { messages?: Array<{ id?: string }> } | undefined)?.messages?.[0]?.id;
  }
}

/**
 * The Cloud API's template object: body parameters become one `body` component, positional
 * ({{1}}, {{2}}… in order) or named (`parameter_name`, for templates created with named parameters).
 * https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-message-templates
 */
export function templateOf(template: NonNullable<OutboundMessageV1['template']>) {
  const parameters = (template.bodyParameters ?? []).map((parameter) => ({
    type: 'text',
    ...(parameter.name ? { parameter_name: parameter.name } : {}),
    text: parameter.text,
  }));
  return {
    name: template.name,
    language: { code: template.language },
    ...(parameters.length > 0 ? { components: [{ type: 'body', parameters }] } : {}),
  };
}

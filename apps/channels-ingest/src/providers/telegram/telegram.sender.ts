import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { type ProviderRequest, RETRY_POLICY, type RetryPolicy } from '../../delivery/http-delivery';
import { HttpChannelSender, type Refusal } from '../../outbound/http-channel-sender';

/** Telegram Bot API: POST {base}/bot{token}/sendMessage (and sendDocument/sendPhoto for attachments by URL). */
@Injectable()
export class TelegramSender extends HttpChannelSender {
  readonly channel = 'telegram' as const;

  constructor(@Inject(DeliveryTracker) deliveries: DeliveryTracker, @Inject(RETRY_POLICY) retryPolicy: RetryPolicy) {
    super(deliveries, retryPolicy);
  }

  protected async buildRequests(message: OutboundMessageV1, account: ChannelAccount): Promise<ProviderRequest[] | Refusal> {
    const { config, secrets } = settingsOf('telegram', account);
    const bot = `${config.apiBaseUrl.replace(/\/$/, '')}/bot${secrets.botToken}`;
    const headers = { 'content-type': 'application/json' };
    const chatId = chatIdOf(message, account);
    const requests: ProviderRequest[] = [];
    if (message.text.trim())
      requests.push({ url: `${bot}/sendMessage`, headers, body: JSON.stringify({ chat_id: chatId, text: message.text.slice(0, 4096) }) });
    for (const attachment of message.attachments) {
      if (!attachment.url) continue;
      const [method, field] = attachment.kind === 'image' ? ['sendPhoto', 'photo'] : ['sendDocument', 'document'];
      requests.push({ url: `${bot}/${method}`, headers, body: JSON.stringify({ chat_id: chatId, [field]: attachment.url }) });
    }
    return requests.length > 0 ? requests : { refused: 'nothing to send: the message has no text and no attachment with a URL' };
  }

  protected providerMessageId(body: unknown): string | undefined {
    const id = (body as { result?: { message_id?: number } } | undefined)?.result?.message_id;
    return id === undefined ? undefined : String(id);
  }
}

/**
 * Where a reply goes: the chat the customer wrote in. Inbound threads are `<accountId>:<chat.id>`
 * (see telegram-normaliser.ts), so in a group the reply goes to the group, where the customer is
 * reading, rather than to the customer's private chat with the bot (which may not even exist).
 * A thread of another shape falls back to the recipient (in a private chat chat.id = from.id).
 */
export function chatIdOf(message: Pick<OutboundMessageV1, 'threadKey' | 'recipient'>, account: Pick<ChannelAccount, 'id'>): string {
  const prefix = `${account.id}:`;
  const chat = message.threadKey.startsWith(prefix) ? message.threadKey.slice(prefix.length) : '';
  return /^-?\d{1,20}$/.test(chat) ? chat : message.recipient.value;
}

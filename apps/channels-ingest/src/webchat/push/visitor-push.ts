import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import { LOGGER, type Logger, OutboundGuard, OutboundRefused } from '@garda/service-kit';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';

/** `sha256=<hex HMAC-SHA256 of the body's exact bytes>`, the format of Garda's other outbound webhooks (notifications). */
export const signPushBody = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

const TIMEOUT_MS = 5000;

/**
 * Tells an app's backend that an agent replied while the visitor had no open socket, so the app can
 * send a push notification (APNs, FCM): POST to the account's `pushWebhookUrl`, through the outbound
 * guard, signed with `secrets.pushWebhookSecret`. Best effort: the reply already waits in the
 * session's history, so a failed call is logged, never retried into the consumer's time budget.
 */
@Injectable()
export class VisitorPush {
  constructor(
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async replyWaiting(account: ChannelAccount, message: OutboundMessageV1): Promise<void> {
    const url = account.config.pushWebhookUrl;
    const secret = account.secrets.pushWebhookSecret;
    if (typeof url !== 'string' || !secret) return;
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({
      event: 'webchat.reply',
      timestamp,
      accountId: account.id,
      sessionId: message.threadKey,
      messageId: message.messageId,
      authorName: message.authorName ?? null,
      // A preview for the notification; the app reads the whole message from the history.
      preview: message.text.slice(0, 200),
      attachments: message.attachments.length,
      createdAt: message.createdAt,
    });
    try {
      const response = await this.guard.fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-garda-event': 'webchat.reply',
          // The same reply redelivered (at-least-once) carries the same id: the app drops a second push.
          'x-garda-delivery': message.messageId,
          'x-garda-timestamp': String(timestamp),
          'x-garda-signature': signPushBody(secret, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (!response.ok)
        this.logger.warn(
          { accountId: account.id, status: response.status, messageId: message.messageId },
          'push webhook refused the reply',
        );
    } catch (error) {
      const reason = error instanceof OutboundRefused ? error.reason : (error as Error).message;
      this.logger.warn({ accountId: account.id, reason, messageId: message.messageId }, 'push webhook could not be called');
    }
  }
}

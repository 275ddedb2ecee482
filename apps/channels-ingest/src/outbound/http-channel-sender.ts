import { Inject } from '@nestjs/common';
import type { Channel, OutboundMessageV1 } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import { LOGGER, type Logger, OutboundGuard } from '@garda/service-kit';
import type { ChannelAccount } from '../accounts/channel-accounts.service';
import type { DeliveryTracker } from '../delivery/delivery-tracker';
import { deadlineFor, deliverWithRetries, type ProviderRequest, type RetryPolicy } from '../delivery/http-delivery';
import type { ChannelSender } from './channel-sender';
import { SendOnce, type SendOutcome } from './send-once/send-once';

/** A reason the message may not go out at all (e.g. outside WhatsApp's 24-hour window). */
export interface Refusal {
  refused: string;
}

/**
 * The common path of HTTP providers: build the provider's request(s), send with retries, record
 * "sent" with the provider's id, or "failed" with the provider's reason.
 */
export abstract class HttpChannelSender implements ChannelSender {
  abstract readonly channel: Channel;
  // Property injection keeps every provider's constructor as it is: every request goes through the guard.
  @Inject(OutboundGuard) protected readonly guard!: OutboundGuard;
  @Inject(LOGGER) protected readonly logger!: Logger;
  @Inject(SendOnce) protected readonly sendOnce!: SendOnce;

  constructor(
    protected readonly deliveries: DeliveryTracker,
    protected readonly retryPolicy: RetryPolicy,
  ) {}

  /** One request per provider message (a text and each attachment may be separate messages). */
  protected abstract buildRequests(
    message: OutboundMessageV1,
    account: ChannelAccount,
    context: MessageContext,
  ): Promise<ProviderRequest[] | Refusal>;
  protected abstract providerMessageId(responseBody: unknown): string | undefined;

  async send(message: OutboundMessageV1, account: ChannelAccount, context: MessageContext): Promise<void> {
    const requests = await this.buildRequests(message, account, context);
    if ('refused' in requests) return this.deliveries.failed(context, message, account, requests.refused);
    // Outside the handler's transaction, once per message id: a later failing write cannot repeat it.
    const outcome = await this.sendOnce.run(message, { repeatIsHarmless: false }, () => this.transmit(requests, account));
    if (!outcome.ok) return this.deliveries.failed(context, message, account, outcome.error);
    await this.deliveries.sent(context, message, account, outcome.providerMessageId);
  }

  private async transmit(requests: ProviderRequest[], account: ChannelAccount): Promise<SendOutcome> {
    let firstProviderId: string | undefined;
    // One budget for the whole message (text and attachments): see deadlineFor for why.
    const deadline = deadlineFor(this.retryPolicy);
    for (const request of requests) {
      const outcome = await deliverWithRetries(request, this.retryPolicy, (url, init) => this.guard.fetch(url, init), deadline);
      if (!outcome.ok) {
        this.logger.warn(
          { accountId: account.id, channel: this.channel, status: outcome.status, detail: outcome.detail, error: outcome.error },
          'provider request failed',
        );
        return { ok: false, error: outcome.error };
      }
      firstProviderId ??= this.providerMessageId(outcome.body);
    }
    return { ok: true, status: 'sent', ...(firstProviderId ? { providerMessageId: firstProviderId } : {}) };
  }
}

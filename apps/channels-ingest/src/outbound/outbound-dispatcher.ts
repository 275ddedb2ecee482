import { Controller, Inject } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type Channel, type OutboundMessageV1, Topics } from '@garda/contracts';
import { type EventContext, EventPattern } from '@garda/service-kit';
import { ChannelAccountsService } from '../accounts/channel-accounts.service';
import { AccountMisconfigured } from '../accounts/channel-config';
import { DeliveryTracker } from '../delivery/delivery-tracker';
import { CHANNEL_SENDERS, type ChannelSender } from './channel-sender';

/**
 * Consumes outbound messages and hands each to the sender of its channel. A message that cannot be
 * delivered (no such account in the tenant, a misconfigured account) is reported as failed with the
 * reason, not retried: retrying cannot fix it.
 */
@Controller()
export class OutboundDispatcher {
  private readonly senders: Map<Channel, ChannelSender>;

  constructor(
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(DeliveryTracker) private readonly deliveries: DeliveryTracker,
    @Inject(CHANNEL_SENDERS) senders: ChannelSender[],
  ) {
    this.senders = new Map(senders.map((sender) => [sender.channel, sender]));
  }

  @EventPattern(Topics.OutboundMessage)
  async dispatch(@Payload() message: OutboundMessageV1, @Ctx() context: EventContext): Promise<void> {
    const sender = this.senders.get(message.channel);
    const account = await this.accounts.findById(message.accountId, message.channel);
    if (!sender) return this.deliveries.failed(context, message, account, `channel ${message.channel} has no sender`);
    if (!account || account.tenantId !== message.tenantId) {
      return this.deliveries.failed(context, message, undefined, `no ${message.channel} account "${message.accountId}" in this tenant`);
    }
    try {
      await sender.send(message, account, context);
    } catch (error) {
      if (error instanceof AccountMisconfigured) return this.deliveries.failed(context, message, account, error.message);
      throw error;
    }
  }
}

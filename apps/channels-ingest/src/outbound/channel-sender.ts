import type { Channel, OutboundMessageV1 } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import type { ChannelAccount } from '../accounts/channel-accounts.service';

/** Delivers outbound messages for one channel in that provider's own request shape. */
export interface ChannelSender {
  readonly channel: Channel;
  /** Runs inside the consumer's transaction; `context.publish` queues events (delivery statuses) in it. */
  send(message: OutboundMessageV1, account: ChannelAccount, context: MessageContext): Promise<void>;
}

export const CHANNEL_SENDERS = Symbol('ChannelSenders');

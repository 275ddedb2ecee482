import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type RateLimit, RateLimits } from '@garda/service-kit';
import type { ChannelsIngestConfig } from '../channels-ingest.config';

/** The typing allowance's window: short, because typing is a burst while someone writes. */
export const TYPING_WINDOW_SECONDS = 10;

/**
 * Web-chat is the one door anyone on the internet can open, and every session and message costs a
 * customer, a ticket and a routed contact downstream. These limits (shared by every replica, see
 * docs/adr/0021) keep one source from filling the agents' queues. Per-address limits are generous
 * (many visitors can share an office's or a mobile carrier's address); per-session ones are tight.
 */
@Injectable()
export class WebchatLimits {
  readonly sessionsPerAddress: RateLimit;
  readonly messagesPerSession: RateLimit;
  readonly messagesPerAddress: RateLimit;
  readonly connectionsPerAddress: RateLimit;
  readonly typingPerSession: RateLimit;

  constructor(@Inject(RateLimits) limits: RateLimits, @Inject(CONFIG) config: ChannelsIngestConfig) {
    this.sessionsPerAddress = limits.limit({
      name: 'webchat-sessions-per-address',
      points: config.WEBCHAT_SESSIONS_PER_ADDRESS,
      windowSeconds: 3600,
      message: 'Too many chats started from your network; please try again later',
    });
    this.messagesPerSession = limits.limit({
      name: 'webchat-messages-per-session',
      points: config.WEBCHAT_MESSAGES_PER_SESSION,
      windowSeconds: 60,
      message: 'You are sending messages too quickly; please wait a moment',
    });
    this.messagesPerAddress = limits.limit({
      name: 'webchat-messages-per-address',
      points: config.WEBCHAT_MESSAGES_PER_ADDRESS,
      windowSeconds: 60,
      message: 'Too many messages from your network; please wait a moment',
    });
    this.connectionsPerAddress = limits.limit({
      name: 'webchat-connections-per-address',
      points: config.WEBCHAT_CONNECTIONS_PER_ADDRESS,
      windowSeconds: 60,
    });
    this.typingPerSession = limits.limit({
      name: 'webchat-typing-per-session',
      points: config.WEBCHAT_TYPING_PER_SESSION,
      windowSeconds: TYPING_WINDOW_SECONDS,
    });
  }
}

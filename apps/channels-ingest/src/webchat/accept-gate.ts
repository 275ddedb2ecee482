import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, RateLimitedError } from '@garda/service-kit';
import type { ChannelsIngestConfig } from '../channels-ingest.config';

/**
 * Bounds the web-chat messages this replica accepts at once (ADR 0057). The door costs a database
 * transaction per message; past what the database gives back, more concurrent requests only
 * queue inside the connection pool until the visitor's browser times out. So: at most `inFlight`
 * at once, then a short queue, and past the queue (or after waiting `maxWaitMs` in it) an
 * immediate 429 with Retry-After — the widget retries with the same clientMessageId, which the
 * receipt dedupes, and nothing is lost or doubled.
 */
export class AcceptGate {
  private running = 0;
  private readonly waiting: Array<{ admit: () => void; timer: NodeJS.Timeout }> = [];

  constructor(
    private readonly inFlight: number,
    private readonly queueLength: number,
    private readonly maxWaitMs: number,
    private readonly retryAfterSeconds = 1,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.admit();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Requests being handled and waiting now (for metrics and tests). */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  private admit(): Promise<void> {
    if (this.running < this.inFlight) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLength) return Promise.reject(this.busy());
    return new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(entry.timer);
          this.running += 1;
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(this.busy());
        }, this.maxWaitMs),
      };
      this.waiting.push(entry);
    });
  }

  private release(): void {
    this.running -= 1;
    this.waiting.shift()?.admit();
  }

  private busy(): RateLimitedError {
    return new RateLimitedError(this.retryAfterSeconds, 'Chat is very busy right now; your message was not sent, please retry in a moment');
  }
}

/** The gate of this replica's web-chat door, sized from configuration. */
@Injectable()
export class WebchatAcceptGate extends AcceptGate {
  constructor(@Inject(CONFIG) config: ChannelsIngestConfig) {
    super(config.WEBCHAT_ACCEPTS_IN_FLIGHT, config.WEBCHAT_ACCEPT_QUEUE, config.WEBCHAT_ACCEPT_MAX_WAIT_MS);
  }
}

import { randomUUID } from 'node:crypto';
import type { ContactLedger } from './contact-ledger';

export interface CustomerStreamOptions {
  /** channels-ingest base URLs; customers are spread over them round-robin. */
  channelsUrls: string[];
  /** The tenant's web-chat account (the demo tenant's: demo-web). */
  accountId: string;
  topic: string;
  ledger: ContactLedger;
  /** Requests in flight at most; past it the driver itself is the bottleneck and says so. */
  maxInFlight?: number;
  onError?: (what: string, error: unknown) => void;
}

/**
 * Web-chat customers arriving at a steady rate: each opens a session and sends one message (a new
 * contact). The message's send time is the start of every latency the ledger reports.
 */
export class CustomerStream {
  private inFlight = 0;
  private sequence = 0;
  /** Contacts the driver could not start because maxInFlight requests were outstanding. */
  skipped = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly options: CustomerStreamOptions) {}

  /**
   * Waits until every door answers the web-chat account's configuration (channels-ingest seeds and
   * loads accounts after it reports healthy), so the first contacts measure the platform, not its start.
   */
  async waitForDoor(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const url of this.options.channelsUrls) {
      for (;;) {
        const status = await fetch(`${url}/webchat/${this.options.accountId}/config`).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 200) break;
        if (Date.now() > deadline) throw new Error(`the web-chat door at ${url} still answers ${status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }

  /** Send `rate` contacts per second for `durationMs`; resolves when the last one is answered. */
  async run(rate: number, durationMs: number): Promise<void> {
    const started = Date.now();
    let launched = 0;
    const maxInFlight = this.options.maxInFlight ?? 512;
    while (Date.now() - started < durationMs) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      while (launched < due) {
        launched += 1;
        if (this.inFlight >= maxInFlight) {
          this.skipped += 1;
          continue;
        }
        const contact = this.contact();
        this.pending.add(contact);
        void contact.finally(() => this.pending.delete(contact));
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await Promise.all([...this.pending]);
  }

  private async contact(): Promise<void> {
    this.inFlight += 1;
    const index = this.sequence++;
    const url = this.options.channelsUrls[index % this.options.channelsUrls.length];
    const base = `${url}/webchat/${this.options.accountId}`;
    try {
      const session = await fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Load Customer ${index}`, topic: this.options.topic }),
      });
      const opened = (await session.json().catch(() => undefined)) as { token?: string } | undefined;
      if (session.status !== 201 || !opened?.token) {
        this.options.onError?.('web-chat session', `${session.status}`);
        return;
      }
      const text = `load ${index} ${randomUUID()}`;
      this.options.ledger.sent(text, Date.now());
      const response = await fetch(`${base}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` },
        body: JSON.stringify({ clientMessageId: randomUUID(), text }),
      });
      await response.arrayBuffer();
      this.options.ledger.answered(text, response.status);
      if (response.status >= 300 && response.status !== 429) this.options.onError?.('web-chat message', `${response.status}`);
    } catch (error) {
      this.options.onError?.('web-chat customer', error);
    } finally {
      this.inFlight -= 1;
    }
  }
}

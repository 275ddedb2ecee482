import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ContactLedger } from '../bench/load/contact-ledger';

export interface ChattingCustomersOptions {
  channelsUrl: string;
  accountId: string;
  topic: string;
  ledger: ContactLedger;
  /** How long a customer keeps the chat open after the first reply: a repeat within it is counted. */
  listenAfterReplyMs: number;
  onError?: (what: string, error: unknown) => void;
}

/**
 * Web-chat customers who stay in the chat: each opens a session, connects its socket (socket.io
 * reconnects it when channels-ingest restarts), writes one message (a new contact, recorded in the
 * load ledger) and counts every reply pushed to it by message id — before any deduplication the
 * widget would do, so a reply the platform sent twice shows up here as two.
 */
export class ChattingCustomers {
  /** Pushes received per reply message id, and when the first arrived. */
  readonly pushes = new Map<string, { count: number; firstAt: number }>();
  private readonly sockets = new Set<Socket>();
  private readonly pending = new Set<Promise<void>>();
  private sequence = 0;

  constructor(private readonly options: ChattingCustomersOptions) {}

  /** New contacts at `rate` per second until `stopped()` says so; resolves when each has been answered over HTTP. */
  async run(rate: number, stopped: () => boolean): Promise<void> {
    const started = Date.now();
    let launched = 0;
    while (!stopped()) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      for (; launched < due; launched += 1) {
        const contact = this.contact().catch((error: unknown) => this.options.onError?.('web-chat customer', error));
        this.pending.add(contact);
        void contact.finally(() => this.pending.delete(contact));
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all([...this.pending]);
  }

  /** Replies first pushed in [from, to) that were pushed more than once (the customer saw them twice). */
  sentTwiceBetween(from: number, to: number): number {
    return [...this.pushes.values()].filter(({ count, firstAt }) => count > 1 && firstAt >= from && firstAt < to).length;
  }

  close(): void {
    this.sockets.forEach((socket) => socket.close());
    this.sockets.clear();
  }

  private async contact(): Promise<void> {
    const index = this.sequence++;
    const base = `${this.options.channelsUrl}/webchat/${this.options.accountId}`;
    const text = `chaos ${index} ${randomUUID()}`;
    // Sent time first: a customer the platform cannot even serve a session to is a failed contact.
    const record = this.options.ledger.sent(text, Date.now());
    let session: Response;
    try {
      session = await fetch(`${base}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Chaos Customer ${index}`, topic: this.options.topic }),
      });
    } catch {
      this.options.ledger.answered(text, 0);
      return;
    }
    const opened = (await session.json().catch(() => undefined)) as { token?: string } | undefined;
    if (session.status !== 201 || !opened?.token) {
      this.options.ledger.answered(text, session.status);
      return;
    }
    const socket = io(`${this.options.channelsUrl}/webchat`, { auth: { token: opened.token }, transports: ['websocket'], forceNew: true });
    this.sockets.add(socket);
    socket.on('message', (message: { messageId: string }) => {
      const seen = this.pushes.get(message.messageId) ?? { count: 0, firstAt: Date.now() };
      seen.count += 1;
      this.pushes.set(message.messageId, seen);
      if (seen.count === 1) {
        const timer = setTimeout(() => (socket.close(), this.sockets.delete(socket)), this.options.listenAfterReplyMs);
        timer.unref();
      }
    });
    await new Promise<void>((resolve) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', () => resolve());
    });
    record.sentAt = Date.now();
    try {
      const response = await fetch(`${base}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${opened.token}` },
        body: JSON.stringify({ clientMessageId: randomUUID(), text }),
      });
      await response.arrayBuffer();
      this.options.ledger.answered(text, response.status);
    } catch {
      this.options.ledger.answered(text, 0);
    }
  }
}

import type { Logger } from '@garda/service-kit';
import { OutboundGuard } from '@garda/service-kit';
import { ImapFlow } from 'imapflow';
import type { ChannelAccount } from '../../../accounts/channel-accounts.service';
import { settingsOf } from '../../../accounts/channel-config';
import { InvalidInboundMessage } from '../../../inbound/inbound-validation';
import { MailIngest, MailRefused } from '../mail-ingest';
import type { ImapMailboxRepository, MailboxCursor } from './imap-mailbox.repository';
import type { ImapSettings } from './imap-settings';
import type { OAuth2Tokens } from './oauth2-tokens';

export interface ReaderDeps {
  repository: ImapMailboxRepository;
  mail: MailIngest;
  guard: OutboundGuard;
  tokens: OAuth2Tokens;
  logger: Logger;
  /** This replica's name on the leases. */
  holder: string;
  leaseSeconds: number;
  maxMessageBytes: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Reads one mailbox while this replica holds its lease: new messages (UID above the cursor, or the
 * unread ones when the mailbox is new to us or its UIDVALIDITY changed) go through MailIngest one
 * at a time, and the cursor moves past each only once it is published, so a crash re-reads at most
 * one message, which the Message-ID dedupe then drops. Between reads it waits for the server's
 * IDLE push (imapflow starts IDLE when the connection is quiet) or for the poll interval.
 */
export class MailboxReader {
  private stopped = false;
  private wake: (() => void) | undefined;
  private pending = true;
  private client: ImapFlow | undefined;

  constructor(
    readonly account: ChannelAccount,
    private readonly deps: ReaderDeps,
  ) {}

  get imap(): ImapSettings {
    const { imap } = settingsOf('email', this.account).config;
    if (!imap) throw new Error(`account ${this.account.id} has no imap settings`);
    return imap;
  }

  /** Runs until stopped or the lease is lost; connection failures are retried with backoff. */
  async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        if (!(await this.deps.repository.lease(this.account.id, this.deps.holder, this.deps.leaseSeconds))) return;
        await this.session();
        failures = 0;
      } catch (error) {
        if (this.stopped) break;
        failures += 1;
        const reason = describe(error);
        this.deps.logger.warn({ accountId: this.account.id, err: error, failures }, 'IMAP mailbox could not be read; retrying');
        await this.deps.repository.failed(this.account.id, this.deps.holder, reason).catch(() => undefined);
        if ((error as { authenticationFailed?: boolean }).authenticationFailed) this.deps.tokens.forget(this.account.id);
        await this.sleep(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures, 10)), true);
      }
    }
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
    this.client?.close();
  }

  private async session(): Promise<void> {
    const imap = this.imap;
    const client = await this.connect(imap);
    this.client = client;
    try {
      client.on('exists', () => {
        this.pending = true;
        this.wake?.();
      });
      client.on('close', () => this.wake?.());
      await client.mailboxOpen(imap.mailbox);
      this.pending = true;
      const renewEveryMs = Math.max(1000, (this.deps.leaseSeconds * 1000) / 3);
      let pollAt = 0;
      while (!this.stopped) {
        if (!client.usable) throw new Error('the IMAP connection closed');
        if (!(await this.deps.repository.lease(this.account.id, this.deps.holder, this.deps.leaseSeconds))) {
          this.stopped = true;
          this.deps.logger.info({ accountId: this.account.id }, 'IMAP mailbox taken over by another replica');
          return;
        }
        if (this.pending || Date.now() >= pollAt) {
          this.pending = false;
          if (!(await this.readNew(client, imap))) return;
          pollAt = Date.now() + imap.pollSeconds * 1000;
        }
        await this.sleep(Math.min(renewEveryMs, Math.max(0, pollAt - Date.now())));
      }
    } finally {
      this.client = undefined;
      await client.logout().catch(() => client.close());
    }
  }

  private async connect(imap: ImapSettings): Promise<ImapFlow> {
    // The host is the tenant's choice: connect to the address the guard checked, verify TLS against the name.
    const pinned = await this.deps.guard.pin(imap.host);
    const auth =
      imap.auth === 'oauth2'
        ? { user: imap.user, accessToken: await this.deps.tokens.accessToken(this.account, imap) }
        : { user: imap.user, pass: this.account.secrets.imapPassword ?? '' };
    const client = new ImapFlow({
      host: pinned.address,
      ...(pinned.servername ? { servername: pinned.servername } : {}),
      port: imap.port,
      secure: imap.secure,
      auth,
      logger: false,
      disableAutoIdle: !imap.useIdle,
      // IDLE is restarted (and, without IDLE, the mailbox polled) at the poll interval.
      maxIdleTime: imap.pollSeconds * 1000,
      autoIdleDelay: 1000,
      connectionTimeout: 30_000,
    });
    client.on('error', (error: Error) => this.deps.logger.warn({ accountId: this.account.id, err: error }, 'IMAP connection error'));
    await client.connect();
    return client;
  }

  /** Reads what is new; false when the lease was lost on the way. */
  private async readNew(client: ImapFlow, imap: ImapSettings): Promise<boolean> {
    const mailbox = client.mailbox;
    if (!mailbox) throw new Error(`mailbox ${imap.mailbox} is not open`);
    const uidValidity = BigInt(mailbox.uidValidity);
    let cursor = await this.deps.repository.cursor(this.account.id);
    let uids: number[];
    if (cursor.uidValidity !== uidValidity) {
      // New to us (or recreated): what is unread now is taken, what was read before stays history.
      const start = BigInt(mailbox.uidNext) - 1n;
      uids = ((await client.search({ seen: false }, { uid: true })) || []).filter((uid) => BigInt(uid) <= start);
      cursor = { uidValidity, lastUid: 0n };
      if (!(await this.take(client, imap, cursor, uids))) return false;
      cursor = { uidValidity, lastUid: start > cursor.lastUid ? start : cursor.lastUid };
      return this.deps.repository.advance(this.account.id, this.deps.holder, cursor);
    }
    // "n:*" always includes the newest message, even when its UID is below n: filtered.
    uids = ((await client.search({ uid: `${cursor.lastUid + 1n}:*` }, { uid: true })) || []).filter((uid) => BigInt(uid) > cursor.lastUid);
    const advanced = await this.take(client, imap, cursor, uids);
    return advanced && this.deps.repository.advance(this.account.id, this.deps.holder, cursor);
  }

  /** Ingests the messages in UID order, moving `cursor` past each; false when the lease was lost. */
  private async take(client: ImapFlow, imap: ImapSettings, cursor: MailboxCursor, uids: number[]): Promise<boolean> {
    const addresses = settingsOf('email', this.account).config.addresses;
    for (const uid of [...uids].sort((a, b) => a - b)) {
      if (this.stopped) return false;
      const message = await client.fetchOne(String(uid), { uid: true, size: true, source: true }, { uid: true });
      let read = 0;
      if (!message || !message.source) {
        this.deps.logger.warn({ accountId: this.account.id, uid }, 'IMAP message vanished before it was read');
      } else if ((message.size ?? message.source.length) > this.deps.maxMessageBytes) {
        this.deps.logger.warn(
          { accountId: this.account.id, uid, size: message.size },
          'IMAP message larger than SMTP_MAX_MESSAGE_BYTES skipped',
        );
      } else {
        try {
          const outcome = await this.deps.mail.receive(this.account, message.source, { recipient: addresses[0]!, recipients: addresses });
          if (outcome === 'accepted') read = 1;
          if (imap.markSeen && outcome !== 'automated') await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        } catch (error) {
          // A message that can never be accepted is skipped (and said so); anything else is retried from here.
          if (!(error instanceof MailRefused) && !(error instanceof InvalidInboundMessage)) throw error;
          this.deps.logger.warn({ accountId: this.account.id, uid, err: error }, 'IMAP message refused and skipped');
        }
      }
      cursor.lastUid = BigInt(uid) > cursor.lastUid ? BigInt(uid) : cursor.lastUid;
      if (!(await this.deps.repository.advance(this.account.id, this.deps.holder, cursor, read))) return false;
    }
    return true;
  }

  /** Waits `ms`, or less when new mail is announced, the connection closes or the reader stops. */
  private sleep(ms: number, ignorePushes = false): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = ignorePushes && !this.stopped ? () => (this.stopped ? done() : undefined) : done;
    });
  }
}

const describe = (error: unknown): string => {
  const failure = error as { message?: string; responseText?: string; authenticationFailed?: boolean };
  if (failure.authenticationFailed) return `sign-in refused by the IMAP server${failure.responseText ? `: ${failure.responseText}` : ''}`;
  return (failure.responseText ?? failure.message ?? String(error)).slice(0, 1000);
};

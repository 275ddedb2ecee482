import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger, OutboundGuard } from '@garda/service-kit';
import { DataSource } from 'typeorm';
import { type ChannelAccount, ChannelAccountsService } from '../../../accounts/channel-accounts.service';
import type { ChannelsIngestConfig } from '../../../channels-ingest.config';
import { MailIngest } from '../mail-ingest';
import { ImapMailboxRepository } from './imap-mailbox.repository';
import { MailboxReader } from './mailbox-reader';
import { OAuth2Tokens } from './oauth2-tokens';

/** What a reader was started with: a changed setting or secret restarts it. */
const versionOf = (account: ChannelAccount) =>
  createHash('sha256')
    .update(JSON.stringify([account.config, account.secrets]))
    .digest('hex');

/**
 * The e-mail accounts that read an existing mailbox over IMAP (ADR 0052). Every IMAP_SCAN_SECONDS
 * each replica looks for such accounts and starts a reader for every mailbox whose lease it can
 * take, so each mailbox is read by exactly one replica; when that replica stops or stalls, its
 * lease runs out and another takes over from the same cursor.
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly readers = new Map<string, { reader: MailboxReader; version: string; done: Promise<void> }>();
  private readonly repository: ImapMailboxRepository;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private closing = false;

  constructor(
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(MailIngest) private readonly mail: MailIngest,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
    @Inject(OAuth2Tokens) private readonly tokens: OAuth2Tokens,
  ) {
    this.repository = new ImapMailboxRepository(dataSource);
  }

  onApplicationBootstrap(): void {
    if (!this.config.IMAP_ENABLED) return;
    this.scanSoon();
    this.timer = setInterval(() => this.scanSoon(), this.config.IMAP_SCAN_SECONDS * 1000);
    this.timer.unref();
  }

  /** Mailboxes this replica reads now. */
  get reading(): string[] {
    return [...this.readers.keys()];
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.timer);
    await this.scanning;
    const running = [...this.readers.entries()];
    for (const [, { reader }] of running) reader.stop();
    await Promise.all(running.map(([, { done }]) => done));
    // Handed over at once rather than when the lease runs out.
    await Promise.all(running.map(([accountId]) => this.repository.release(accountId, this.holder).catch(() => undefined)));
  }

  private scanSoon(): void {
    if (this.scanning || this.closing) return;
    this.scanning = this.scan()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'IMAP mailbox scan failed'))
      .finally(() => {
        this.scanning = undefined;
      });
  }

  private async scan(): Promise<void> {
    const wanted = new Map((await this.accounts.listReadingOverImap()).map((account) => [account.id, account]));
    for (const [accountId, running] of this.readers) {
      const account = wanted.get(accountId);
      if (!account || versionOf(account) !== running.version) running.reader.stop();
    }
    for (const account of wanted.values()) {
      if (this.closing || this.readers.has(account.id)) continue;
      if (!(await this.repository.lease(account.id, this.holder, this.config.IMAP_LEASE_SECONDS))) continue;
      this.start(account);
    }
  }

  private start(account: ChannelAccount): void {
    const reader = new MailboxReader(account, {
      repository: this.repository,
      mail: this.mail,
      guard: this.guard,
      tokens: this.tokens,
      logger: this.logger,
      holder: this.holder,
      leaseSeconds: this.config.IMAP_LEASE_SECONDS,
      maxMessageBytes: this.config.SMTP_MAX_MESSAGE_BYTES,
    });
    this.logger.info({ accountId: account.id, holder: this.holder }, 'reading IMAP mailbox');
    const done = reader
      .run()
      .catch((error: unknown) => this.logger.error({ accountId: account.id, err: error }, 'IMAP mailbox reader stopped'))
      .finally(() => {
        if (this.readers.get(account.id)?.reader === reader) this.readers.delete(account.id);
        // A reader stopped for a changed account is started again with the new settings.
        if (!this.closing) this.scanSoon();
      });
    this.readers.set(account.id, { reader, version: versionOf(account), done });
  }
}

import type { AddressInfo } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger, normaliseAddress, type RateLimit, RateLimits } from '@garda/service-kit';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { type ChannelAccount, ChannelAccountsService } from '../../accounts/channel-accounts.service';
import type { ChannelsIngestConfig } from '../../channels-ingest.config';
import { InvalidInboundMessage } from '../../inbound/inbound-validation';
import { readsOverImap } from './imap/imap-settings';
import { MailIngest, MailRefused } from './mail-ingest';
import type { SmtpTls } from './smtp-tls';

export const SMTP_TLS = Symbol('SmtpTls');

type SmtpError = Error & { responseCode?: number };
const smtpError = (message: string, responseCode: number): SmtpError => Object.assign(new Error(message), { responseCode });

/**
 * Inbound e-mail: an SMTP listener (SMTP_PORT, default 2525) behind the tenant's MX or a forwarding
 * rule. It accepts mail only for the addresses of e-mail accounts (others get 550), parses MIME,
 * threads by Message-ID / In-Reply-To / References, and keeps auto-replies and bounces from
 * opening tickets (accepted with 250, then dropped). An account that reads its mailbox over IMAP
 * (providers/email/imap) takes no mail here.
 *
 * Whatever a client sends, memory stays bounded: at most SMTP_MAX_CLIENTS connections, at most
 * SMTP_MAX_CONNECTIONS_PER_ADDRESS of them from one address (and SMTP_CONNECTIONS_PER_ADDRESS
 * opened per minute, across replicas), and no more than SMTP_MAX_MESSAGE_BYTES kept per message
 * (SIZE advertised or not: past the limit the data is read and thrown away, then refused with 552).
 * STARTTLS is offered with the configured certificate (SMTP_TLS_CERT_FILE/SMTP_TLS_KEY_FILE).
 */
@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: SMTPServer | undefined;
  port: number | undefined;
  /** Open connections per source address on this replica, and the sessions counted in it. */
  private readonly openPerAddress = new Map<string, number>();
  private readonly counted = new Map<string, string>();
  private readonly connectionsPerAddress: RateLimit;

  constructor(
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(MailIngest) private readonly mail: MailIngest,
    @Inject(RateLimits) limits: RateLimits,
    @Optional() @Inject(SMTP_TLS) private readonly tls?: SmtpTls,
  ) {
    this.connectionsPerAddress = limits.limit({
      name: 'smtp-connections-per-address',
      points: config.SMTP_CONNECTIONS_PER_ADDRESS,
      windowSeconds: 60,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SMTP_ENABLED) return;
    const server = new SMTPServer({
      name: 'garda-channels-ingest',
      banner: 'Garda inbound mail',
      authOptional: true,
      disabledCommands: this.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(this.tls ? { key: this.tls.key, cert: this.tls.cert } : {}),
      size: this.config.SMTP_MAX_MESSAGE_BYTES,
      maxClients: this.config.SMTP_MAX_CLIENTS,
      logger: false,
      onConnect: (session, callback) => {
        this.admit(session).then(
          () => callback(),
          (error: unknown) => callback(error as Error),
        );
      },
      onClose: (session) => this.release(session),
      onMailFrom: (_address, session, callback) => {
        if (this.config.SMTP_REQUIRE_TLS && !session.secure) return callback(smtpError('Must issue a STARTTLS command first', 530));
        callback();
      },
      onRcptTo: (address, _session, callback) => {
        this.acceptingAccount(address.address).then(
          (account) => callback(account ? undefined : smtpError(`No mailbox here for ${address.address}`, 550)),
          (error: unknown) => callback(smtpError(`Temporary failure: ${(error as Error).message}`, 451)),
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(),
          (error: unknown) => {
            const failure = error as SmtpError;
            if (!failure.responseCode) this.logger.error({ err: error }, 'inbound e-mail could not be stored');
            callback(failure.responseCode ? failure : smtpError('Temporary failure, try again later', 451));
          },
        );
      },
    });
    server.on('error', (error) => this.logger.warn({ err: error }, 'SMTP listener error'));
    try {
      await new Promise<void>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(this.config.SMTP_PORT, this.config.SMTP_HOST, () => resolve());
      });
    } catch (error) {
      // Web chat and webhooks keep working; e-mail needs the port freed or SMTP_PORT changed.
      this.logger.error({ err: error, port: this.config.SMTP_PORT }, 'SMTP listener could not start; inbound e-mail is unavailable');
      return;
    }
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    this.logger.info({ port: this.port }, 'SMTP listener accepting inbound e-mail');
  }

  /** Connections open on this replica now (the client cap counts these). */
  get openConnections(): number {
    return this.server?.connections.size ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** 421 for an address over its share (open now on this replica, or opened this minute anywhere). */
  private async admit(session: SMTPServerSession): Promise<void> {
    const address = normaliseAddress(session.remoteAddress);
    const open = this.openPerAddress.get(address) ?? 0;
    if (open >= this.config.SMTP_MAX_CONNECTIONS_PER_ADDRESS)
      throw smtpError('Too many connections from your address, try again later', 421);
    const decision = await this.connectionsPerAddress.take(address).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'SMTP connection limit unavailable; connection let through');
      return { allowed: true as const };
    });
    if (!decision.allowed) throw smtpError('Too many connections from your address, try again later', 421);
    this.openPerAddress.set(address, (this.openPerAddress.get(address) ?? 0) + 1);
    this.counted.set(session.id, address);
  }

  private release(session: SMTPServerSession): void {
    const address = this.counted.get(session.id);
    if (address === undefined) return;
    this.counted.delete(session.id);
    const open = (this.openPerAddress.get(address) ?? 1) - 1;
    if (open > 0) this.openPerAddress.set(address, open);
    else this.openPerAddress.delete(address);
  }

  /** The account mail for this address is for, unless that account reads its mailbox over IMAP instead. */
  private async acceptingAccount(address: string): Promise<ChannelAccount | undefined> {
    const account = await this.accounts.findByAddress('email', address);
    return account && !readsOverImap(account) ? account : undefined;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const raw = await readBounded(stream, this.config.SMTP_MAX_MESSAGE_BYTES);
    if (!raw) throw smtpError(`Message too large (at most ${this.config.SMTP_MAX_MESSAGE_BYTES} bytes)`, 552);
    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    let account: ChannelAccount | undefined;
    let recipient = '';
    for (const address of recipients) {
      account = await this.acceptingAccount(address);
      if (account) {
        recipient = address.toLowerCase();
        break;
      }
    }
    if (!account) throw smtpError('No mailbox here for these recipients', 550);
    try {
      await this.mail.receive(account, raw, {
        recipient,
        envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
      });
    } catch (error) {
      // Permanent: the same message sent again would be refused again.
      if (error instanceof MailRefused) throw smtpError(error.message, 550);
      if (error instanceof InvalidInboundMessage)
        throw smtpError(`Message refused: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`.slice(0, 500), 554);
      throw error;
    }
  }
}

/**
 * The message, or undefined once it passed `maxBytes`: from then on chunks are read (the client must
 * be allowed to finish before it hears 552) and dropped, so a client that never sent SIZE, or lied
 * about it, costs at most `maxBytes` of memory.
 */
export async function readBounded(
  stream: AsyncIterable<Buffer> & { sizeExceeded?: boolean },
  maxBytes: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let exceeded = false;
  for await (const chunk of stream) {
    size += chunk.length;
    if (exceeded) continue;
    if (size > maxBytes) {
      exceeded = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  return exceeded || stream.sizeExceeded ? undefined : Buffer.concat(chunks, size);
}

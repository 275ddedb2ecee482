import type { AddressInfo } from 'node:net';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, LOGGER, type Logger } from '@garda/service-kit';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { DataSource } from 'typeorm';
import { type ChannelAccount, ChannelAccountsService } from '../../accounts/channel-accounts.service';
import type { ChannelsIngestConfig } from '../../channels-ingest.config';
import { InvalidInboundMessage } from '../../inbound/inbound-validation';
import { WebhookIngest } from '../../inbound/webhook-ingest';
import { automatedMailReason, normaliseEmail, providerIdOf, threadReferences, threadRoot } from './email-normaliser';
import { findThread, rememberMessage } from './email-threads';

const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

type SmtpError = Error & { responseCode?: number };
const smtpError = (message: string, responseCode: number): SmtpError => Object.assign(new Error(message), { responseCode });

/**
 * Inbound e-mail: an SMTP listener (SMTP_PORT, default 2525) behind the tenant's MX or a forwarding
 * rule. It accepts mail only for the addresses of e-mail accounts (others get 550), parses MIME,
 * threads by Message-ID / In-Reply-To / References, and keeps auto-replies and bounces from
 * opening tickets (accepted with 250, then dropped).
 */
@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: SMTPServer | undefined;
  port: number | undefined;

  constructor(
    @Inject(CONFIG) private readonly config: ChannelsIngestConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ChannelAccountsService) private readonly accounts: ChannelAccountsService,
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.SMTP_ENABLED) return;
    const server = new SMTPServer({
      name: 'garda-channels-ingest',
      banner: 'Garda inbound mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: MAX_MESSAGE_BYTES,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        this.accounts.findByAddress('email', address.address).then(
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

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (stream.sizeExceeded) throw smtpError('Message too large', 552);
    const raw = Buffer.concat(chunks);
    const mail = await simpleParser(raw);

    const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
    let account: ChannelAccount | undefined;
    let recipient = '';
    for (const address of recipients) {
      account = await this.accounts.findByAddress('email', address);
      if (account) {
        recipient = address.toLowerCase();
        break;
      }
    }
    if (!account) throw smtpError('No mailbox here for these recipients', 550);

    const automated = automatedMailReason(mail, session.envelope.mailFrom ? session.envelope.mailFrom.address : false);
    if (automated) {
      this.logger.info({ accountId: account.id, reason: automated, messageId: mail.messageId }, 'automated e-mail dropped (no ticket)');
      return;
    }
    const providerMessageId = providerIdOf(mail, raw);
    const threadKey =
      (await findThread(this.dataSource.manager, account.id, threadReferences(mail))) ??
      `${account.id}:${threadRoot(mail, providerMessageId)}`.slice(0, 500);
    const draft = normaliseEmail(mail, { providerMessageId, threadKey, recipient });
    if (!draft) throw smtpError('A From address is required', 550);
    try {
      await this.ingest.ingest(
        account,
        { address: recipient, messages: [draft], statuses: [] },
        { contentType: 'message/rfc822', body: raw },
      );
    } catch (error) {
      // Permanent: the same message sent again would be refused again.
      if (error instanceof InvalidInboundMessage)
        throw smtpError(`Message refused: ${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`.slice(0, 500), 554);
      throw error;
    }
    await rememberMessage(this.dataSource.manager, account.id, providerMessageId, threadKey);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Attachment } from '@garda/contracts';
import { LOGGER, type Logger } from '@garda/service-kit';
import { type Attachment as MimePart, type ParsedMail, simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { MediaRefused, MediaService } from '../../attachments/media.service';
import { prepareDraft } from '../../inbound/inbound-validation';
import { WebhookIngest } from '../../inbound/webhook-ingest';
import { automatedMailReason, normaliseEmail, providerIdOf, threadReferences, threadRoot } from './email-normaliser';
import { findThread, rememberMessage } from './email-threads';

/** The message cannot become a conversation message (no From address); sending it again changes nothing. */
export class MailRefused extends Error {}

export type MailOutcome = 'accepted' | 'duplicate' | 'automated';

/**
 * One e-mail, however it arrived (SMTP listener or an IMAP mailbox): parsed, kept from opening a
 * ticket when it is an auto-reply or a bounce, threaded by Message-ID / In-Reply-To / References,
 * its files stored (MediaService, so the desk can show them), and published once per Message-ID.
 */
@Injectable()
export class MailIngest {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(WebhookIngest) private readonly ingest: WebhookIngest,
    @Inject(MediaService) private readonly media: MediaService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * `recipient`: the address it was delivered to; with `recipients` (a mailbox read over IMAP has no
   * envelope), whichever of them the message names in To, Cc or Delivered-To, else `recipient`.
   * `envelopeFrom`: the SMTP MAIL FROM ('' or false for a bounce), or undefined when unknown (IMAP:
   * read from Return-Path). Throws MailRefused or InvalidInboundMessage for mail that can never be accepted.
   */
  async receive(
    account: ChannelAccount,
    raw: Buffer,
    options: { recipient: string; envelopeFrom?: string | false; recipients?: string[] },
  ): Promise<MailOutcome> {
    const mail = await simpleParser(raw);
    const recipient = options.recipients ? (addressedTo(mail, options.recipients) ?? options.recipient) : options.recipient;
    const automated = automatedMailReason(mail, options.envelopeFrom ?? returnPathOf(mail));
    if (automated) {
      this.logger.info({ accountId: account.id, reason: automated, messageId: mail.messageId }, 'automated e-mail dropped (no ticket)');
      return 'automated';
    }
    const providerMessageId = providerIdOf(mail, raw);
    const threadKey =
      (await findThread(this.dataSource.manager, account.id, threadReferences(mail))) ??
      `${account.id}:${threadRoot(mail, providerMessageId)}`.slice(0, 500);
    const draft = normaliseEmail(mail, { providerMessageId, threadKey, recipient });
    if (!draft) throw new MailRefused('A From address is required');
    // Refused before any file is stored, so a message that can never be accepted leaves nothing behind.
    prepareDraft(account, draft);
    const attachments = await this.storeFiles(account, providerMessageId, mail.attachments.slice(0, 50), draft.attachments ?? []);
    const result = await this.ingest.ingest(
      account,
      { address: recipient, messages: [{ ...draft, attachments }], statuses: [] },
      { contentType: 'message/rfc822', body: raw },
    );
    await rememberMessage(this.dataSource.manager, account.id, providerMessageId, threadKey);
    return result.accepted > 0 ? 'accepted' : 'duplicate';
  }

  /**
   * The files are in the message itself: stored as they are (one copy per message and part, so a
   * redelivery stores nothing new), or kept as metadata with the reason when refused (size, type).
   */
  private async storeFiles(account: ChannelAccount, messageId: string, parts: MimePart[], described: Attachment[]): Promise<Attachment[]> {
    const stored: Attachment[] = [];
    for (const [index, part] of parts.entries()) {
      const metadata = described[index];
      if (!metadata) continue;
      const inline = part.related === true || part.contentDisposition === 'inline' ? { inline: true } : {};
      try {
        const media = await this.media.save({
          tenantId: account.tenantId,
          bytes: part.content,
          declaredType: part.contentType,
          filename: part.filename,
          source: 'customer',
          accountId: account.id,
          providerKey: `${account.id}:${messageId}:${index}`.slice(0, 1000),
        });
        stored.push(this.media.describe(media, { ...inline, ...(part.filename ? { filename: metadata.filename } : {}) }));
      } catch (error) {
        if (!(error instanceof MediaRefused)) throw error;
        this.logger.warn({ accountId: account.id, messageId, reason: error.message }, 'e-mail attachment not stored');
        stored.push({ ...metadata, ...inline, unavailable: `not stored: ${error.message}`.slice(0, 300) });
      }
    }
    return stored;
  }
}

/** A bounce carries an empty Return-Path (`<>`); other mail names its sender, or says nothing (undefined). */
export function returnPathOf(mail: ParsedMail): string | false | undefined {
  const line = mail.headerLines.find((header) => header.key === 'return-path')?.line;
  if (!line) return undefined;
  const value = line.slice(line.indexOf(':') + 1).trim();
  return /^<\s*>$/.test(value) ? '' : value.replace(/^<|>$/g, '');
}

/** The first of the account's addresses the message was sent to (Delivered-To, To, Cc). */
export function addressedTo(mail: ParsedMail, addresses: string[]): string | undefined {
  const wanted = new Set(addresses.map((address) => address.toLowerCase()));
  const delivered = mail.headerLines
    .filter((header) => header.key === 'delivered-to')
    .map((header) => header.line.slice(header.line.indexOf(':') + 1).trim());
  const listed = [mail.to, mail.cc]
    .flatMap((field) => (Array.isArray(field) ? field : field ? [field] : []))
    .flatMap((object) => object.value.map((entry) => entry.address ?? ''));
  return [...delivered, ...listed].map((address) => address.toLowerCase()).find((address) => wanted.has(address));
}

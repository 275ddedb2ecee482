import { Inject, Injectable } from '@nestjs/common';
import type { OutboundMessageV1 } from '@garda/contracts';
import type { MessageContext } from '@garda/messaging';
import { LOGGER, type Logger, OutboundGuard, OutboundRefused } from '@garda/service-kit';
import { createTransport, type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { ChannelAccount } from '../../accounts/channel-accounts.service';
import { settingsOf } from '../../accounts/channel-config';
import { DeliveryTracker } from '../../delivery/delivery-tracker';
import { backoffMs, deadlineFor, RETRY_POLICY, type RetryPolicy, systemClock } from '../../delivery/http-delivery';
import type { ChannelSender } from '../../outbound/channel-sender';
import { SendOnce, type SendOutcome } from '../../outbound/send-once/send-once';
import { MediaService } from '../../attachments/media.service';
import { rememberMessage } from './email-threads';
import { composeReply, fillSignature } from './html/compose-reply';
import { signatureOf } from './html/signatures';

/**
 * Replies by SMTP through the account's relay, threaded for the customer's mail client:
 * In-Reply-To is the newest message of the thread, References the whole chain, and our own
 * Message-ID is remembered so the customer's answer lands in the same conversation.
 * The reply is HTML with a plain-text alternative: the agent's text, their signature (their own, or
 * the account's template with their name), copies to `cc`, images marked inline shown in the body
 * (`cid:`), other files attached.
 * 4xx SMTP answers and connection errors are retried with backoff, within the same per-message
 * budget as HTTP providers (see deadlineFor); 5xx answers are permanent.
 */
/** The relay's address as the outbound guard checked and pinned it. */
type SmtpRelay = { address: string; servername?: string };

@Injectable()
export class EmailSender implements ChannelSender {
  readonly channel = 'email' as const;

  constructor(
    @Inject(DeliveryTracker) private readonly deliveries: DeliveryTracker,
    @Inject(RETRY_POLICY) private readonly retryPolicy: RetryPolicy,
    @Inject(OutboundGuard) private readonly guard: OutboundGuard,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SendOnce) private readonly sendOnce: SendOnce,
    @Inject(MediaService) private readonly media: MediaService,
  ) {}

  async send(message: OutboundMessageV1, account: ChannelAccount, context: MessageContext): Promise<void> {
    const { config } = settingsOf('email', account);
    const messageIdHeader = `<${message.messageId}@${config.fromAddress.split('@')[1]}>`;
    // The relay is the tenant's choice: connect to the address the guard checked, verify TLS against the name.
    let relay: SmtpRelay;
    try {
      relay = await this.guard.pin(config.smtp.host);
    } catch (error) {
      if (!(error instanceof OutboundRefused)) throw error;
      this.logger.warn({ accountId: account.id, detail: error.detail }, 'SMTP relay refused by the outbound guard');
      return this.deliveries.failed(context, message, account, `SMTP delivery refused: ${error.reason}`);
    }
    // Outside the handler's transaction, once per message id (SMTP has no idempotency key a relay honours).
    const outcome = await this.sendOnce.run(message, { repeatIsHarmless: false }, () =>
      this.transmit(message, account, relay, messageIdHeader, context),
    );
    if (!outcome.ok) return this.deliveries.failed(context, message, account, outcome.error);
    await rememberMessage(context.manager, account.id, messageIdHeader, message.threadKey);
    await this.deliveries.sent(context, message, account, messageIdHeader);
  }

  private async transmit(
    message: OutboundMessageV1,
    account: ChannelAccount,
    relay: SmtpRelay,
    messageIdHeader: string,
    context: MessageContext,
  ): Promise<SendOutcome> {
    const { config, secrets } = settingsOf('email', account);
    const references = message.threadProviderIds;
    const subject = message.subject ?? 'Your conversation with us';
    const deadline = deadlineFor(this.retryPolicy);
    const timeout = Math.min(this.retryPolicy.timeoutMs, this.retryPolicy.budgetMs);
    const transport: Transporter = createTransport({
      host: relay.address,
      ...(relay.servername ? { servername: relay.servername } : {}),
      port: config.smtp.port,
      secure: config.smtp.secure,
      ...(secrets.smtpUser ? { auth: { user: secrets.smtpUser, pass: secrets.smtpPassword ?? '' } } : {}),
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
    const files = await this.files(message);
    const signature =
      (message.authorId ? await signatureOf(context.manager, message.tenantId, message.authorId) : undefined) ??
      (config.signature ? fillSignature(config.signature, { name: message.authorName }) : undefined);
    const body = composeReply({
      text: message.text,
      ...(signature ? { signatureHtml: signature } : {}),
      inlineImages: files.flatMap((file) =>
        file.cid ? [{ cid: file.cid, filename: typeof file.filename === 'string' ? file.filename : 'image' }] : [],
      ),
    });
    let lastError = '';
    try {
      for (let attempt = 1; attempt <= this.retryPolicy.attempts; attempt += 1) {
        try {
          await transport.sendMail({
            from: config.fromName ? { name: config.fromName, address: config.fromAddress } : config.fromAddress,
            to: message.recipient.value,
            subject: references.length > 0 && !/^re:/i.test(subject) ? `Re: ${subject}` : subject,
            text: body.text,
            html: body.html,
            ...(message.cc && message.cc.length > 0 ? { cc: message.cc } : {}),
            ...(files.length > 0 ? { attachments: files } : {}),
            messageId: messageIdHeader,
            ...(references.length > 0 ? { inReplyTo: references[references.length - 1], references } : {}),
            headers: { 'Auto-Submitted': 'no' },
          });
          return { ok: true, status: 'sent', providerMessageId: messageIdHeader };
        } catch (error) {
          const code = (error as { responseCode?: number }).responseCode;
          // The relay's own words go to the logs; the agent reads the SMTP code.
          this.logger.warn({ accountId: account.id, responseCode: code, err: error }, 'SMTP relay refused or failed');
          lastError = code === undefined ? 'the SMTP relay could not be reached' : `the SMTP relay answered ${code}`;
          if (code !== undefined && code >= 500) break;
          if (attempt === this.retryPolicy.attempts) break;
          const wait = backoffMs(this.retryPolicy, attempt);
          if (Date.now() + wait >= deadline) {
            lastError = `${lastError} (retry budget spent after ${attempt} attempts)`;
            break;
          }
          await systemClock.sleep(wait);
        }
      }
    } finally {
      transport.close();
    }
    return { ok: false, error: `SMTP delivery failed: ${lastError}`.slice(0, 1000) };
  }

  /** The stored files travel inside the message (OutboundAttachments has checked they are the tenant's). */
  private async files(message: OutboundMessageV1): Promise<Mail.Attachment[]> {
    const files: Mail.Attachment[] = [];
    for (const attachment of message.attachments) {
      if (!attachment.mediaId) continue;
      const media = await this.media.find(message.tenantId, attachment.mediaId);
      if (!media) continue;
      const inline = attachment.inline === true && media.content_type.startsWith('image/');
      files.push({
        filename: media.filename ?? `${media.id}`,
        content: await this.media.content(media),
        contentType: media.content_type,
        ...(inline ? { cid: `${media.id}@garda`, contentDisposition: 'inline' as const } : {}),
      });
    }
    return files;
  }
}

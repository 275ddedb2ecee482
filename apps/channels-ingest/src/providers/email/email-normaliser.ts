import { createHash } from 'node:crypto';
import type { Attachment } from '@garda/contracts';
import type { AddressObject, ParsedMail } from 'mailparser';
import type { InboundDraft } from '../../inbound/inbound-publisher';
import { hasNul } from '../../inbound/nul-characters';
import { clip } from '../normalised-batch';

/**
 * Why a message must not open a ticket: an auto-reply (RFC 3834 Auto-Submitted, vacation
 * responders) or a bounce / delivery report. Answering them would start mail loops.
 */
export function automatedMailReason(mail: ParsedMail, envelopeFrom: string | false | undefined): string | undefined {
  const header = (name: string) => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? value.toLowerCase() : value === undefined ? undefined : JSON.stringify(value).toLowerCase();
  };
  const autoSubmitted = header('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `Auto-Submitted: ${autoSubmitted}`;
  if (header('x-autoreply') || header('x-autorespond') || header('x-autoresponse')) return 'auto-responder header';
  const precedence = header('precedence');
  if (precedence && /bulk|junk|auto_reply|list/.test(precedence)) return `Precedence: ${precedence}`;
  const contentType = header('content-type');
  if (contentType && contentType.includes('multipart/report')) return 'delivery or disposition report';
  if (header('x-failed-recipients')) return 'bounce (X-Failed-Recipients)';
  if (envelopeFrom === '' || envelopeFrom === false) return 'bounce (empty envelope sender)';
  const from = firstAddress(mail.from)?.address?.toLowerCase() ?? '';
  if (/^(mailer-daemon|postmaster)@/.test(from)) return `bounce (${from})`;
  return undefined;
}

export function firstAddress(field: AddressObject | AddressObject[] | undefined): { address?: string; name?: string } | undefined {
  const objects = Array.isArray(field) ? field : field ? [field] : [];
  return objects.flatMap((object) => object.value)[0];
}

/** Message-IDs the message answers, nearest first: In-Reply-To, then References from newest to oldest. */
export function threadReferences(mail: ParsedMail): string[] {
  const references = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  const inReplyTo = mail.inReplyTo ? mail.inReplyTo.split(/\s+/).filter(Boolean) : [];
  // An id with NUL can name no message we know (and PostgreSQL could not look it up): left out.
  return [...new Set([...inReplyTo, ...[...references].reverse()])].filter((id) => id.length <= 998 && !hasNul(id)).slice(0, 100);
}

/** The thread's first message: the oldest reference, else what it answers, else the message itself. */
export function threadRoot(mail: ParsedMail, ownId: string): string {
  const references = (typeof mail.references === 'string' ? [mail.references] : (mail.references ?? [])).filter((id) => !hasNul(id));
  const inReplyTo = mail.inReplyTo?.split(/\s+/)[0];
  return references[0] ?? (inReplyTo && !hasNul(inReplyTo) ? inReplyTo : undefined) ?? ownId;
}

/** Message-IDs are the provider ids of e-mail; absurdly long ones (or ones with NUL) are hashed to fit. */
export function providerIdOf(mail: ParsedMail, rawMessage: Buffer): string {
  const id = mail.messageId ?? `<sha256:${createHash('sha256').update(rawMessage).digest('hex')}@garda.invalid>`;
  return id.length <= 200 && !hasNul(id) ? id : `<sha256:${createHash('sha256').update(id).digest('hex')}@garda.invalid>`;
}

export function normaliseEmail(
  mail: ParsedMail,
  options: { providerMessageId: string; threadKey: string; recipient: string },
): InboundDraft | undefined {
  const from = firstAddress(mail.from);
  if (!from?.address) return undefined;
  const attachments: Attachment[] = mail.attachments.slice(0, 50).map((attachment) => ({
    kind: /^image\//.test(attachment.contentType)
      ? 'image'
      : /^audio\//.test(attachment.contentType)
        ? 'audio'
        : /^video\//.test(attachment.contentType)
          ? 'video'
          : 'file',
    mimeType: attachment.contentType.slice(0, 200),
    ...(attachment.filename ? { filename: attachment.filename.slice(0, 500) } : {}),
    sizeBytes: attachment.size,
  }));
  const text = mail.text ?? (typeof mail.html === 'string' ? htmlToText(mail.html) : '');
  const references = threadReferences(mail);
  return {
    providerMessageId: options.providerMessageId,
    threadKey: options.threadKey,
    sender: {
      identityType: 'email',
      value: from.address.toLowerCase().slice(0, 320),
      ...(from.name ? { displayName: clip(from.name, 200) } : {}),
    },
    text: text.trim().slice(0, 64_000),
    attachments,
    topic: options.recipient.slice(0, 100),
    ...(mail.subject ? { subject: mail.subject.slice(0, 998) } : {}),
    ...(references.length > 0 ? { inReplyTo: references } : {}),
    ...(mail.date && !Number.isNaN(mail.date.getTime()) ? { sentAt: mail.date.toISOString() } : {}),
    receivedAt: new Date().toISOString(),
  };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

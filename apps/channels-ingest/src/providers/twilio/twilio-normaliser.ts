import type { Attachment } from '@garda/contracts';
import { z } from 'zod';
import type { ProviderStatusReport } from '../../delivery/delivery-tracker';
import type { InboundDraft } from '../../inbound/inbound-publisher';
import { identifier } from '../../inbound/nul-characters';
import { issuesOf, MalformedPayload } from '../normalised-batch';

// Our number (To) routes to the account before the signature is checked: a NUL there is a 400, not a lookup.
const phone = identifier(50);
const sid = (prefixes: string) => z.string().regex(new RegExp(`^(${prefixes})[0-9a-fA-F]{32}$`), `must be a Twilio SID (${prefixes}…)`);

/** An incoming SMS/MMS (https://www.twilio.com/docs/messaging/guides/webhook-request). */
export const TwilioInboundSms = z
  .object({
    MessageSid: sid('SM|MM'),
    AccountSid: sid('AC'),
    From: phone,
    To: phone,
    Body: z.string().max(64_000).default(''),
    NumMedia: z.coerce.number().int().min(0).max(10).default(0),
  })
  .loose();

/** A status callback for a message we sent. */
export const TwilioStatusCallback = z
  .object({
    MessageSid: sid('SM|MM'),
    AccountSid: sid('AC'),
    MessageStatus: z.string().max(50),
    From: phone,
    To: phone.optional(),
    ErrorCode: z.string().max(20).optional(),
    ErrorMessage: z.string().max(1000).optional(),
  })
  .loose();

const STATUSES: Record<string, ProviderStatusReport['status'] | undefined> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
};

export function parseTwilio<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new MalformedPayload(issuesOf(parsed.error));
  return parsed.data;
}

export function normaliseTwilioSms(sms: z.output<typeof TwilioInboundSms>, accountId: string): InboundDraft {
  const params = sms as Record<string, unknown>;
  const attachments: Attachment[] = [];
  for (let index = 0; index < sms.NumMedia; index += 1) {
    const url = params[`MediaUrl${index}`];
    const mimeType = params[`MediaContentType${index}`];
    if (typeof url !== 'string') continue;
    const kind =
      typeof mimeType === 'string' && /^(image|audio|video)\//.test(mimeType) ? (mimeType.split('/')[0] as Attachment['kind']) : 'file';
    attachments.push({ kind, url: url.slice(0, 2048), ...(typeof mimeType === 'string' ? { mimeType: mimeType.slice(0, 200) } : {}) });
  }
  return {
    providerMessageId: sms.MessageSid,
    threadKey: `${accountId}:${sms.From}`,
    sender: { identityType: 'phone', value: sms.From },
    text: sms.Body,
    attachments,
    receivedAt: new Date().toISOString(),
  };
}

export function normaliseTwilioStatus(callback: z.output<typeof TwilioStatusCallback>): ProviderStatusReport | undefined {
  const status = STATUSES[callback.MessageStatus];
  if (!status) return undefined;
  const error = [callback.ErrorCode, callback.ErrorMessage].filter(Boolean).join(' ');
  return { providerMessageId: callback.MessageSid, status, ...(error ? { error: `Twilio error ${error}` } : {}), at: new Date() };
}

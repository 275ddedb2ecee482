import type { Attachment } from '@garda/contracts';
import { z } from 'zod';
import type { InboundDraft } from '../../inbound/inbound-publisher';
import { identifier } from '../../inbound/nul-characters';
import { clip, isoFromEpoch, issuesOf, MalformedPayload } from '../normalised-batch';

const file = z.object({
  file_id: identifier(500),
  file_unique_id: z.string().max(500).optional(),
  file_size: z.number().int().nonnegative().optional(),
});

const TelegramMessage = z.object({
  message_id: z.number().int(),
  date: z.number().int(),
  from: z
    .object({
      id: z.number().int(),
      is_bot: z.boolean().optional(),
      first_name: z.string().max(500).optional(),
      last_name: z.string().max(500).optional(),
      username: z.string().max(500).optional(),
    })
    .optional(),
  chat: z.object({ id: z.number().int(), type: z.string().max(50) }),
  text: z.string().max(65_536).optional(),
  caption: z.string().max(65_536).optional(),
  photo: z
    .array(file.extend({ width: z.number().optional(), height: z.number().optional() }))
    .max(20)
    .optional(),
  document: file.extend({ file_name: z.string().max(500).optional(), mime_type: z.string().max(200).optional() }).optional(),
  audio: file.extend({ mime_type: z.string().max(200).optional() }).optional(),
  voice: file.extend({ mime_type: z.string().max(200).optional() }).optional(),
  video: file.extend({ mime_type: z.string().max(200).optional() }).optional(),
  sticker: file.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  reply_to_message: z.object({ message_id: z.number().int() }).optional(),
});

/** A Bot API Update (https://core.telegram.org/bots/api#update); only `message` is a customer message. */
export const TelegramUpdate = z.object({ update_id: z.number().int().nonnegative(), message: TelegramMessage.optional() }).loose();
export type TelegramUpdate = z.infer<typeof TelegramUpdate>;

export function parseTelegramUpdate(body: unknown): TelegramUpdate {
  const parsed = TelegramUpdate.safeParse(body);
  if (!parsed.success) throw new MalformedPayload(issuesOf(parsed.error));
  return parsed.data;
}

/** The customer's message, deduplicated by update_id; undefined for updates that are not one (bots, edits, polls…). */
export function normaliseTelegram(update: TelegramUpdate, accountId: string): InboundDraft | undefined {
  const message = update.message;
  if (!message?.from || message.from.is_bot) return undefined;
  const attachments: Attachment[] = [];
  const largestPhoto = message.photo?.at(-1);
  if (largestPhoto)
    attachments.push({
      kind: 'image',
      providerMediaId: largestPhoto.file_id,
      ...(largestPhoto.file_size ? { sizeBytes: largestPhoto.file_size } : {}),
    });
  if (message.document)
    attachments.push({
      kind: 'file',
      providerMediaId: message.document.file_id,
      ...(message.document.file_name ? { filename: message.document.file_name } : {}),
      ...(message.document.mime_type ? { mimeType: message.document.mime_type } : {}),
    });
  for (const [field, kind] of [
    ['audio', 'audio'],
    ['voice', 'audio'],
    ['video', 'video'],
    ['sticker', 'sticker'],
  ] as const) {
    const item = message[field];
    if (item) attachments.push({ kind, providerMediaId: item.file_id });
  }
  if (message.location) attachments.push({ kind: 'location', latitude: message.location.latitude, longitude: message.location.longitude });
  const displayName = [message.from.first_name, message.from.last_name].filter(Boolean).join(' ') || message.from.username;
  const sentAt = isoFromEpoch(message.date);
  return {
    providerMessageId: `update:${update.update_id}`,
    threadKey: `${accountId}:${message.chat.id}`,
    sender: {
      identityType: 'telegram_id',
      value: String(message.from.id),
      ...(displayName ? { displayName: clip(displayName, 200) } : {}),
    },
    text: (message.text ?? message.caption ?? '').slice(0, 64_000),
    attachments,
    ...(message.reply_to_message ? { inReplyTo: [String(message.reply_to_message.message_id)] } : {}),
    ...(sentAt ? { sentAt } : {}),
    receivedAt: new Date().toISOString(),
  };
}

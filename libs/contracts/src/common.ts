import { z } from 'zod';
import { StoredMediaFields } from './media/stored-media';

export const ChannelSchema = z.enum(['webchat', 'email', 'whatsapp', 'messenger', 'instagram', 'sms', 'telegram', 'voice']);
export type Channel = z.infer<typeof ChannelSchema>;

/** How a customer is known on a channel: the key identity resolution matches on. */
export const IdentityTypeSchema = z.enum(['email', 'phone', 'wa_id', 'psid', 'igsid', 'telegram_id', 'webchat_visitor']);
export type IdentityType = z.infer<typeof IdentityTypeSchema>;

export const IdSchema = z.string().min(1).max(200);
export const UuidSchema = z.uuid();
export const IsoDateSchema = z.iso.datetime({ offset: true });

export const AttachmentSchema = z.object({
  kind: z.enum(['image', 'audio', 'video', 'file', 'location', 'sticker']),
  url: z.string().max(2048).optional(),
  mimeType: z.string().max(200).optional(),
  filename: z.string().max(500).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  providerMediaId: z.string().max(500).optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  ...StoredMediaFields,
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const AgentStateSchema = z.enum(['available', 'away', 'offline']);
export type AgentState = z.infer<typeof AgentStateSchema>;

import type { Attachment } from '@garda/contracts';
import { z } from 'zod';
import type { InboundDraft } from '../../inbound/inbound-publisher';
import { identifier } from '../../inbound/nul-characters';
import { clip, fitProviderId, isoFromEpoch, issuesOf, MalformedPayload, type NormalisedBatch } from '../normalised-batch';

// Message and media ids longer than the contract's 200 are hashed (fitProviderId); ids never contain NUL.
const id = identifier(500);
const media = z.object({
  id,
  mime_type: z.string().max(200).optional(),
  sha256: z.string().optional(),
  caption: z.string().max(4096).optional(),
  filename: z.string().max(500).optional(),
});

const WhatsAppMessage = z.object({
  from: identifier(50),
  id,
  timestamp: z.string().max(20),
  type: z.string().max(50),
  text: z.object({ body: z.string().max(65_536) }).optional(),
  image: media.optional(),
  audio: media.optional(),
  video: media.optional(),
  document: media.optional(),
  sticker: media.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().max(1000).optional(),
      address: z.string().max(1000).optional(),
    })
    .optional(),
  interactive: z
    .object({
      type: z.string().max(50),
      button_reply: z.object({ id: z.string().max(256), title: z.string().max(256) }).optional(),
      list_reply: z
        .object({ id: z.string().max(256), title: z.string().max(256), description: z.string().max(1000).optional() })
        .optional(),
    })
    .optional(),
  button: z.object({ text: z.string().max(256), payload: z.string().max(1000).optional() }).optional(),
  context: z.object({ from: z.string().max(50).optional(), id: id.optional() }).optional(),
});

const WhatsAppStatus = z.object({
  id,
  status: z.string().max(50),
  timestamp: z.string().max(20),
  recipient_id: z.string().max(50).optional(),
  errors: z
    .array(z.object({ code: z.number().optional(), title: z.string().max(1000).optional(), message: z.string().max(1000).optional() }))
    .optional(),
});

/** The Cloud API webhook envelope (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples). */
export const WhatsAppWebhook = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().max(100),
        changes: z
          .array(
            z.object({
              field: z.string().max(100),
              value: z.object({
                messaging_product: z.literal('whatsapp').optional(),
                metadata: z.object({ display_phone_number: z.string().max(50).optional(), phone_number_id: identifier(100) }).optional(),
                contacts: z
                  .array(z.object({ wa_id: z.string().max(50), profile: z.object({ name: z.string().max(500).optional() }).optional() }))
                  .max(100)
                  .optional(),
                messages: z.array(WhatsAppMessage).max(100).optional(),
                statuses: z.array(WhatsAppStatus).max(100).optional(),
              }),
            }),
          )
          .max(100),
      }),
    )
    .max(100),
});
export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhook>;

const MEDIA_KINDS = { image: 'image', audio: 'audio', video: 'video', document: 'file', sticker: 'sticker' } as const;
const STATUSES = { sent: 'sent', delivered: 'delivered', read: 'read', failed: 'failed' } as const;

export function parseWhatsAppWebhook(body: unknown): WhatsAppWebhook {
  const parsed = WhatsAppWebhook.safeParse(body);
  if (!parsed.success) throw new MalformedPayload(issuesOf(parsed.error));
  return parsed.data;
}

/** Messages and statuses per business phone number (phone_number_id routes to the account). */
export function normaliseWhatsApp(webhook: WhatsAppWebhook, accountIdFor: (address: string) => string): NormalisedBatch[] {
  const batches = new Map<string, NormalisedBatch>();
  for (const entry of webhook.entry) {
    for (const change of entry.changes) {
      const address = change.value.metadata?.phone_number_id;
      if (change.field !== 'messages' || !address) continue;
      const batch = batches.get(address) ?? { address, messages: [], statuses: [] };
      batches.set(address, batch);
      const names = new Map((change.value.contacts ?? []).map((contact) => [contact.wa_id, contact.profile?.name]));
      for (const message of change.value.messages ?? [])
        batch.messages.push(toDraft(message, names.get(message.from), accountIdFor(address)));
      for (const status of change.value.statuses ?? []) {
        const mapped = STATUSES[status.status as keyof typeof STATUSES];
        if (!mapped) continue;
        const error = status.errors?.map((e) => [e.code, e.title, e.message].filter(Boolean).join(' ')).join('; ');
        batch.statuses.push({
          providerMessageId: status.id,
          status: mapped,
          ...(error ? { error } : {}),
          at: new Date(isoFromEpoch(status.timestamp) ?? Date.now()),
        });
      }
    }
  }
  return [...batches.values()];
}

function toDraft(message: z.infer<typeof WhatsAppMessage>, profileName: string | undefined, accountId: string): InboundDraft {
  const attachments: Attachment[] = [];
  let text = message.text?.body ?? '';
  for (const [field, kind] of Object.entries(MEDIA_KINDS) as Array<[keyof typeof MEDIA_KINDS, Attachment['kind']]>) {
    const item = message[field];
    if (!item) continue;
    attachments.push({
      kind,
      providerMediaId: item.id,
      ...(item.mime_type ? { mimeType: item.mime_type } : {}),
      ...(item.filename ? { filename: item.filename } : {}),
    });
    if (item.caption) text = item.caption;
  }
  if (message.location) {
    const { latitude, longitude, name, address } = message.location;
    attachments.push({ kind: 'location', latitude, longitude });
    text = [name, address].filter(Boolean).join(', ');
  }
  if (message.interactive) text = message.interactive.button_reply?.title ?? message.interactive.list_reply?.title ?? text;
  if (message.button) text = message.button.text;
  const sentAt = isoFromEpoch(message.timestamp);
  return {
    providerMessageId: fitProviderId(message.id),
    threadKey: `${accountId}:${message.from}`,
    sender: { identityType: 'wa_id', value: message.from, ...(profileName ? { displayName: clip(profileName, 200) } : {}) },
    text: text.slice(0, 64_000),
    attachments,
    ...(message.context?.id ? { inReplyTo: [message.context.id] } : {}),
    ...(sentAt ? { sentAt } : {}),
    receivedAt: new Date().toISOString(),
  };
}

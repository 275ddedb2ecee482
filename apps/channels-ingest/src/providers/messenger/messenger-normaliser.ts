import type { Attachment } from '@garda/contracts';
import { z } from 'zod';
import type { InboundDraft } from '../../inbound/inbound-publisher';
import { identifier } from '../../inbound/nul-characters';
import { fitProviderId, isoFromEpoch, issuesOf, MalformedPayload, type NormalisedBatch } from '../normalised-batch';

// Message ids longer than the contract's 200 are hashed (fitProviderId); ids never contain NUL.
const id = identifier(500);

const MessagingEvent = z.object({
  // The sender id becomes the contract's sender.value (at most 320) and is where replies go: never shortened.
  sender: z.object({ id: identifier(320) }),
  recipient: z.object({ id }),
  timestamp: z.number().optional(),
  message: z
    .object({
      mid: id,
      text: z.string().max(65_536).optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string().max(1000) }).optional(),
      reply_to: z.object({ mid: id.optional() }).optional(),
      attachments: z
        .array(z.object({ type: z.string().max(50), payload: z.object({ url: z.string().max(2048).optional() }).nullish() }))
        .max(20)
        .optional(),
    })
    .optional(),
  postback: z.object({ mid: id.optional(), title: z.string().max(1000).optional(), payload: z.string().max(1000).optional() }).optional(),
  delivery: z.object({ mids: z.array(id).max(100).optional(), watermark: z.number().optional() }).optional(),
});

/** The Messenger Platform / Instagram Messaging webhook envelope (entry[].messaging[]). */
export const MetaMessagingWebhook = z.object({
  object: z.enum(['page', 'instagram']),
  entry: z
    .array(z.object({ id: identifier(100), time: z.number().optional(), messaging: z.array(MessagingEvent).max(100).optional() }))
    .max(100),
});
export type MetaMessagingWebhook = z.infer<typeof MetaMessagingWebhook>;

const ATTACHMENT_KINDS: Record<string, Attachment['kind']> = {
  image: 'image',
  audio: 'audio',
  video: 'video',
  file: 'file',
  sticker: 'sticker',
};

export function parseMetaMessagingWebhook(body: unknown, expected: 'page' | 'instagram'): MetaMessagingWebhook {
  const parsed = MetaMessagingWebhook.safeParse(body);
  if (!parsed.success) throw new MalformedPayload(issuesOf(parsed.error));
  if (parsed.data.object !== expected) throw new MalformedPayload([{ path: 'object', message: `expected "${expected}"` }]);
  return parsed.data;
}

/** Per page (Messenger) or professional account (Instagram): customers' messages, postbacks and deliveries. */
export function normaliseMetaMessaging(webhook: MetaMessagingWebhook, accountIdFor: (address: string) => string): NormalisedBatch[] {
  const identityType = webhook.object === 'page' ? 'psid' : 'igsid';
  return webhook.entry.map((entry) => {
    const batch: NormalisedBatch = { address: entry.id, messages: [], statuses: [] };
    for (const event of entry.messaging ?? []) {
      const sentAt = isoFromEpoch(event.timestamp, 'ms');
      const base = {
        threadKey: `${accountIdFor(entry.id)}:${event.sender.id}`,
        sender: { identityType, value: event.sender.id } as const,
        receivedAt: new Date().toISOString(),
        ...(sentAt ? { sentAt } : {}),
      };
      if (event.message && !event.message.is_echo) {
        batch.messages.push({
          ...base,
          providerMessageId: fitProviderId(event.message.mid),
          text: (event.message.text ?? '').slice(0, 64_000),
          attachments: (event.message.attachments ?? []).map((attachment) => ({
            kind: ATTACHMENT_KINDS[attachment.type] ?? 'file',
            ...(attachment.payload?.url ? { url: attachment.payload.url } : {}),
          })),
          ...(event.message.reply_to?.mid ? { inReplyTo: [event.message.reply_to.mid] } : {}),
        } satisfies InboundDraft);
      } else if (event.postback) {
        // A tap on a button the business sent: the customer "said" the button's title.
        batch.messages.push({
          ...base,
          providerMessageId: fitProviderId(
            event.postback.mid ?? `postback:${event.sender.id}:${event.timestamp ?? ''}:${event.postback.payload ?? ''}`,
          ),
          text: event.postback.title ?? event.postback.payload ?? '',
        });
      } else if (event.delivery) {
        for (const mid of event.delivery.mids ?? [])
          batch.statuses.push({ providerMessageId: mid, status: 'delivered', at: new Date(sentAt ?? Date.now()) });
      }
    }
    return batch;
  });
}

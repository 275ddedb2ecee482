import { z } from 'zod';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from './webhook-events';

export const CreateWebhookSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000),
    events: z
      .array(z.enum([...WEBHOOK_EVENT_TYPES, ALL_EVENTS]))
      .min(1, 'subscribe to at least one event type (or "*")')
      .max(WEBHOOK_EVENT_TYPES.length + 1)
      .transform((events) => [...new Set(events)]),
    /** Shared secret for X-Garda-Signature; generated (and shown once) when omitted. */
    secret: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
    description: z.string().trim().max(200).optional(),
  })
  .strict();
export type CreateWebhook = z.output<typeof CreateWebhookSchema>;

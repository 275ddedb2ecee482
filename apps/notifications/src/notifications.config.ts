import { baseConfigShape, outboundConfigShape, previousKeysSchema } from '@garda/service-kit';
import { z } from 'zod';

export const notificationsConfigShape = {
  ...baseConfigShape,
  ...outboundConfigShape,
  NOTIFICATIONS_SLA_MAX_WAIT_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(120)
    .describe('How long a contact may wait in a queue without its own SLA policy before an SLA alert'),
  NOTIFICATIONS_CSAT_TEXT: z
    .string()
    .min(1)
    .max(1000)
    .default('Thanks for contacting us! How satisfied were you with our help? Reply with a number from 1 (not at all) to 5 (very).')
    .describe('The customer-satisfaction survey sent when an agent closes a conversation'),
  WEBHOOK_SECRET_KEY: z
    .string()
    .min(32, 'must be at least 32 characters')
    .describe("Key that encrypts webhook endpoints' signing secrets at rest (AES-256-GCM)"),
  WEBHOOK_SECRET_KEYS_PREVIOUS: previousKeysSchema.describe(
    'Earlier values of WEBHOOK_SECRET_KEY (comma-separated), still accepted to open secrets while a rotation is under way (docs/operations.md)',
  ),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000).describe('How long one webhook POST may take'),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8).describe('Attempts before a webhook delivery is marked failed'),
  WEBHOOK_RETRY_BASE_MS: z.coerce
    .number()
    .int()
    .min(10)
    .max(3_600_000)
    .default(10_000)
    .describe('First retry delay; each further retry waits 4× longer (capped at one hour)'),
};

export type NotificationsConfig = z.output<z.ZodObject<typeof notificationsConfigShape>>;

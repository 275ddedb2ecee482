import { z } from 'zod';

/** Every service's housekeeping: how long its inbox remembers messages, how often retention runs. */
export const retentionConfigShape = {
  INBOX_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe("Days the inbox remembers processed message ids; keep it above Kafka's topic retention (7 days by default)"),
  RETENTION_SWEEP_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(3600)
    .describe('How often the retention jobs (tenant policies, inbox pruning) run; one replica at a time'),
};

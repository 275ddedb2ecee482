import { baseConfigShape } from '@garda/service-kit';
import { z } from 'zod';

export const analyticsConfigShape = {
  ...baseConfigShape,
  ANALYTICS_SERVICE_LEVEL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(20)
    .describe('Service-level threshold (seconds) of a queue analytics has not been told otherwise about'),
};

export type AnalyticsConfig = z.output<z.ZodObject<typeof analyticsConfigShape>>;

import { z } from 'zod';

/** `GET /staffing`: agents needed per 15 minutes of one local day, from what happened or a forecast, with "what if" inputs. */
export const StaffingQuerySchema = z
  .object({
    date: z.iso.date({ message: 'must be a calendar date, e.g. 2026-11-02' }).optional(),
    queue: z.string().trim().min(1).max(100).optional(),
    basis: z.enum(['observed', 'forecast']).default('observed'),
    weeks: z.coerce.number().int().min(1).max(12).default(4),
    targetPercent: z.coerce.number().min(1).max(99.9).default(80),
    thresholdSeconds: z.coerce.number().int().min(1).max(3600).optional(),
    ahtSeconds: z.coerce.number().min(1).max(86_400).optional(),
    volumeChangePercent: z.coerce.number().min(-100).max(1000).default(0),
    concurrency: z.coerce.number().int().min(1).max(10).default(1),
  })
  .strict();
export type StaffingQuery = z.output<typeof StaffingQuerySchema>;

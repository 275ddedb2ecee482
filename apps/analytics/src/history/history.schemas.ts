import { z } from 'zod';
import { startOfUtcDay } from '../projection/metrics-math';

const MAX_RANGE_DAYS = 93;

/**
 * A reporting range [from, to): ISO-8601 instants with an offset. Both default (from = midnight UTC
 * today, to = now); `from` must precede `to` and the range may span at most MAX_RANGE_DAYS.
 */
export const HistoryRangeSchema = z
  .object({
    from: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T00:00:00Z' }).optional(),
    to: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T23:59:59Z' }).optional(),
    queue: z.string().trim().min(1).max(100).optional(),
  })
  .strict()
  .transform((query) => {
    const now = new Date();
    return { from: query.from ? new Date(query.from) : startOfUtcDay(now), to: query.to ? new Date(query.to) : now, queue: query.queue };
  })
  .refine((range) => range.from < range.to, { message: 'from must be before to', path: ['from'] })
  .refine((range) => range.to.getTime() - range.from.getTime() <= MAX_RANGE_DAYS * 86_400_000, {
    message: `the range may span at most ${MAX_RANGE_DAYS} days`,
    path: ['to'],
  });

export type HistoryRange = z.output<typeof HistoryRangeSchema>;

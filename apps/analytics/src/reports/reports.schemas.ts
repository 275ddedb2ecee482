import { ChannelSchema, UuidSchema } from '@garda/contracts';
import { z } from 'zod';

/** The longest range a report covers (a year and a day, so "last year" with a leap day fits). */
export const MAX_RANGE_DAYS = 366;
/** Hourly buckets come from 15-minute rollups: a month of them at most. */
export const MAX_HOURLY_RANGE_DAYS = 31;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 date-time with an offset, e.g. 2026-01-31T00:00:00+07:00' });

const filters = {
  from: instant.optional(),
  to: instant.optional(),
  queue: z.string().trim().min(1).max(100).optional(),
  agent: UuidSchema.optional(),
  channel: ChannelSchema.optional(),
  format: z.enum(['json', 'csv']).default('json'),
};

export const ReportGroupings = ['none', 'queue', 'agent', 'channel'] as const;
export type ReportGrouping = (typeof ReportGroupings)[number];
export const ReportBuckets = ['hour', 'day', 'week'] as const;
export type ReportBucket = (typeof ReportBuckets)[number];

/** `GET /reports/summary`: every figure over [from, to), optionally one row per queue, agent or channel. */
export const SummaryQuerySchema = z.object({ ...filters, groupBy: z.enum(ReportGroupings).default('none') }).strict();
export type SummaryQuery = z.output<typeof SummaryQuerySchema>;

/** `GET /reports/trend`: the figures per hour, day or week of the tenant's calendar. */
export const TrendQuerySchema = z.object({ ...filters, bucket: z.enum(ReportBuckets).default('day') }).strict();
export type TrendQuery = z.output<typeof TrendQuerySchema>;

export type ReportFilters = Pick<SummaryQuery, 'queue' | 'agent' | 'channel'>;

import { TZDate } from '@date-fns/tz';
import { addDays, addHours, addWeeks, startOfDay, startOfHour, startOfWeek } from 'date-fns';
import { InvalidInputError } from '@garda/service-kit';
import { intervalStart } from '../projection/metrics-math';
import { MAX_HOURLY_RANGE_DAYS, MAX_RANGE_DAYS, type ReportBucket } from './reports.schemas';

const DAY_MS = 86_400_000;

/**
 * Which rollup rows answer [from, to): 15-minute rows for the ragged start [from, fullDaysFrom)
 * and end [fullDaysTo, to), the tenant's day rows for the whole local days between. When the range
 * holds no whole day both edges meet and only 15-minute rows are read.
 */
export interface RollupSegments {
  from: Date;
  fullDaysFrom: Date;
  fullDaysTo: Date;
  to: Date;
}

export interface ReportRange {
  from: Date;
  to: Date;
  timeZone: string;
}

/** from defaults to the tenant's midnight today, to to now; inverted or too long ranges are the caller's mistake. */
export function resolveRange(query: { from?: string; to?: string }, timeZone: string, now = new Date()): ReportRange {
  const from = query.from ? new Date(query.from) : startOfDay(new TZDate(now, timeZone));
  const to = query.to ? new Date(query.to) : now;
  if (from.getTime() >= to.getTime()) throw new InvalidInputError('from', 'from must be before to');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) {
    throw new InvalidInputError('to', `the range may span at most ${MAX_RANGE_DAYS} days`);
  }
  return { from: new Date(from.getTime()), to: new Date(to.getTime()), timeZone };
}

/** The period of the same length just before the range: "against the previous period". */
export function previousRange(range: ReportRange): ReportRange {
  const length = range.to.getTime() - range.from.getTime();
  return { from: new Date(range.from.getTime() - length), to: new Date(range.from.getTime()), timeZone: range.timeZone };
}

export function segmentsOf(range: ReportRange, onlyIntervals = false): RollupSegments {
  const from = intervalStart(range.from);
  const firstMidnight = startOfDay(new TZDate(from, range.timeZone));
  const fullDaysFrom = firstMidnight.getTime() === from.getTime() ? firstMidnight : startOfDay(addDays(firstMidnight, 1));
  const fullDaysTo = startOfDay(new TZDate(range.to, range.timeZone));
  if (onlyIntervals || fullDaysTo.getTime() <= fullDaysFrom.getTime())
    return { from, fullDaysFrom: range.to, fullDaysTo: range.to, to: range.to };
  return { from, fullDaysFrom: new Date(fullDaysFrom.getTime()), fullDaysTo: new Date(fullDaysTo.getTime()), to: range.to };
}

/** Everything before the range (for the backlog carried into it): the tenant's days, then 15-minute rows up to its start. */
export function segmentsBefore(range: ReportRange): RollupSegments {
  const from = intervalStart(range.from);
  const midnight = new Date(startOfDay(new TZDate(from, range.timeZone)).getTime());
  const epoch = new Date(0);
  return { from: epoch, fullDaysFrom: epoch, fullDaysTo: midnight, to: from };
}

/** Every bucket start (an instant) of the range in the tenant's calendar; weeks start on Monday (ISO). */
export function bucketStarts(range: ReportRange, bucket: ReportBucket): Date[] {
  if (bucket === 'hour' && range.to.getTime() - range.from.getTime() > MAX_HOURLY_RANGE_DAYS * DAY_MS) {
    throw new InvalidInputError('bucket', `hourly buckets cover at most ${MAX_HOURLY_RANGE_DAYS} days; use day or week`);
  }
  const local = new TZDate(range.from, range.timeZone);
  const first = bucket === 'hour' ? startOfHour(local) : bucket === 'day' ? startOfDay(local) : startOfWeek(local, { weekStartsOn: 1 });
  const step = bucket === 'hour' ? addHours : bucket === 'day' ? addDays : addWeeks;
  const starts: Date[] = [];
  for (let start = first; start.getTime() < range.to.getTime(); start = step(start, 1)) starts.push(new Date(start.getTime()));
  return starts;
}

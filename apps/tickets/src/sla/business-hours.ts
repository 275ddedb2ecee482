import { TZDate } from '@date-fns/tz';
import { addDays, format, startOfDay } from 'date-fns';

/** Opening hours per weekday (0 = Sunday … 6 = Saturday) as minutes since local midnight. */
export interface BusinessCalendar {
  timeZone: string;
  /** e.g. `{ 1: [[480, 1020]] }` = Mondays 08:00–17:00; a missing day is closed. */
  weekly: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, Array<[number, number]>>>;
  /** Local dates the team is closed, `yyyy-MM-dd`. */
  holidays: string[];
}

/** Round the clock, every day: what a tenant without business hours gets. */
export const ALWAYS_OPEN = (timeZone: string): BusinessCalendar => ({
  timeZone,
  weekly: Object.fromEntries([0, 1, 2, 3, 4, 5, 6].map((day) => [day, [[0, 1440]]])) as BusinessCalendar['weekly'],
  holidays: [],
});

/** A search horizon: a calendar open less than this often is treated as misconfigured. */
const MAX_DAYS = 400;

/** The open intervals of one local day, as instants. */
function openIntervals(calendar: BusinessCalendar, day: TZDate): Array<[number, number]> {
  if (calendar.holidays.includes(format(day, 'yyyy-MM-dd'))) return [];
  const hours = calendar.weekly[day.getDay() as 0] ?? [];
  return hours.map(([from, to]) => {
    const start = new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(from / 60), from % 60, 0, calendar.timeZone);
    const end =
      to >= 1440
        ? startOfDay(addDays(day, 1))
        : new TZDate(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(to / 60), to % 60, 0, calendar.timeZone);
    return [start.getTime(), end.getTime()];
  });
}

/**
 * The instant `seconds` of business time after `from` (in the calendar's time zone, skipping
 * closed hours, weekends and holidays; daylight-saving days have their real length).
 */
export function addBusinessSeconds(from: Date, seconds: number, calendar: BusinessCalendar): Date {
  let remaining = seconds * 1000;
  let day = startOfDay(new TZDate(from.getTime(), calendar.timeZone));
  for (let i = 0; i < MAX_DAYS; i += 1, day = addDays(day, 1)) {
    for (const [start, end] of openIntervals(calendar, day)) {
      const begin = Math.max(start, from.getTime());
      if (begin >= end) continue;
      if (end - begin >= remaining) return new Date(begin + remaining);
      remaining -= end - begin;
    }
  }
  throw new Error(`the business calendar (${calendar.timeZone}) is not open within ${MAX_DAYS} days`);
}

/** Business seconds between two instants (0 when `to` is not after `from`). */
export function businessSecondsBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  let day = startOfDay(new TZDate(from.getTime(), calendar.timeZone));
  for (let i = 0; i < MAX_DAYS && day.getTime() < to.getTime(); i += 1, day = addDays(day, 1)) {
    for (const [start, end] of openIntervals(calendar, day)) {
      const begin = Math.max(start, from.getTime());
      const finish = Math.min(end, to.getTime());
      if (finish > begin) total += finish - begin;
    }
  }
  return Math.round(total / 1000);
}

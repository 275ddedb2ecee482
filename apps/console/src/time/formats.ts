import type { IntlShape } from 'react-intl';

/**
 * The console's date and time formats. react-intl formats in the language's conventions
 * ("10.02" in Indonesian, "10:02 AM" in English) and in the tenant's time zone, which the
 * LocaleProvider gives it: never the browser's zone.
 */
export const clockTime = (intl: IntlShape, at: string | number | Date) => intl.formatTime(at, { hour: '2-digit', minute: '2-digit' });

/** "12 Mar, 10.02": when a past conversation started. */
export const dayAndTime = (intl: IntlShape, at: string | number | Date) =>
  intl.formatDate(at, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** "12 Mar 2026": a day (customer since, ticket created). */
export const calendarDay = (intl: IntlShape, at: string | number | Date) =>
  intl.formatDate(at, { day: 'numeric', month: 'short', year: 'numeric' });

/** "10.02.05": the moment figures were taken. */
export const clockTimeWithSeconds = (intl: IntlShape, at: string | number | Date) =>
  intl.formatTime(at, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

import { tz } from '@date-fns/tz';
import { isSameDay, startOfDay } from 'date-fns';

/**
 * Calendar arithmetic in the tenant's time zone: for a team in Jakarta "today" starts at 00:00
 * WIB (17:00 UTC the day before), whatever zone the browser is set to. Formatting goes through
 * react-intl, whose provider carries the same zone (see i18n/LocaleProvider.tsx).
 */
export function startOfTenantDay(at: Date | number, timeZone: string): Date {
  return new Date(startOfDay(at, { in: tz(timeZone) }).getTime());
}

/** Whether two instants fall on the same calendar day in the tenant's zone. */
export function isSameTenantDay(a: Date | number | string, b: Date | number | string, timeZone: string): boolean {
  return isSameDay(new Date(a), new Date(b), { in: tz(timeZone) });
}

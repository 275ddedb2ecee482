import { type Language, LANGUAGES, primaryLanguage } from '../i18n/languages';
import type { Session } from './session';

/** The demo tenant's settings (BOARD decision 3), used until the login response carries the tenant's own. */
export const DEMO_TENANT_SETTINGS = { timeZone: 'Asia/Jakarta', languages: ['id', 'en'] } as const;

export interface TenantSettings {
  /** IANA zone every date and time in the console is shown in, and where "today" starts. */
  timeZone: string;
  /** The tenant's default language, when the gateway says one. */
  defaultLanguage?: Language;
  /** The languages the tenant offers its users (those the console speaks). */
  languages: Language[];
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The tenant's settings from the session (the gateway's GET /tenant, read at login): the one
 * place the console learns its time zone and languages. Anything missing or
 * unusable falls back to the demo tenant's: Asia/Jakarta, Bahasa Indonesia and English offered (its
 * default language, Bahasa Indonesia, is also the console's last resort when nothing else says one).
 */
export function tenantSettings(session: Session | undefined): TenantSettings {
  const tenant = session?.tenant;
  const timeZone = tenant?.timeZone && isTimeZone(tenant.timeZone) ? tenant.timeZone : DEMO_TENANT_SETTINGS.timeZone;
  const offered = (tenant?.languages ?? []).map(primaryLanguage).filter((l): l is Language => l !== undefined);
  return {
    timeZone,
    // Only when the gateway says so: without it the browser's language comes next, then Bahasa Indonesia.
    defaultLanguage: primaryLanguage(tenant?.defaultLanguage),
    languages: offered.length > 0 ? [...new Set(offered)] : [...LANGUAGES],
  };
}

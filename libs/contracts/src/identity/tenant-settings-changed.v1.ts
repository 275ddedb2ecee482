import { z } from 'zod';
import { IsoDateSchema, UuidSchema } from '../common';

/** The languages Garda speaks (BCP 47 primary tags, BOARD decision 4). */
export const TenantLanguageSchema = z.enum(['id', 'en']);
export type TenantLanguage = z.infer<typeof TenantLanguageSchema>;

/** True for a time zone name the runtime's ICU knows (IANA, e.g. "Asia/Jakarta", "UTC"). */
export function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const IanaTimeZoneSchema = z
  .string()
  .min(1)
  .max(100)
  .refine(isIanaTimeZone, 'must be an IANA time zone such as "Asia/Jakarta" or "UTC"');

/**
 * A tenant's settings as the gateway now holds them (BOARD decision 3): published when a tenant is
 * created, whenever an admin changes them, and again for every tenant when the gateway starts, so
 * a projection built from scratch (or after the topic's retention) always has them. Keyed by
 * tenant. `revision` rises with every change: a projection keeps the highest it has seen and
 * ignores an older one arriving late or again.
 */
export const TenantSettingsChangedV1 = z
  .object({
    tenantId: UuidSchema,
    name: z.string().min(1).max(200),
    /** Where the tenant's "today" begins: wallboards, reports, business hours default to it. */
    timeZone: IanaTimeZoneSchema,
    /** What customers and new users get when nothing says otherwise. */
    defaultLanguage: TenantLanguageSchema,
    /** The languages the tenant offers (always includes the default). */
    languages: z.array(TenantLanguageSchema).min(1).max(10),
    revision: z.number().int().min(1),
    changedAt: IsoDateSchema,
  })
  .refine((settings) => settings.languages.includes(settings.defaultLanguage), {
    message: 'the default language must be one of the languages',
    path: ['defaultLanguage'],
  });
export type TenantSettingsChangedV1 = z.infer<typeof TenantSettingsChangedV1>;

import { IanaTimeZoneSchema, TenantLanguageSchema } from '@garda/contracts';
import { z } from 'zod';

export const TenantNameSchema = z.string().trim().min(1, 'give the tenant a name').max(200);

const LanguagesSchema = z
  .array(TenantLanguageSchema)
  .min(1, 'offer at least one language')
  .max(10)
  .refine((languages) => new Set(languages).size === languages.length, 'a language is listed twice');

/** An admin's change of the tenant's settings (PATCH /tenant): any subset, nothing unknown. */
export const TenantSettingsPatchSchema = z
  .strictObject({
    name: TenantNameSchema.optional(),
    timeZone: IanaTimeZoneSchema.optional(),
    defaultLanguage: TenantLanguageSchema.optional(),
    languages: LanguagesSchema.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one setting');
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

/** A new tenant (the CLI): languages default to the default language alone. */
export const NewTenantSchema = z
  .strictObject({
    name: TenantNameSchema,
    timeZone: IanaTimeZoneSchema,
    defaultLanguage: TenantLanguageSchema,
    languages: LanguagesSchema.optional(),
  })
  .transform((tenant) => ({ ...tenant, languages: tenant.languages ?? [tenant.defaultLanguage] }))
  .refine((tenant) => tenant.languages.includes(tenant.defaultLanguage), {
    message: 'the default language must be one of the languages',
    path: ['defaultLanguage'],
  });

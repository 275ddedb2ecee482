import { z } from 'zod';

/** The languages the console speaks: BCP-47 primary tags, as everywhere in Garda (BOARD decision 4). */
export const LANGUAGES = ['id', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = z.enum(LANGUAGES);

/** When nothing else says which language: the product's home market speaks Bahasa Indonesia. */
export const FALLBACK_LANGUAGE: Language = 'id';

/** Each language named in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = { id: 'Bahasa Indonesia', en: 'English' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** "en-GB" → "en", "id-ID" → "id", "in" (Java's old code for Indonesian) → "id"; anything else → undefined. */
export function primaryLanguage(tag: string | null | undefined): Language | undefined {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  const normalised = primary === 'in' ? 'id' : primary;
  return isLanguage(normalised) ? normalised : undefined;
}

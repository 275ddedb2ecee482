import { FALLBACK_LANGUAGE, type Language, primaryLanguage } from './languages';

/** Where a language choice may come from, asked in order; the first that answers wins. */
export type LanguageSource = () => Language | undefined;

/**
 * Where the user's own choice is kept. Today the browser's localStorage; when the gateway keeps a
 * language per user, a store that reads it from the session and writes it with the API replaces
 * this one (the switcher and the resolution order stay as they are).
 */
export interface LanguageStore {
  get(): Language | undefined;
  set(language: Language): void;
}

const STORAGE_KEY = 'garda.language';

export const localLanguageStore: LanguageStore = {
  get: () => {
    try {
      return primaryLanguage(localStorage.getItem(STORAGE_KEY));
    } catch {
      return undefined;
    }
  },
  set: (language) => {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode or storage full: the choice lasts for this page only.
    }
  },
};

/** The browser's preferred languages, best first ("id-ID", "en-US", …), mapped to the ones the console speaks. */
export const browserLanguage =
  (languages: () => readonly string[] = () => (typeof navigator === 'undefined' ? [] : navigator.languages)): LanguageSource =>
  () => {
    for (const tag of languages()) {
      const language = primaryLanguage(tag);
      if (language) return language;
    }
    return undefined;
  };

/**
 * The language to show: the user's own choice, then the tenant's default (from the login response
 * when the gateway sends one), then the browser's language, then Bahasa Indonesia. A language the
 * tenant does not offer is skipped, so an old choice does not outlive the tenant's settings.
 */
export function resolveLanguage(sources: LanguageSource[], offered?: readonly Language[]): Language {
  for (const source of sources) {
    const language = source();
    if (language && (!offered || offered.length === 0 || offered.includes(language))) return language;
  }
  return offered?.includes(FALLBACK_LANGUAGE) || !offered?.length ? FALLBACK_LANGUAGE : offered[0];
}

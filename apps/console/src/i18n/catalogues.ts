import { type Language, LANGUAGES } from './languages';

/**
 * The message catalogues: one JSON file per language and feature namespace,
 * `src/locales/<language>/<namespace>.json`, each key prefixed with its namespace
 * ("desk.offer.accept"). A new namespace is picked up by adding its files; nothing to register.
 * `tools/check-messages.ts` (run by a unit test) keeps them complete and in step with the code.
 */
const files = import.meta.glob<Record<string, string>>('../locales/*/*.json', { eager: true, import: 'default' });

function load(): Record<Language, Record<string, string>> {
  const catalogues = Object.fromEntries(LANGUAGES.map((language) => [language, {} as Record<string, string>])) as Record<
    Language,
    Record<string, string>
  >;
  for (const [file, messages] of Object.entries(files)) {
    const language = /\/locales\/([^/]+)\//.exec(file)?.[1];
    if (language && language in catalogues) Object.assign(catalogues[language as Language], messages);
  }
  return catalogues;
}

export const CATALOGUES = load();

import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { IntlProvider } from 'react-intl';
import type { Session } from '../session/session';
import { tenantSettings } from '../session/tenant-settings';
import { CATALOGUES } from './catalogues';
import { browserLanguage, type LanguageStore, localLanguageStore, resolveLanguage } from './language-preference';
import { isLanguage, type Language, primaryLanguage } from './languages';

interface LocaleSettings {
  language: Language;
  /** The languages the switcher offers: the tenant's, among those the console speaks. */
  languages: Language[];
  setLanguage: (language: Language) => void;
  /** The tenant's IANA time zone: every date and time on screen is shown in it. */
  timeZone: string;
}

const LocaleContext = createContext<LocaleSettings | undefined>(undefined);

/**
 * Language and time zone for everything below: react-intl formats messages (ICU), dates and
 * numbers with them. The language is the user's choice (the store), then the tenant's default,
 * then the browser's, then Bahasa Indonesia; the zone is the tenant's.
 */
export function LocaleProvider({
  session,
  store = localLanguageStore,
  children,
}: {
  session: Session | undefined;
  store?: LanguageStore;
  children: ReactNode;
}) {
  const tenant = tenantSettings(session);
  const [chosen, setChosen] = useState<Language | undefined>(() => store.get());
  const language = resolveLanguage(
    [() => chosen, () => primaryLanguage(session?.user.language), () => tenant.defaultLanguage, browserLanguage()],
    tenant.languages,
  );
  const setLanguage = useCallback(
    (next: Language) => {
      store.set(next);
      setChosen(next);
    },
    [store],
  );
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  // tenant.languages is rebuilt on each render: the memo follows its contents.
  const offered = tenant.languages.join();
  const languages = useMemo(() => offered.split(',').filter(isLanguage), [offered]);
  const value = useMemo(
    () => ({ language, languages, setLanguage, timeZone: tenant.timeZone }),
    [language, languages, setLanguage, tenant.timeZone],
  );
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={language} messages={CATALOGUES[language]} timeZone={tenant.timeZone} defaultLocale="en">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}

export function useLocaleSettings(): LocaleSettings {
  const settings = useContext(LocaleContext);
  if (!settings) throw new Error('useLocaleSettings outside LocaleProvider');
  return settings;
}

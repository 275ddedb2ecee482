import { useIntl } from 'react-intl';
import { isLanguage, LANGUAGE_NAMES } from './languages';
import { useLocaleSettings } from './LocaleProvider';

/** The top bar's language menu: each language named in itself; the choice is kept (see LanguageStore). */
export function LanguageSwitcher() {
  const intl = useIntl();
  const { language, languages, setLanguage } = useLocaleSettings();
  if (languages.length < 2) return null;
  return (
    <select
      className="language-switcher"
      data-testid="language-switcher"
      aria-label={intl.formatMessage({ id: 'common.language.label' })}
      value={language}
      onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
    >
      {languages.map((option) => (
        <option key={option} value={option} lang={option}>
          {LANGUAGE_NAMES[option]}
        </option>
      ))}
    </select>
  );
}

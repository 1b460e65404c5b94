import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from '../locales/de.ts';
import { en } from '../locales/en.ts';
import { DEFAULT_LANGUAGE, toLanguage, type Language } from './language.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof de };
  }
}

const STORAGE_KEY = 'durchstarten.language';

function readStoredLanguage(): Language {
  try {
    return toLanguage(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    // Storage can be unavailable (privacy settings); German is the default then.
    return DEFAULT_LANGUAGE;
  }
}

function rememberLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not persisting the choice is acceptable; the switch still works for this visit.
  }
}

/** Creates the i18next instance: German by default, the user's earlier choice if stored. */
export function createI18n(): I18n {
  const instance = createInstance();
  const language = readStoredLanguage();
  instance.on('languageChanged', (next) => {
    const current = toLanguage(next);
    document.documentElement.lang = current;
    rememberLanguage(current);
  });
  void instance.use(initReactI18next).init({
    resources: { de: { translation: de }, en: { translation: en } },
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: ['de', 'en'],
    // Resources are bundled, so initialisation is synchronous and the first render is translated.
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return instance;
}

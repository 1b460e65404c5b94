import { createInstance, type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de, type TranslationMessages } from '../locales/de.ts';
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

/**
 * The common texts of each language. German, the default, is in the initial bundle; English is a chunk of its
 * own, loaded before the first render when it is the stored choice and when the user switches to it, so that
 * German users do not download it (the initial JavaScript budget, quality-targets.md).
 */
const commonTexts: Record<Language, () => Promise<TranslationMessages>> = {
  de: () => Promise.resolve(de),
  en: () => import('../locales/en.ts').then((module) => module.en),
};

/** The texts of the stored language, when it is not German: to load before the first render. */
export async function preloadStoredLanguage(): Promise<PreloadedTexts> {
  const language = readStoredLanguage();
  return language === DEFAULT_LANGUAGE ? {} : { [language]: await commonTexts[language]() };
}

export type PreloadedTexts = Partial<Record<Language, TranslationMessages>>;

/** Switches the language, loading its common texts first if they are not there yet. */
export async function switchLanguage(instance: I18n, language: Language): Promise<void> {
  if (!instance.getResource(language, 'translation', 'app.name')) {
    instance.addResourceBundle(language, 'translation', await commonTexts[language](), true, false);
  }
  await instance.changeLanguage(language);
}

/** Creates the i18next instance: German by default, the user's earlier choice if stored (and preloaded). */
export function createI18n(preloaded: PreloadedTexts = {}): I18n {
  const instance = createInstance();
  const stored = readStoredLanguage();
  const language = stored === DEFAULT_LANGUAGE || preloaded[stored] ? stored : DEFAULT_LANGUAGE;
  instance.on('languageChanged', (next) => {
    const current = toLanguage(next);
    document.documentElement.lang = current;
    rememberLanguage(current);
  });
  void instance.use(initReactI18next).init({
    resources: Object.fromEntries(
      Object.entries({ ...preloaded, de }).map(([code, translation]) => [code, { translation }]),
    ),
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

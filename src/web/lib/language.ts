// The languages of the user interface and how they map to Intl locales. Pure: no I/O.

export const SUPPORTED_LANGUAGES = ['de', 'en'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** German is the default: the programmes and their authorities work in German. */
export const DEFAULT_LANGUAGE: Language = 'de';

const INTL_LOCALES: Record<Language, string> = {
  de: 'de-DE',
  en: 'en-GB',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** Any stored or reported value, reduced to a supported language (German when unknown). */
export function toLanguage(value: string | null | undefined): Language {
  const base = value?.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : DEFAULT_LANGUAGE;
}

/** The Intl locale for dates and numbers: de-DE for German, en-GB (day-month order, 24 h) for English. */
export function intlLocale(language: string): string {
  return INTL_LOCALES[toLanguage(language)];
}

/** The language the switch offers next to the current one. */
export function otherLanguage(language: Language): Language {
  return language === 'de' ? 'en' : 'de';
}

// How participant data is shown: dates in the UI language, names of countries and languages from the
// browser's Intl data (no lists to maintain). Pure: no I/O, no React.
import { intlLocale } from '../../lib/language.ts';

/** A calendar date (YYYY-MM-DD) as "03.07.2026" / "03/07/2026"; never shifted by the time zone. */
export function formatDate(iso: string | null, language: string): string | null {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!match) return null;
  return new Intl.DateTimeFormat(intlLocale(language), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** An instant as date and time in the browser's time zone. */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}

/** "Family name, given names" as lists sort it; the family name alone when there are no given names. */
export function listName(person: { familyName: string; givenNames: string }): string {
  return person.givenNames.trim() ? `${person.familyName}, ${person.givenNames}` : person.familyName;
}

/** "Given names Family name" as a heading says it. */
export function displayName(person: { familyName: string; givenNames: string }): string {
  return [person.givenNames.trim(), person.familyName].filter(Boolean).join(' ');
}

/** The original-script name, if any, in reading order. */
export function originalName(person: {
  familyNameOriginal: string | null;
  givenNamesOriginal: string | null;
}): string | null {
  const parts = [person.givenNamesOriginal, person.familyNameOriginal].filter((part): part is string => !!part);
  return parts.length > 0 ? parts.join(' ') : null;
}

// Codes Intl knows that are no country to choose: pseudo-regions (XA, XB) and codes ISO 3166 only reserves
// (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, the Canary Islands, Tristan da Cunha).
const NOT_OFFERED = new Set(['XA', 'XB', 'AC', 'CP', 'CQ', 'DG', 'EA', 'IC', 'TA']);

/** Whether a region code is current: deprecated ones (DD, SU, YU, BU, …) canonicalise to their successor. */
function isCurrentRegion(code: string): boolean {
  try {
    return new Intl.Locale(Intl.getCanonicalLocales(`und-${code}`)[0] ?? '').region === code;
  } catch {
    return false;
  }
}

/**
 * Every current ISO 3166-1 alpha-2 code that `accepts`, with its name in the UI language, sorted by name;
 * each country once (not also under a former code such as DD for Germany).
 */
export function countryOptions(
  language: string,
  accepts: (code: string) => boolean,
): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([intlLocale(language)], { type: 'region', fallback: 'code' });
  const options: { value: string; label: string }[] = [];
  for (let first = 65; first <= 90; first += 1) {
    for (let second = 65; second <= 90; second += 1) {
      const code = String.fromCharCode(first, second);
      if (code === 'XX' || NOT_OFFERED.has(code) || !accepts(code) || !isCurrentRegion(code)) continue;
      options.push({ value: code, label: names.of(code) ?? code });
    }
  }
  const collator = new Intl.Collator(intlLocale(language));
  return options.sort((a, b) => collator.compare(a.label, b.label));
}

export function countryName(code: string, language: string): string {
  if (code === 'XX') return '';
  return new Intl.DisplayNames([intlLocale(language)], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

export function languageName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([intlLocale(language)], { type: 'language', fallback: 'code' }).of(code) ?? code;
  } catch {
    // A code Intl does not accept (possible for rare ISO 639-3 codes) is shown as it is.
    return code;
  }
}

/**
 * Languages offered first in the language picker: those of the programme's main countries of origin
 * (reference-data.md) and German; any other ISO 639 code can be typed in.
 */
export const COMMON_LANGUAGES = [
  'de',
  'ar',
  'fa',
  'prs',
  'ps',
  'ku',
  'ckb',
  'kmr',
  'tr',
  'sq',
  'sr',
  'mk',
  'ru',
  'uk',
  'hy',
  'az',
  'ka',
  'ti',
  'am',
  'so',
  'fr',
  'en',
  'ha',
  'ig',
  'yo',
  'ff',
  'sus',
  'bn',
  'ur',
  'es',
] as const;

/** Today in the browser's calendar, YYYY-MM-DD (the default of date fields). */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

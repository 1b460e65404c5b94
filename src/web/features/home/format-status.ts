import { intlLocale } from '../../lib/language.ts';

const UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

function formatUnit(value: number, unit: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(value);
}

/**
 * Uptime as words in the given language, e.g. "2 Tage, 3 Stunden und 4 Minuten";
 * below one minute in seconds. At most the three largest units.
 */
export function formatUptime(totalSeconds: number, language: string): string {
  const locale = intlLocale(language);
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return formatUnit(seconds, 'second', locale);
  let rest = seconds;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(formatUnit(count, unit, locale));
  }
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(parts);
}

/** Date and time in the language's locale (de-DE / en-GB), in the browser's time zone. */
export function formatDateTime(iso: string, language: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'long', timeStyle: 'medium', timeZone }).format(
    new Date(iso),
  );
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(intlLocale(language)).format(value);
}

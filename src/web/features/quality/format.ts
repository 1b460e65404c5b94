// Numbers and dates of the quality pages in the interface language (de-DE by default).
import type { TFunction } from 'i18next';

export function localeOf(language: string): string {
  return language.startsWith('en') ? 'en-GB' : 'de-DE';
}

/** A calendar day (YYYY-MM-DD) as the interface shows it. */
export function formatDay(day: string | null, language: string): string {
  if (day === null) return '';
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, date)),
  );
}

export function formatNumber(value: number, language: string, digits = 0): string {
  return new Intl.NumberFormat(localeOf(language), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A share 0…1 as a percentage, or the "not shown" mark when it is suppressed. */
export function formatRate(value: number | null, t: TFunction, language: string): string {
  if (value === null) return t('quality.common.notShown');
  return t('quality.indicators.rate', { value: formatNumber(value * 100, language, 0) });
}

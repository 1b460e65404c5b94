import { intlLocale } from '../../lib/language.ts';

/** Date and time of an entry in the user's local time zone, e.g. "29.11.2026, 14:03:12" (de-DE). */
export function formatEntryTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(iso),
  );
}

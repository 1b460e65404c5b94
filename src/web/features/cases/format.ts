// How case data is shown and entered: calendar dates and instants in the UI language, local date and time
// fields to an instant, names. Pure: no I/O, no React (the clock is passed in).
import { intlLocale } from '../../lib/language.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (YYYY-MM-DD) as "03.07.2026" / "03/07/2026"; never shifted by the time zone. */
export function formatDate(iso: string | null | undefined, language: string): string {
  const match = iso ? ISO_DATE.exec(iso) : null;
  if (!match) return '';
  return new Intl.DateTimeFormat(intlLocale(language), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
}

/** An instant as date and time in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(language), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** The calendar day of an instant in the browser's time zone, as YYYY-MM-DD (for date fields and "today"). */
export function localDateOf(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** The local time of day of an instant, as HH:MM (for time fields). */
export function localTimeOf(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** Whether a date field's value is a real calendar date (2026-02-30 is not). */
export function isCalendarDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * A date and a time entered in the browser's time zone, as an ISO instant with that zone's offset
 * ("2026-03-02T14:30:00+01:00"), or null when either is not valid. The offset is the one in force at that
 * moment (summer or winter time), so that the server stores the instant the user meant.
 */
export function toOffsetDateTime(date: string, time: string): string | null {
  if (!isCalendarDate(date)) return null;
  const clock = /^(\d{2}):(\d{2})$/.exec(time);
  if (!clock) return null;
  const [hours, minutes] = [Number(clock[1]), Number(clock[2])];
  if (hours > 23 || minutes > 59) return null;
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const local = new Date(year, month - 1, day, hours, minutes);
  const offsetMinutes = -local.getTimezoneOffset();
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const absolute = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date}T${time}:00${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** "Family name, given names" as lists sort it; the family name alone when there are no given names. */
export function listName(person: { familyName: string; givenNames: string }): string {
  return person.givenNames.trim() ? `${person.familyName}, ${person.givenNames}` : person.familyName;
}

/** "Given names Family name" as a heading says it. */
export function displayName(person: { familyName: string; givenNames: string }): string {
  return [person.givenNames.trim(), person.familyName].filter(Boolean).join(' ');
}

/** A file size in the UI language: bytes, KB or MB (decimal units, as file managers show them). */
export function formatFileSize(bytes: number, language: string): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(intlLocale(language), { maximumFractionDigits: digits }).format(value);
  if (bytes < 1000) return `${number(bytes, 0)} B`;
  if (bytes < 1_000_000) return `${number(bytes / 1000, 1)} KB`;
  return `${number(bytes / 1_000_000, 1)} MB`;
}

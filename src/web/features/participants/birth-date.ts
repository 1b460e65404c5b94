// A date of birth with its precision: refugees often know only the year or the month of their birth. The
// API stores the first day of the known period with the precision; the form asks for just what is known.
// Pure: no I/O, no React.
import type { BirthDatePrecision } from '../../../participants/participant.codes.ts';

export interface BirthDateInput {
  /** '' = no date of birth known at all. */
  precision: BirthDatePrecision | '';
  /** YYYY-MM-DD, from the date field (precision day). */
  day: string;
  /** 1–12 as text, from the month select (precision month). */
  month: string;
  /** Four digits as typed (precision month or year). */
  year: string;
}

export const EMPTY_BIRTH_DATE: BirthDateInput = { precision: '', day: '', month: '', year: '' };

export type BirthDateProblem = 'birthDateRequired' | 'birthMonthRequired' | 'birthYearInvalid' | 'birthDateInvalid';

export type BirthDateValue =
  | { ok: true; birthDate: string | null; birthDatePrecision: BirthDatePrecision | null }
  | { ok: false; problem: BirthDateProblem };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** What the API expects: the first day of the known period and the precision; or nothing. */
export function toBirthDate(input: BirthDateInput): BirthDateValue {
  if (input.precision === '') return { ok: true, birthDate: null, birthDatePrecision: null };
  if (input.precision === 'day') {
    if (input.day.trim() === '') return { ok: false, problem: 'birthDateRequired' };
    return realDate(input.day.trim())
      ? { ok: true, birthDate: input.day.trim(), birthDatePrecision: 'day' }
      : { ok: false, problem: 'birthDateInvalid' };
  }
  const year = input.year.trim();
  if (!/^\d{4}$/.test(year) || Number(year) < 1900) return { ok: false, problem: 'birthYearInvalid' };
  if (input.precision === 'year') return { ok: true, birthDate: `${year}-01-01`, birthDatePrecision: 'year' };
  const month = Number(input.month);
  if (!Number.isInteger(month) || month < 1 || month > 12) return { ok: false, problem: 'birthMonthRequired' };
  return { ok: true, birthDate: `${year}-${String(month).padStart(2, '0')}-01`, birthDatePrecision: 'month' };
}

/** The form's fields for a stored date of birth. */
export function fromBirthDate(birthDate: string | null, precision: BirthDatePrecision | null): BirthDateInput {
  const match = birthDate ? ISO_DATE.exec(birthDate) : null;
  if (!match || !precision) return EMPTY_BIRTH_DATE;
  return {
    precision,
    day: precision === 'day' ? (birthDate ?? '') : '',
    month: precision === 'month' ? String(Number(match[2])) : '',
    year: precision === 'day' ? '' : (match[1] ?? ''),
  };
}

/**
 * A date of birth as precise as it is known: "03.07.1999" (de) / "03/07/1999" (en) to the day,
 * "07/1999" to the month, "1999" to the year; null when none is known.
 */
export function formatBirthDate(
  birthDate: string | null,
  precision: BirthDatePrecision | null,
  locale: string,
): string | null {
  const match = birthDate ? ISO_DATE.exec(birthDate) : null;
  if (!match || !precision) return null;
  const [, year, month, day] = match;
  if (precision === 'year') return year ?? null;
  if (precision === 'month') return `${month}/${year}`;
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

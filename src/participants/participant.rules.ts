// Rules of the participant record that need more than the shape of one field: dates against today, a birth
// date with its precision, code combinations. Pure; every problem is reported with its field, all at once.
import type { BenefitKind, BirthDatePrecision } from './participant.codes.ts';

export interface RuleProblem {
  field: string;
  code: string;
  message: string;
}

/** The earliest birth year accepted: older entries are typing errors, not participants. */
export const EARLIEST_BIRTH_YEAR = 1900;

/** A date known only to the month or year is stored as the first day of it. */
export function normaliseBirthDate(date: string, precision: BirthDatePrecision): string {
  if (precision === 'year') return `${date.slice(0, 4)}-01-01`;
  if (precision === 'month') return `${date.slice(0, 7)}-01`;
  return date;
}

const PRECISION_RANK: Record<BirthDatePrecision, number> = { year: 0, month: 1, day: 2 };

export interface BirthDateInput {
  /** undefined = not part of the input. */
  birthDate?: string | null | undefined;
  birthDatePrecision?: BirthDatePrecision | null | undefined;
}

/**
 * Checks a birth date with its precision as entered and returns the values to store. A new date always
 * comes with its precision (so that a day is never cut off unnoticed); clearing the date clears the
 * precision; a new precision alone applies to the stored date.
 */
export function resolveBirthDate(
  input: BirthDateInput,
  stored: { birthDate: string | null; birthDatePrecision: BirthDatePrecision | null },
  today: string,
): { birthDate: string | null; birthDatePrecision: BirthDatePrecision | null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  let birthDate = input.birthDate === undefined ? stored.birthDate : input.birthDate;
  let precision = input.birthDatePrecision === undefined ? stored.birthDatePrecision : input.birthDatePrecision;
  if (input.birthDate === null) {
    if (input.birthDatePrecision != null) {
      problems.push({ field: 'birthDatePrecision', code: 'not_allowed', message: 'only with a birth date' });
    }
    precision = null;
  } else if (input.birthDate !== undefined && input.birthDatePrecision == null) {
    problems.push({
      field: 'birthDatePrecision',
      code: 'required',
      message: 'say whether the day, only the month or only the year is known',
    });
  } else if (birthDate === null && precision !== null) {
    problems.push({ field: 'birthDatePrecision', code: 'not_allowed', message: 'only with a birth date' });
  } else if (birthDate !== null && precision === null) {
    // Clearing only the precision of a stored date (found by the API fuzzer: the database refused it, a 500).
    problems.push({
      field: 'birthDatePrecision',
      code: 'required',
      message: 'a birth date keeps its precision; clear the birth date to clear both',
    });
  } else if (
    input.birthDate === undefined &&
    input.birthDatePrecision != null &&
    stored.birthDatePrecision !== null &&
    PRECISION_RANK[input.birthDatePrecision] > PRECISION_RANK[stored.birthDatePrecision]
  ) {
    // A finer precision needs the finer date: the stored first day of the month/year is not the birthday.
    problems.push({ field: 'birthDate', code: 'required', message: 'give the date that is now known more precisely' });
  }
  if (birthDate !== null && input.birthDate !== undefined) {
    if (birthDate > today) {
      problems.push({ field: 'birthDate', code: 'in_future', message: 'a date of birth cannot be in the future' });
    } else if (Number(birthDate.slice(0, 4)) < EARLIEST_BIRTH_YEAR) {
      problems.push({ field: 'birthDate', code: 'too_early', message: `not before ${EARLIEST_BIRTH_YEAR}` });
    }
  }
  if (birthDate !== null && precision !== null) birthDate = normaliseBirthDate(birthDate, precision);
  if (birthDate === null) precision = null;
  return { birthDate, birthDatePrecision: precision, problems };
}

/** "none" says that the person receives no benefits; it cannot stand next to a benefit. */
export function benefitProblems(benefits: readonly BenefitKind[] | undefined): RuleProblem[] {
  if (benefits?.includes('none') && benefits.length > 1) {
    return [{ field: 'benefits', code: 'contradiction', message: '"none" cannot be combined with a benefit' }];
  }
  return [];
}

/** A date that records something that happened (evidence, consent, revocation) is not in the future. */
export function notInFuture(field: string, date: string | null | undefined, today: string): RuleProblem[] {
  if (date != null && date > today) {
    return [{ field, code: 'in_future', message: 'this date lies in the future' }];
  }
  return [];
}

/** Names of the fields whose values differ (for the audit log: names only, never values). */
export function changedFields<T extends object>(before: T, after: Partial<T>): string[] {
  return (Object.keys(after) as (keyof T & string)[])
    .filter((key) => after[key] !== undefined && !sameValue(before[key], after[key]))
    .sort();
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, i) => value === b[i]);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return a === b;
}

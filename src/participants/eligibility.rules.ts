import type { EligibilityOutcome } from '../cases/case.codes.ts';
import {
  residenceStatuses,
  type Accommodation,
  type BirthDatePrecision,
  type ResidenceStatus,
  type Strand,
  type WorkPermission,
} from './participant.codes.ts';
import type { EligibilityPolicy } from './programme-policy.ts';

// Eligibility for a programme (domain.md section 3) as a pure function of (person, policy, strand, date).
// It is total: whatever the data look like (half-known birth dates, gaps in the status history, even
// malformed date strings), it returns a decision and never throws, because it runs at intake and on every
// change of a record, where an exception would block case work. Every rule always reports a reason, met
// ones included, so the UI can show the whole check and the case can keep it as evidence.

export type { EligibilityOutcome };

export interface EligibilityPerson {
  /** 'YYYY-MM-DD'; the first day of the month/year when only those are known. */
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
  residenceStatuses: readonly { status: ResidenceStatus; validFrom: string; validTo: string | null }[];
  accommodation: Accommodation;
  workPermission: WorkPermission;
  excludedOffender: boolean;
}

/** A documented, justified exception; the guideline allows it for the age only (see evaluateAge). */
export interface EligibilityException {
  justification: string;
}

export type EligibilityRule =
  | 'evaluation_date'
  | 'age'
  | 'birth_date_unknown'
  | 'residence_status'
  | 'state_reception_facility'
  | 'offender'
  | 'work_ban';

/**
 * met: the rule is fulfilled; not_met: it excludes the person; excepted: not fulfilled but lifted by a
 * justified exception; uncertain: the data do not decide it and staff should verify (never excludes).
 */
export type EligibilityEffect = 'met' | 'not_met' | 'excepted' | 'uncertain';

export interface EligibilityReason {
  rule: EligibilityRule;
  effect: EligibilityEffect;
  /** Machine code for i18n, e.g. 'age.too_old'. */
  code: string;
  /** Values for the message, e.g. { age: 28, maxAge: 27 }; never names or free text. */
  params: Record<string, string | number>;
}

export interface EligibilityDecision {
  outcome: EligibilityOutcome;
  reasons: EligibilityReason[];
  evaluatedOn: string;
  strand: Strand;
  programme: string;
}

// --- Calendar dates without time zones: 'YYYY-MM-DD' strings and their parts. ---

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** A real calendar date in 'YYYY-MM-DD' form (year 0001–9999), or null for anything else. */
export function parseIsoDate(value: unknown): CalendarDate | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * Completed years of life on a date. A person is N from the N-th birthday on (§§ 187 (2), 188 (2) BGB);
 * someone born on 29 February becomes a year older on 1 March in non-leap years (§ 188 (3) BGB), which the
 * month/day comparison gives without a special case.
 */
export function completedYears(birth: CalendarDate, on: CalendarDate): number {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  return on.year - birth.year - (beforeBirthday ? 1 : 0);
}

/** The earliest and latest possible date of birth for a date known to the given precision. */
export function possibleBirthDates(
  date: CalendarDate,
  precision: BirthDatePrecision | null,
): { earliest: CalendarDate; latest: CalendarDate } {
  switch (precision) {
    case 'day':
    case null:
      // A date without a precision is taken as recorded (the database never stores one without the other).
      return { earliest: date, latest: date };
    case 'month':
      return {
        earliest: { year: date.year, month: date.month, day: 1 },
        latest: { year: date.year, month: date.month, day: daysInMonth(date.year, date.month) },
      };
    default:
      // 'year', and the least precise reading of anything unexpected.
      return { earliest: { year: date.year, month: 1, day: 1 }, latest: { year: date.year, month: 12, day: 31 } };
  }
}

// --- The rules ---

function reason(
  rule: EligibilityRule,
  effect: EligibilityEffect,
  code: string,
  params: Record<string, string | number> = {},
): EligibilityReason {
  return { rule, effect, code, params };
}

function hasJustification(exception: EligibilityException | null | undefined): boolean {
  return typeof exception?.justification === 'string' && exception.justification.trim().length > 0;
}

// Age: "as a rule 18, not older than 27" at the date, i.e. from the 18th birthday through the day before
// the 28th. The guideline allows "younger or older only as a documented, justified exception", so an
// exception lifts the age rule and nothing else: residence status, the exclusions and the FB2 work ban are
// conditions of the funding itself, which no case worker may waive.
//
// Half-known birth dates: we compute the range of ages the person may have on the date. All of them in
// range → met; none → not_met (the exception may lift it). Some in range → 'uncertain': the outcome stays
// eligible (benefit of the doubt; refugees often cannot prove their date of birth, and refusing them for a
// gap in their papers would turn a data problem into an exclusion), but the reason asks staff to verify.
function evaluateAge(
  person: EligibilityPerson,
  policy: EligibilityPolicy,
  on: CalendarDate,
  exception: EligibilityException | null | undefined,
): EligibilityReason {
  const birth = parseIsoDate(person.birthDate);
  if (!birth) {
    return reason(
      'birth_date_unknown',
      'uncertain',
      person.birthDate === null ? 'birth_date.unknown' : 'birth_date.invalid',
    );
  }
  const { earliest, latest } = possibleBirthDates(birth, person.birthDatePrecision);
  const oldest = completedYears(earliest, on);
  const youngest = completedYears(latest, on);
  const limits = { minAge: policy.minAge, maxAge: policy.maxAge };
  const ages: Record<string, string | number> =
    oldest === youngest
      ? { age: oldest }
      : { minPossibleAge: youngest, maxPossibleAge: oldest, precision: String(person.birthDatePrecision) };
  if (youngest >= policy.minAge && oldest <= policy.maxAge) {
    return reason('age', 'met', 'age.within_range', { ...ages, ...limits });
  }
  if (oldest < policy.minAge || youngest > policy.maxAge) {
    const code = oldest < policy.minAge ? 'age.too_young' : 'age.too_old';
    if (hasJustification(exception)) return reason('age', 'excepted', code, { ...ages, ...limits });
    const rejected: Record<string, string> = exception ? { exception: 'justification_missing' } : {};
    return reason('age', 'not_met', code, { ...ages, ...limits, ...rejected });
  }
  return reason('age', 'uncertain', 'age.uncertain', { ...ages, ...limits });
}

interface DatedStatus {
  status: ResidenceStatus;
  validFrom: CalendarDate;
  validTo: CalendarDate | null;
  index: number;
}

/**
 * The status valid on the date: validFrom ≤ date ≤ validTo (or open-ended). Where several overlap, the
 * latest validFrom wins (a new document supersedes the old one before its end date); on a tie the
 * open-ended or later-ending one, then the order of the code list, so the input order never matters.
 * Entries with malformed dates cannot be placed in time and are ignored.
 */
export function statusOn(
  statuses: EligibilityPerson['residenceStatuses'],
  on: CalendarDate,
): { status: ResidenceStatus; validFrom: string } | null {
  const valid: DatedStatus[] = [];
  for (const entry of statuses) {
    const validFrom = parseIsoDate(entry.validFrom);
    const validTo = entry.validTo === null ? null : parseIsoDate(entry.validTo);
    if (!validFrom || (entry.validTo !== null && !validTo)) continue;
    if (compareDates(validFrom, on) > 0 || (validTo && compareDates(on, validTo) > 0)) continue;
    valid.push({ status: entry.status, validFrom, validTo, index: statusRank(entry.status) });
  }
  valid.sort(
    (a, b) =>
      compareDates(b.validFrom, a.validFrom) ||
      (a.validTo === null
        ? b.validTo === null
          ? 0
          : -1
        : b.validTo === null
          ? 1
          : compareDates(b.validTo, a.validTo)) ||
      a.index - b.index ||
      (a.status < b.status ? -1 : a.status > b.status ? 1 : 0),
  );
  const current = valid[0];
  return current ? { status: current.status, validFrom: formatIsoDate(current.validFrom) } : null;
}

function statusRank(status: ResidenceStatus): number {
  const rank = residenceStatuses.indexOf(status);
  return rank === -1 ? residenceStatuses.length : rank;
}

function evaluateResidenceStatus(
  person: EligibilityPerson,
  policy: EligibilityPolicy,
  on: CalendarDate,
): EligibilityReason {
  const current = statusOn(person.residenceStatuses, on);
  if (!current) return reason('residence_status', 'not_met', 'residence_status.none');
  const params = { status: current.status, validFrom: current.validFrom };
  return policy.admittedStatuses.includes(current.status)
    ? reason('residence_status', 'met', 'residence_status.admitted', params)
    : reason('residence_status', 'not_met', 'residence_status.not_admitted', params);
}

function evaluateStateReceptionFacility(person: EligibilityPerson, policy: EligibilityPolicy): EligibilityReason {
  const rule = 'state_reception_facility';
  if (!policy.excludeStateReceptionFacility) return reason(rule, 'met', `${rule}.not_applicable`);
  if (person.accommodation === 'state_reception_facility') return reason(rule, 'not_met', `${rule}.resident`);
  // Unknown accommodation does not exclude (benefit of the doubt) but asks staff to verify.
  if (person.accommodation === 'unknown') return reason(rule, 'uncertain', `${rule}.unknown`);
  return reason(rule, 'met', `${rule}.not_resident`);
}

function evaluateOffender(person: EligibilityPerson, policy: EligibilityPolicy): EligibilityReason {
  if (!policy.excludeOffenders) return reason('offender', 'met', 'offender.not_applicable');
  return person.excludedOffender === true
    ? reason('offender', 'not_met', 'offender.excluded')
    : reason('offender', 'met', 'offender.not_excluded');
}

function evaluateWorkBan(person: EligibilityPerson, policy: EligibilityPolicy, strand: Strand): EligibilityReason {
  const params = { strand: String(strand) };
  // An unknown strand has no policy entry: it excludes nothing rather than failing the whole decision.
  const strandPolicy = Object.hasOwn(policy.strands, strand) ? policy.strands[strand] : undefined;
  if (strandPolicy?.excludeWorkBan !== true) return reason('work_ban', 'met', 'work_ban.not_applicable', params);
  switch (person.workPermission) {
    case 'banned':
      return reason('work_ban', 'not_met', 'work_ban.banned', params);
    case 'permitted':
    case 'permitted_with_approval':
      return reason('work_ban', 'met', 'work_ban.permitted', params);
    default:
      return reason('work_ban', 'uncertain', 'work_ban.unknown', params);
  }
}

function outcomeOf(reasons: readonly EligibilityReason[]): EligibilityOutcome {
  if (reasons.some((item) => item.effect === 'not_met')) return 'not_eligible';
  if (reasons.some((item) => item.effect === 'excepted')) return 'eligible_by_exception';
  return 'eligible';
}

export function evaluateEligibility(input: {
  person: EligibilityPerson;
  policy: EligibilityPolicy;
  strand: Strand;
  on: string;
  exception?: EligibilityException | null;
}): EligibilityDecision {
  const { person, policy, strand, exception } = input;
  const on = parseIsoDate(input.on);
  const reasons: EligibilityReason[] = [];
  if (on) {
    reasons.push(evaluateAge(person, policy, on, exception), evaluateResidenceStatus(person, policy, on));
  } else {
    // Without a valid date nothing time-dependent can be decided, and eligibility is never granted blind.
    reasons.push(
      reason('evaluation_date', 'not_met', 'evaluation_date.invalid'),
      reason('age', 'uncertain', 'age.not_evaluable'),
      reason('residence_status', 'uncertain', 'residence_status.not_evaluable'),
    );
  }
  reasons.push(
    evaluateStateReceptionFacility(person, policy),
    evaluateOffender(person, policy),
    evaluateWorkBan(person, policy, strand),
  );
  return {
    outcome: outcomeOf(reasons),
    reasons,
    evaluatedOn: input.on,
    strand,
    programme: policy.programme,
  };
}

/** True when a person who was eligible (or admitted by exception) no longer is: the case gets a warning. */
export function eligibilityLost(previous: EligibilityOutcome | null, next: EligibilityOutcome): boolean {
  return (previous === 'eligible' || previous === 'eligible_by_exception') && next === 'not_eligible';
}

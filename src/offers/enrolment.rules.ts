// Rules of enrolments, pure: the status changes, what an enrolment must and may hold in each status, and who
// is next on the waiting list. The service applies them inside the transaction that holds the offer's lock.
//
// Waiting list: when a seat frees (drop-out, completion, not started, capacity raised), it is NOT given away
// automatically. The first waiting people (as many as seats are free) are marked "seat available", and a case
// worker or the provider activates them. Why: a seat given automatically would record a person as active in a
// course they may no longer be able to attend (moved, found work, the start is weeks later), and the measure-
// career detector and the attendance figures would count a measure that never happened. Activation is
// first come, first served: only someone among the first `free` places of the queue may take a seat.
import type { RuleProblem } from '../participants/participant.rules.ts';
import type { DropoutReason, EnrolmentStatus, ExamResult } from './offer.codes.ts';
import type { CefrLevel, SchoolQualification } from '../participants/participant.codes.ts';

/** Where an enrolment may go from each status; the final ones may still be corrected (attendance, results). */
const transitions: Readonly<Record<EnrolmentStatus, readonly EnrolmentStatus[]>> = {
  // Off the list into a seat, or withdrawn before starting.
  waiting: ['active', 'not_started'],
  // Finished, broken off, or never actually came (frees the seat either way).
  active: ['completed', 'dropped_out', 'not_started'],
  // A completion recorded by mistake may be turned into the drop-out it was, and vice versa.
  completed: ['dropped_out'],
  dropped_out: ['completed'],
  not_started: [],
};

export function enrolmentTransitionProblem(from: EnrolmentStatus, to: EnrolmentStatus): RuleProblem | null {
  if (from === to || transitions[from].includes(to)) return null;
  return {
    field: 'status',
    code: 'invalid_transition',
    message:
      from === 'not_started'
        ? 'the person did not start this offer; enrol them again to give them a new place'
        : `an enrolment cannot go from ${from} to ${to}`,
  };
}

/** An enrolment as it would be stored after a change: the facts the rules look at. */
export interface EnrolmentState {
  status: EnrolmentStatus;
  referredOn: string;
  startsOn: string | null;
  endsOn: string | null;
  dropoutReason: DropoutReason | null;
  sessionsPlanned: number | null;
  sessionsAttended: number | null;
  hoursAttended: number | null;
  certificate: boolean;
  examResult: ExamResult | null;
  cefrLevelReached: CefrLevel | null;
  schoolQualificationReached: SchoolQualification | null;
  vocationalQualificationReached: boolean;
}

const ENDED: readonly EnrolmentStatus[] = ['completed', 'dropped_out'];
const STARTED: readonly EnrolmentStatus[] = ['active', 'completed', 'dropped_out'];

/** Whether an enrolment in this status records results (certificate, exam, levels, qualifications). */
export function holdsResults(status: EnrolmentStatus): boolean {
  return ENDED.includes(status);
}

/** Whether an enrolment in this status records attendance. */
export function holdsAttendance(status: EnrolmentStatus): boolean {
  return STARTED.includes(status);
}

function hasResults(state: EnrolmentState): boolean {
  return (
    state.certificate ||
    state.examResult !== null ||
    state.cefrLevelReached !== null ||
    state.schoolQualificationReached !== null ||
    state.vocationalQualificationReached
  );
}

function hasAttendance(state: EnrolmentState): boolean {
  return state.sessionsPlanned !== null || state.sessionsAttended !== null || state.hoursAttended !== null;
}

/** Every problem of an enrolment as it would be stored (field names as the API names them). */
export function enrolmentProblems(state: EnrolmentState): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (state.startsOn !== null && state.startsOn < state.referredOn) {
    problems.push({ field: 'startsOn', code: 'before_referral', message: 'cannot start before the referral' });
  }
  if (state.startsOn !== null && state.endsOn !== null && state.endsOn < state.startsOn) {
    problems.push({ field: 'endsOn', code: 'before_start', message: 'cannot end before it starts' });
  }
  if (STARTED.includes(state.status) && state.startsOn === null) {
    problems.push({ field: 'startsOn', code: 'required', message: `an enrolment that is ${state.status} has a start` });
  }
  if (ENDED.includes(state.status) && state.endsOn === null) {
    problems.push({ field: 'endsOn', code: 'required', message: `an enrolment that is ${state.status} has an end` });
  }
  if (state.status === 'dropped_out' && state.dropoutReason === null) {
    problems.push({ field: 'dropoutReason', code: 'required', message: 'a drop-out needs its reason' });
  }
  if (state.status !== 'dropped_out' && state.dropoutReason !== null) {
    problems.push({ field: 'dropoutReason', code: 'not_dropped_out', message: 'only a drop-out has a reason' });
  }
  if (!holdsResults(state.status) && hasResults(state)) {
    problems.push({
      field: 'results',
      code: 'not_ended',
      message: 'results are recorded when the enrolment is completed or dropped out',
    });
  }
  if (!holdsAttendance(state.status) && hasAttendance(state)) {
    problems.push({
      field: 'attendance',
      code: 'not_started',
      message: 'attendance is recorded once the person has started',
    });
  }
  if (
    state.sessionsAttended !== null &&
    state.sessionsPlanned !== null &&
    state.sessionsAttended > state.sessionsPlanned
  ) {
    problems.push({
      field: 'attendance.sessionsAttended',
      code: 'more_than_planned',
      message: 'more sessions attended than planned',
    });
  }
  return problems;
}

/**
 * Whether the waiting enrolment at `position` (1 = first in line) may take a seat now: only when a seat is free
 * for it, that is when fewer people are ahead of it than seats are free (first come, first served).
 * `freeSeats` null = the offer has no capacity limit.
 */
export function maySeat(position: number, freeSeats: number | null): boolean {
  return freeSeats === null || position <= freeSeats;
}

/** The later of two ISO dates. */
export function laterDate(a: string, b: string): string {
  return a > b ? a : b;
}

/** A change as requested: the fields given (undefined = unchanged), with the status it moves to. */
export interface EnrolmentChangeInput {
  status: EnrolmentStatus;
  startsOn?: string | null | undefined;
  endsOn?: string | null | undefined;
  dropoutReason?: DropoutReason | null | undefined;
  sessionsPlanned?: number | null | undefined;
  sessionsAttended?: number | null | undefined;
  hoursAttended?: number | null | undefined;
  certificate?: boolean | undefined;
  examResult?: ExamResult | null | undefined;
  cefrLevelReached?: CefrLevel | null | undefined;
  schoolQualificationReached?: SchoolQualification | null | undefined;
  vocationalQualificationReached?: boolean | undefined;
}

function given<T>(value: T | undefined, stored: T): T {
  return value === undefined ? stored : value;
}

/**
 * The enrolment after a change, with the dates a status change implies when none are given: taking a seat starts
 * it when the offer starts (today if the offer names no start), never before the referral; completing or dropping
 * out ends it today. Leaving dropped_out (a correction) drops the reason with it unless one is given.
 */
export function applyEnrolmentChange(
  before: EnrolmentState,
  change: EnrolmentChangeInput,
  context: { today: string; offerStartsOn: string | null },
): EnrolmentState {
  const { status } = change;
  const started = status === 'active' && before.status !== 'active';
  const ended = ENDED.includes(status) && status !== before.status;
  return {
    status,
    referredOn: before.referredOn,
    startsOn: given(
      change.startsOn,
      before.startsOn ?? (started ? laterDate(context.offerStartsOn ?? context.today, before.referredOn) : null),
    ),
    endsOn: given(change.endsOn, before.endsOn ?? (ended ? context.today : null)),
    dropoutReason: given(change.dropoutReason, status === 'dropped_out' ? before.dropoutReason : null),
    sessionsPlanned: given(change.sessionsPlanned, before.sessionsPlanned),
    sessionsAttended: given(change.sessionsAttended, before.sessionsAttended),
    hoursAttended: given(change.hoursAttended, before.hoursAttended),
    certificate: given(change.certificate, before.certificate),
    examResult: given(change.examResult, before.examResult),
    cefrLevelReached: given(change.cefrLevelReached, before.cefrLevelReached),
    schoolQualificationReached: given(change.schoolQualificationReached, before.schoolQualificationReached),
    vocationalQualificationReached: given(change.vocationalQualificationReached, before.vocationalQualificationReached),
  };
}

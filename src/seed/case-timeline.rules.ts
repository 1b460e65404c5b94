// When a synthetic case opens, has its intake, starts coaching and ends; and its follow-up. Durations follow
// reference-data.md: coaching 6–18 months (median 9), FB2 3–6, FB3 and courses (FB4) 10–12; participation
// management alone a few months (assumed); drop-outs end early. Nothing ends after the period: in the historical
// window cases still running on 30 Jun 2023 went over to KIM; in a later window (profile.openAt) they stay open.
// Pure.
import type { CaseOutcome } from '../cases/case.codes.ts';
import { addDays, addMonths, followUpDueOn } from '../cases/case.rules.ts';
import type { Strand } from '../participants/participant.codes.ts';
import type { Random } from './random.ts';
import { daysBetween, type PlannedParticipant } from './seed-plan.rules.ts';
import type { SeedProfile } from './seed.profiles.ts';

export interface CaseTimeline {
  openedOn: string;
  intakeOn: string | null;
  /** First coaching session (FB1 only). */
  coachingFrom: string | null;
  /** null while the case is still running on the day the data describe (profile.openAt). */
  exitedOn: string | null;
  /** The last day of the case's activity so far: its exit, or for an open case the day the data describe. */
  lastDay: string;
  /** Whether the natural end lay after the period and the case was cut at its end (or stays open). */
  cutAtPeriodEnd: boolean;
  followUpDueOn: string | null;
  followedUpOn: string | null;
  /** The day the data describe: nothing but due dates and document expiries lies after it. */
  recordedUntil: string;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

/** The natural length of the measures of these strands, as an end date from `from`. */
export function naturalEnd(strands: readonly Strand[], from: string, random: Random): string {
  const ends = strands.map((strand) => {
    switch (strand) {
      case 'FB1':
        // Half 6–9 months, half 9–18: median 9.
        return addDays(addMonths(from, random.chance(0.5) ? random.int(6, 8) : random.int(9, 17)), random.int(0, 29));
      case 'FB2':
        return addDays(addMonths(from, random.int(3, 5)), random.int(0, 29));
      case 'FB3':
      case 'FB4':
        return addDays(addMonths(from, random.int(10, 11)), random.int(0, 29));
      default:
        return addDays(addMonths(from, random.int(2, 7)), random.int(0, 29));
    }
  });
  return ends.sort().at(-1) ?? addMonths(from, 6);
}

const EARLY_ENDS: ReadonlySet<CaseOutcome> = new Set(['moved_away', 'departure', 'status_change', 'other']);

export function caseTimeline(profile: SeedProfile, planned: PlannedParticipant, random: Random): CaseTimeline {
  const { openedOn, strands, outcome } = planned;
  let end = naturalEnd(strands, openedOn, random);
  if (outcome === 'dropout') {
    end = minDate(end, addDays(addMonths(openedOn, random.int(1, 7)), random.int(0, 29)));
  } else if (EARLY_ENDS.has(outcome)) {
    end = addDays(openedOn, random.int(30, Math.max(30, daysBetween(openedOn, end))));
  }
  const cutAtPeriodEnd = outcome === 'handover_kim' || end > profile.periodEnd;
  // In a later window "handed over to KIM" stands for "still running": those cases and every one whose natural
  // end lies after the window's last day are open on that day.
  const open = profile.openAt !== null && cutAtPeriodEnd;
  const lastDay = cutAtPeriodEnd ? profile.periodEnd : end;
  const exitedOn = open ? null : lastDay;
  const span = daysBetween(openedOn, lastDay);
  // Most intakes within two weeks of opening; a few were never recorded.
  const intakeOn = random.chance(0.97) ? addDays(openedOn, random.int(0, Math.min(14, span))) : null;
  const coachingStart = intakeOn ?? openedOn;
  const coachingFrom = strands.includes('FB1')
    ? addDays(coachingStart, random.int(3, Math.max(3, Math.min(21, daysBetween(coachingStart, lastDay)))))
    : null;
  const due = exitedOn === null ? null : followUpDueOn(exitedOn);
  let followedUpOn: string | null = null;
  if (due !== null && random.chance(profile.followUpsDone)) {
    const on = addDays(due, random.int(-14, 45));
    // Historical: recorded until mid-2024, every follow-up was due by then. A later window ends "today": a
    // follow-up whose day has not come yet is still to do (due soon or overdue), not done in the future.
    if (profile.openAt === null) followedUpOn = minDate(profile.recordedUntil, on);
    else if (on <= profile.openAt) followedUpOn = on;
  }
  return {
    openedOn,
    intakeOn,
    coachingFrom: coachingFrom !== null && coachingFrom <= lastDay ? coachingFrom : null,
    exitedOn,
    lastDay,
    cutAtPeriodEnd,
    followUpDueOn: due,
    followedUpOn,
    recordedUntil: profile.openAt ?? profile.recordedUntil,
  };
}

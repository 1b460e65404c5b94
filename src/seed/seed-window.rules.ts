// The 34-month entry window of the demo data, named by its last month (`--until YYYY-MM`). 2023-06 is the
// historical window of DiAA (Sep 2020 – Jun 2023): every case closed, those still running went over to KIM,
// follow-ups recorded until mid-2024. Any later month shifts the same programme in time so that it ends in
// that month, and the last day of the month is "today" of the data: cases running then stay open — the demo
// shows the daily work of a caseload rather than an archive. Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import type { SeedProfile } from './seed.profiles.ts';

/** The last month of DiAA's entry window; the profiles' own dates describe it. */
export const HISTORICAL_UNTIL = '2023-06';
/** The entry window is always 34 months long, whichever month it ends in. */
export const WINDOW_MONTHS = 34;
/** A sanity bound: birth dates, statuses and texts describe people of this century. */
export const LATEST_UNTIL = '2099-12';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Why a `--until` value is refused, or null when it is a month from 2023-06 through 2099-12. */
export function untilProblem(until: string): string | null {
  if (!MONTH.test(until)) return 'a month as YYYY-MM';
  if (until < HISTORICAL_UNTIL || until > LATEST_UNTIL) {
    return `a month from ${HISTORICAL_UNTIL} (the end of DiAA) through ${LATEST_UNTIL}`;
  }
  return null;
}

/** The month a day falls in, in Köln (Europe/Berlin), as YYYY-MM: the demo's until-month for its clock. */
export function monthInKoeln(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, part) => ({ ...acc, [part.type]: part.value }), {});
  return `${parts.year}-${parts.month}`;
}

/** The profile for the window ending in `until`; the historical window returns the profile unchanged. */
export function profileUntil(profile: SeedProfile, until: string): SeedProfile {
  const problem = untilProblem(until);
  if (problem) throw new Error(`until: ${problem}`);
  if (until === HISTORICAL_UNTIL) return profile;
  const firstOfLast = `${until}-01`;
  const lastDay = addDays(addMonths(firstOfLast, 1), -1);
  return {
    ...profile,
    periodStart: addMonths(firstOfLast, -(WINDOW_MONTHS - 1)),
    periodEnd: lastDay,
    recordedUntil: lastDay,
    openAt: lastDay,
  };
}

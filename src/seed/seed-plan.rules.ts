// First pass of the generator, per site: the facts whose shares the profile fixes (entry dates, status at entry,
// gender, age band, German level, school, strands, exit outcome, restricted records, near-duplicates), drawn
// so that a site of n people matches the shares as closely as whole numbers allow. The second pass
// (participant-generator.rules.ts) turns each plan into a full record. Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import { placementOutcomes, type CaseOutcome } from '../cases/case.codes.ts';
import type { CefrLevel, Strand } from '../participants/participant.codes.ts';
import { apportion, type Random, type Weighted } from './random.ts';
import type { AgeBand, EntryStatus, SchoolAtEntry, SeedProfile, StrandKey } from './seed.profiles.ts';

export interface PlannedParticipant {
  seq: number;
  openedOn: string;
  entryStatus: EntryStatus;
  gender: 'male' | 'female' | 'diverse';
  ageBand: AgeBand;
  /** Age at entry outside the rule (17 or 28), admitted as a documented exception; null as a rule. */
  exceptionAge: 17 | 28 | null;
  german: CefrLevel;
  school: SchoolAtEntry;
  strands: Strand[];
  outcome: CaseOutcome;
  restricted: boolean;
  /** For a near-duplicate: the seq of the earlier record of the same person. */
  duplicateOf: number | null;
}

const STRAND_KEYS: readonly StrandKey[] = ['FB1', 'FB2', 'FB3', 'FB4'];

/** The first day of each month from start through end, as 'YYYY-MM-01'. */
export function monthsBetween(start: string, end: string): string[] {
  const months: string[] = [];
  let year = Number(start.slice(0, 4));
  let month = Number(start.slice(5, 7));
  const last = end.slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(`${key}-01`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

function lastDayOfMonth(firstDay: string): string {
  return addDays(addMonths(firstDay, 1), -1);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Opening days: months weighted 2 during the start-up, 1 after; working days only; ascending. */
export function entryDates(profile: SeedProfile, count: number, random: Random): string[] {
  const months = monthsBetween(profile.periodStart, profile.periodEnd);
  const counts = apportion(
    count,
    months.map((_, index) => (index < profile.startUpMonths ? 2 : 1)),
  );
  const dates: string[] = [];
  months.forEach((first, index) => {
    const last = lastDayOfMonth(first) < profile.periodEnd ? lastDayOfMonth(first) : profile.periodEnd;
    const span = daysBetween(first, last);
    for (let n = 0; n < (counts[index] ?? 0); n += 1) {
      const day = addDays(first, random.int(0, span));
      // Cases are opened on working days: a weekend day moves to the Friday before, or to the Monday after
      // when that Friday is in the month before.
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      if (weekday === 6 || weekday === 0) {
        const friday = addDays(day, weekday === 6 ? -1 : -2);
        dates.push(friday >= first ? friday : addDays(day, weekday === 6 ? 2 : 1));
      } else {
        dates.push(day);
      }
    }
  });
  return dates.sort();
}

/**
 * Probabilities of the combinations of FB1–FB4 for people who take at least one of them, such that each
 * strand's share among them is `targets[strand]`. Independent draws with probability q_i, conditioned on
 * "at least one", give shares q_i / s with s = 1 − Π(1 − q_j); with q_i = t_i·s that is t_i when
 * s = 1 − Π(1 − t_j·s), solved by bisection.
 */
export function strandCombinations(targets: Readonly<Record<StrandKey, number>>): Weighted<StrandKey[]> {
  const t = STRAND_KEYS.map((key) => targets[key]);
  const gap = (s: number) => 1 - t.reduce((product, ti) => product * (1 - ti * s), 1) - s;
  let low = 1e-9;
  let high = Math.min(1, ...t.map((ti) => (ti > 0 ? 1 / ti : 1)));
  for (let i = 0; i < 100; i += 1) {
    const mid = (low + high) / 2;
    if (gap(mid) > 0) low = mid;
    else high = mid;
  }
  const q = t.map((ti) => ti * low);
  const combinations: [StrandKey[], number][] = [];
  for (let mask = 1; mask < 1 << STRAND_KEYS.length; mask += 1) {
    let probability = 1;
    const chosen: StrandKey[] = [];
    STRAND_KEYS.forEach((key, index) => {
      const qi = q[index] ?? 0;
      if (mask & (1 << index)) {
        probability *= qi;
        chosen.push(key);
      } else probability *= 1 - qi;
    });
    combinations.push([chosen, probability]);
  }
  return combinations;
}

const LOW_SCHOOL: ReadonlySet<SchoolAtEntry> = new Set(['none', 'unrecognised']);

/**
 * School at entry for people in FB3 (Hauptschulabschluss courses) is always "none or unrecognised"; for the
 * others the weights are rescaled so that the overall shares stay those of the profile.
 */
export function schoolWeights(profile: SeedProfile, inFb3: boolean, fb3Share: number): Weighted<SchoolAtEntry> {
  const low = profile.schoolAtEntry.filter(([value]) => LOW_SCHOOL.has(value));
  if (inFb3) return low;
  const total = profile.schoolAtEntry.reduce((sum, [, w]) => sum + w, 0);
  const lowTotal = low.reduce((sum, [, w]) => sum + w, 0);
  const lowShare = lowTotal / total;
  const lowShareOfOthers = Math.max(0, (lowShare - fb3Share) / (1 - fb3Share));
  return profile.schoolAtEntry.map(([value, weight]) =>
    LOW_SCHOOL.has(value)
      ? [value, (weight / lowTotal) * lowShareOfOthers]
      : [value, (weight / (total - lowTotal)) * (1 - lowShareOfOthers)],
  );
}

const PLACEMENTS: ReadonlySet<CaseOutcome> = new Set(placementOutcomes);

/** Whether an exit outcome fits a person's strands and the time left until the end of the period. */
export function outcomeFits(
  outcome: CaseOutcome,
  facts: { openedOn: string; strands: readonly Strand[] },
  periodEnd: string,
): boolean {
  const daysLeft = daysBetween(facts.openedOn, periodEnd);
  if (PLACEMENTS.has(outcome)) return daysLeft >= 150;
  switch (outcome) {
    case 'school_certificate':
      return facts.strands.includes('FB3') && daysLeft >= 300;
    case 'language_certificate':
      return (facts.strands.includes('FB4') || facts.strands.includes('FB2')) && daysLeft >= 180;
    case 'handover_kim':
      // Cases still running when DiAA ended on 30 Jun 2023; those opened long before would have ended.
      return daysLeft <= 548;
    default:
      return true;
  }
}

/**
 * Moves outcomes between people (keeping every outcome's count) until each fits its person, as far as some
 * partner allows: e.g. a school certificate goes to someone in FB3, a placement to someone with time for it.
 */
export function matchOutcomes(planned: PlannedParticipant[], periodEnd: string, random: Random): void {
  const fits = (index: number, outcome: CaseOutcome) => {
    const person = planned[index];
    return person !== undefined && outcomeFits(outcome, person, periodEnd);
  };
  for (let i = 0; i < planned.length; i += 1) {
    const person = planned[i];
    if (!person || fits(i, person.outcome)) continue;
    for (let attempt = 0; attempt < 400; attempt += 1) {
      const j = random.int(0, planned.length - 1);
      const other = planned[j];
      if (!other || j === i) continue;
      if (fits(i, other.outcome) && fits(j, person.outcome)) {
        [person.outcome, other.outcome] = [other.outcome, person.outcome];
        break;
      }
    }
  }
}

function nearDuplicates(count: number, share: number, random: Random): Map<number, number> {
  const duplicates = new Map<number, number>();
  if (count < 40) return duplicates;
  const wanted = Math.max(1, Math.round(count * share));
  const used = new Set<number>();
  // The second record is made by a later intake: j in the later three quarters, i any earlier person.
  for (let attempt = 0; duplicates.size < wanted && attempt < wanted * 50; attempt += 1) {
    const j = random.int(Math.floor(count / 4), count - 1);
    const i = random.int(0, j - 1);
    if (used.has(i) || used.has(j)) continue;
    used.add(i);
    used.add(j);
    duplicates.set(j, i);
  }
  return duplicates;
}

/** The plan of one site: `count` people in order of their opening day. */
export function planSite(profile: SeedProfile, count: number, random: Random): PlannedParticipant[] {
  const dates = entryDates(profile, count, random);
  const statuses = random.bag(count, profile.statusAtEntry);
  const genders = random.bag(count, profile.gender);
  const ages = random.bag(count, profile.ageAtEntry);
  const german = random.bag(count, profile.germanAtEntry);
  // Placements first as one group, so that their total is exact (Köln: 117 of 508), then split by outcome.
  const isPlacement = (outcome: CaseOutcome) => PLACEMENTS.has(outcome);
  const [placed = 0] = apportion(count, [
    profile.outcomes.filter(([o]) => isPlacement(o)).reduce((sum, [, w]) => sum + w, 0),
    profile.outcomes.filter(([o]) => !isPlacement(o)).reduce((sum, [, w]) => sum + w, 0),
  ]);
  const outcomes = random.shuffle([
    ...random.bag(
      placed,
      profile.outcomes.filter(([o]) => isPlacement(o)),
    ),
    ...random.bag(
      count - placed,
      profile.outcomes.filter(([o]) => !isPlacement(o)),
    ),
  ]);
  const restricted = random.bag(count, [
    [true, profile.restrictedShare],
    [false, 1 - profile.restrictedShare],
  ]);
  const pmOnly = random.bag(count, [
    [true, profile.participationManagementOnly],
    [false, 1 - profile.participationManagementOnly],
  ]);
  const others = 1 - profile.participationManagementOnly;
  const targets = Object.fromEntries(STRAND_KEYS.map((key) => [key, profile.strandUptake[key] / others])) as Record<
    StrandKey,
    number
  >;
  const combos = random.bag(pmOnly.filter((only) => !only).length, strandCombinations(targets));
  const duplicates = nearDuplicates(count, profile.nearDuplicateShare, random);
  let comboIndex = 0;
  const planned: PlannedParticipant[] = dates.map((openedOn, seq) => {
    const strands: Strand[] = pmOnly[seq] ? ['FB6'] : [...(combos[comboIndex++] ?? ['FB1'])];
    const exception = random.chance(profile.ageExceptionShare) ? (random.chance(0.5) ? 17 : 28) : null;
    return {
      seq,
      openedOn,
      entryStatus: statuses[seq] ?? '60a',
      gender: genders[seq] ?? 'male',
      ageBand: ages[seq] ?? '21-23',
      exceptionAge: exception,
      german: german[seq] ?? 'A2',
      school: random.weighted(schoolWeights(profile, strands.includes('FB3'), profile.strandUptake.FB3)),
      strands,
      outcome: outcomes[seq] ?? 'dropout',
      restricted: restricted[seq] ?? false,
      duplicateOf: duplicates.get(seq) ?? null,
    };
  });
  matchOutcomes(planned, profile.periodEnd, random);
  return planned;
}

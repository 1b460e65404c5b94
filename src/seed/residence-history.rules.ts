// The residence status history of a synthetic participant: the asylum procedure and the Duldung of the right
// paragraph before entry; rejections, training and employment tolerations, § 25a/25b, § 104c and status changes
// after. Periods never overlap: each new status ends the one before on the day before. Pure.
import { addDays, addMonths } from '../cases/case.rules.ts';
import { legalParagraphOf, type ResidenceStatus } from '../participants/participant.codes.ts';
import type { CaseTimeline } from './case-timeline.rules.ts';
import type { Identity } from './identity.rules.ts';
import type { Random } from './random.ts';
import { daysBetween, type PlannedParticipant } from './seed-plan.rules.ts';
import type { GeneratedStatus } from './seed.model.ts';
import type { SeedProfile } from './seed.profiles.ts';

const DULDUNG: ReadonlySet<ResidenceStatus> = new Set([
  'toleration_60a',
  'toleration_60b',
  'toleration_60c',
  'toleration_60d',
]);

function status(value: ResidenceStatus, validFrom: string, notes: string | null = null): GeneratedStatus {
  return {
    status: value,
    legalParagraph: legalParagraphOf[value] || null,
    validFrom,
    validTo: null,
    documentExpiry: null,
    notes,
  };
}

/** Appends a status from `from` on, ending the one before the day before; ignored if not after it. */
function change(history: GeneratedStatus[], value: ResidenceStatus, from: string, notes: string | null = null): void {
  const last = history.at(-1);
  if (last && from <= last.validFrom) return;
  if (last) last.validTo = addDays(from, -1);
  history.push(status(value, from, notes));
}

/** A random day from `from` through `to` (or `from` when the range is empty). */
export function between(random: Random, from: string, to: string): string {
  return addDays(from, random.int(0, Math.max(0, daysBetween(from, to))));
}

/** The statuses up to entry: the asylum procedure first for most, then the Duldung of the right paragraph. */
function historyUntilEntry(planned: PlannedParticipant, identity: Identity, random: Random): GeneratedStatus[] {
  const opened = planned.openedOn;
  const history: GeneratedStatus[] = [];
  if (identity.temporaryProtection) {
    history.push(status('temporary_protection_24', between(random, '2022-03-04', addDays(opened, -7))));
    return history;
  }
  if (planned.entryStatus === 'gestattung') {
    history.push(status('asylum_permit', addDays(addMonths(opened, -random.int(2, 30)), -random.int(0, 27))));
    return history;
  }
  const arrival = addMonths(opened, -random.int(18, 84));
  const duldungFrom = addMonths(opened, -random.int(4, 30));
  // Most tolerated people went through the asylum procedure first (Gestattung until the rejection).
  if (random.chance(0.85) && daysBetween(arrival, duldungFrom) > 180) {
    history.push(status('asylum_permit', addDays(arrival, random.int(3, 40))));
  }
  if (planned.entryStatus === 'other') {
    change(history, 'toleration_60a', duldungFrom);
    change(history, 'other', addMonths(opened, -random.int(1, 3)), 'Fiktionsbescheinigung (§ 81 Abs. 4 AufenthG)');
    return history;
  }
  change(history, 'toleration_60a', duldungFrom);
  if (planned.entryStatus === '60b')
    change(history, 'toleration_60b', between(random, addDays(duldungFrom, 60), addDays(opened, -1)));
  // § 60c needs a Duldung of at least 3 months before; § 60d 12 months (of the version in force then).
  if (planned.entryStatus === '60c')
    change(history, 'toleration_60c', between(random, addDays(duldungFrom, 92), addDays(opened, -1)));
  if (planned.entryStatus === '60d') {
    const from =
      addMonths(duldungFrom, 12) < opened
        ? between(random, addMonths(duldungFrom, 12), addDays(opened, -1))
        : addDays(opened, -1);
    change(history, 'toleration_60d', from);
  }
  return history;
}

const CHANCES_FROM = '2023-01-09';
const CHANCES_UNTIL = '2026-03-31';

/**
 * A case still open in a later window: now and then the status changed in the last weeks, in a way that
 * matters for eligibility and the plan — an identity found unclear (§ 60b: work ban), a training toleration
 * (§ 60c) or a residence permit for well-integrated young people (§ 25a).
 */
function recentChange(history: GeneratedStatus[], planned: PlannedParticipant, openAt: string, random: Random): void {
  const current = history.at(-1)?.status;
  if (current !== 'toleration_60a' || !random.chance(0.18)) return;
  const from = between(random, addDays(openAt, -75), addDays(openAt, -3));
  if (from <= addDays(planned.openedOn, 14)) return;
  const next = random.weighted<ResidenceStatus>([
    ['toleration_60b', 35],
    [planned.strands.includes('FB1') ? 'toleration_60c' : 'toleration_60d', 35],
    ['residence_25a', 30],
  ]);
  const notes: Partial<Record<ResidenceStatus, string>> = {
    toleration_60b: 'Duldung für Personen mit ungeklärter Identität; Beschäftigungsverbot',
    toleration_60c: 'Ausbildungsduldung erteilt',
    toleration_60d: 'Beschäftigungsduldung erteilt',
    residence_25a: 'Aufenthaltserlaubnis für gut integrierte junge Menschen',
  };
  change(history, next, from, notes[next] ?? null);
}

/** What happens after entry: rejections, training and employment tolerations, §25a, § 104c, status changes. */
function historyAfterEntry(
  history: GeneratedStatus[],
  planned: PlannedParticipant,
  timeline: CaseTimeline,
  profile: SeedProfile,
  random: Random,
): void {
  const current = () => history.at(-1)?.status;
  const last = profile.recordedUntil;
  if (current() === 'asylum_permit' && planned.outcome !== 'status_change' && random.chance(0.35)) {
    const rejected = addDays(planned.openedOn, random.int(60, 540));
    if (rejected <= last) change(history, 'toleration_60a', rejected, 'Asylantrag abgelehnt');
  }
  if (planned.outcome === 'status_change') {
    const on = timeline.exitedOn;
    // A case still open has not (yet) ended in the status change.
    if (on === null) return;
    if (current() === 'asylum_permit') {
      change(history, 'other', on, 'Aufenthaltserlaubnis nach § 25 Abs. 2 AufenthG (Flüchtlingsschutz)');
    } else if (on >= '2023-01-01' && random.chance(0.5)) {
      change(history, 'chances_104c', on);
    } else {
      change(history, random.chance(0.7) ? 'residence_25a' : 'residence_25b', on);
    }
    return;
  }
  const status60 = current();
  const exited = timeline.exitedOn;
  if (
    (planned.outcome === 'training_dual' || planned.outcome === 'training_school') &&
    (status60 === 'toleration_60a' || status60 === 'toleration_60b') &&
    exited !== null &&
    random.chance(0.5)
  ) {
    const from = addDays(exited, random.int(0, 60));
    if (from <= last) change(history, 'toleration_60c', from);
  }
  if (
    planned.outcome === 'employment_insured' &&
    status60 === 'toleration_60a' &&
    exited !== null &&
    random.chance(0.25)
  ) {
    const from = addDays(exited, random.int(0, 90));
    if (from <= last) change(history, 'toleration_60d', from);
  }
  const now = current();
  if (now && DULDUNG.has(now) && random.chance(0.05)) {
    const from = between(random, addMonths(planned.openedOn, 6), timeline.lastDay);
    // In a later window nothing happens after its last day.
    if (profile.openAt === null || from <= profile.openAt) change(history, 'residence_25a', from);
  }
  if (profile.openAt !== null && exited === null) recentChange(history, planned, profile.openAt, random);
  // The Chancen-Aufenthaltsrecht (§ 104c) from 31 Dec 2022: tolerated for 5 years by 31 Oct 2022.
  const first = history[0]?.validFrom ?? planned.openedOn;
  const still = current();
  if (still && DULDUNG.has(still) && first <= '2017-10-31' && random.chance(0.3)) {
    if (profile.openAt === null) change(history, 'chances_104c', between(random, '2023-01-09', '2023-06-30'));
    else {
      // Granted after entry, on applications made until 31 Dec 2025 (decided by spring 2026, assumed).
      const from = addDays(planned.openedOn, 30) > CHANCES_FROM ? addDays(planned.openedOn, 30) : CHANCES_FROM;
      const to = timeline.lastDay < CHANCES_UNTIL ? timeline.lastDay : CHANCES_UNTIL;
      if (from <= to) change(history, 'chances_104c', between(random, from, to));
    }
  }
}

function documentExpiry(current: GeneratedStatus, profile: SeedProfile, random: Random): string | null {
  switch (current.status) {
    case 'chances_104c':
      return addMonths(current.validFrom, 18);
    case 'residence_25a':
    case 'residence_25b':
    case 'toleration_60c':
    case 'toleration_60d':
      return addMonths(current.validFrom, 30);
    case 'temporary_protection_24':
      // Temporary protection was extended to 4 Mar 2027.
      return profile.recordedUntil < '2025-03-04' ? '2025-03-04' : '2027-03-04';
    case 'other':
      return addMonths(current.validFrom, 3);
    default:
      // Duldung and Gestattung are renewed every few months; in a later window some are due for renewal now,
      // a few just expired.
      if (profile.openAt !== null) return addDays(profile.openAt, random.int(-20, 180));
      return addMonths(profile.recordedUntil, random.int(1, 6));
  }
}

export function residenceHistory(
  planned: PlannedParticipant,
  identity: Identity,
  timeline: CaseTimeline,
  profile: SeedProfile,
  random: Random,
): GeneratedStatus[] {
  const history = historyUntilEntry(planned, identity, random);
  historyAfterEntry(history, planned, timeline, profile, random);
  const current = history.at(-1);
  if (current) current.documentExpiry = documentExpiry(current, profile, random);
  return history;
}

// The funding dashboard's arithmetic: budget remaining, cost per participant and per successful transition, and
// the statistical disclosure control that applies when counts of people leave the municipality (the ministry,
// the authority): a count below the threshold (1–2 at the default 3) is suppressed ("."), a second cell of the
// same column too when the published total would reveal a single suppressed one (complementary suppression),
// and an average is shown only when at least five people stand behind it (quality-targets.md). Money figures
// (budgets, payments) describe public spending, not people, and are never suppressed. Pure.
import { MIN_RATE_BASE } from '../quality/indicator.rules.ts';

/** Counts below this are suppressed when they leave the municipality (configurable 3–10). */
export const DISCLOSURE_THRESHOLD = 3;
/** An average (cost per participant) only from this many people: the rate base of the quality indicators. */
export const MIN_AVERAGE_BASE = MIN_RATE_BASE;

/** Whether a count must be suppressed on its own (primary suppression): 1 … threshold − 1. Zero is shown. */
export function isSmall(count: number, threshold = DISCLOSURE_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

/**
 * Suppresses a column of counts whose total is published: the small ones, and — when exactly one cell would be
 * suppressed, so that total − the others gives it away — also the smallest other non-zero cell (if there is
 * none, the total itself must be suppressed: `totalSuppressed`). null stands for ".".
 */
export function suppressColumn(
  counts: readonly number[],
  threshold = DISCLOSURE_THRESHOLD,
): { cells: (number | null)[]; totalSuppressed: boolean } {
  const suppressed = counts.map((count) => isSmall(count, threshold));
  let totalSuppressed = false;
  if (suppressed.filter(Boolean).length === 1) {
    let partner = -1;
    counts.forEach((count, index) => {
      if (suppressed[index] || count === 0) return;
      if (partner === -1 || count < (counts[partner] ?? Infinity)) partner = index;
    });
    if (partner === -1) totalSuppressed = true;
    else suppressed[partner] = true;
  }
  return { cells: counts.map((count, index) => (suppressed[index] ? null : count)), totalSuppressed };
}

/** euros ÷ people, rounded half up to the cent; null below the minimum base (or with no one). */
export function costPer(cents: number, people: number, minimumBase = MIN_AVERAGE_BASE): number | null {
  if (people < Math.max(1, minimumBase)) return null;
  return Math.floor((cents * 2 + people) / (people * 2));
}

export interface OutcomeCounts {
  participants: number;
  placements: number;
}

export interface CostFigures {
  participants: number | null;
  placements: number | null;
  costPerParticipantPaidCents: number | null;
  costPerParticipantCommittedCents: number | null;
  costPerPlacementPaidCents: number | null;
  costPerPlacementCommittedCents: number | null;
}

/**
 * Cost per participant and per successful transition of a strand: paid (what was spent) and committed (what
 * was decided) euros ÷ people. With disclosure control the counts may be suppressed; an average is then not
 * shown either (it would give the count back).
 */
export function costFigures(
  money: { paidCents: number; committedCents: number },
  counts: { participants: number | null; placements: number | null },
  minimumBase = MIN_AVERAGE_BASE,
): CostFigures {
  const per = (cents: number, people: number | null) => (people === null ? null : costPer(cents, people, minimumBase));
  return {
    participants: counts.participants,
    placements: counts.placements,
    costPerParticipantPaidCents: per(money.paidCents, counts.participants),
    costPerParticipantCommittedCents: per(money.committedCents, counts.participants),
    costPerPlacementPaidCents: per(money.paidCents, counts.placements),
    costPerPlacementCommittedCents: per(money.committedCents, counts.placements),
  };
}

// The numbers of a programme as small pure functions: every one reads its figures from the programme's definition
// (programme.definition.ts), never from code, so that a new programme version changes the result and decided
// grants keep the version they were decided under. Imported by the applications' validation, the decisions and
// the budget allocation. Amounts are integer cents; FTE are exact hundredths (numeric(5, 2) in the database).
import { shareOf, sumCents, timesQuantity } from './money.shared.ts';
import type { ProgrammeDefinition, StrandDefinition } from './programme.definition.ts';

// --- Own contribution (Eigenanteil) -------------------------------------------------------------------------

export interface RecipientStanding {
  /** Municipality under budget recovery (Haushaltssicherung): the reduced own contribution applies. */
  budgetRecovery: boolean;
}

/** The own-contribution rate of a recipient in basis points: the default (20 %), or 10 % under budget recovery. */
export function ownContributionRateBp(definition: ProgrammeDefinition, recipient: RecipientStanding): number {
  return recipient.budgetRecovery
    ? definition.ownContribution.budgetRecoveryRateBp
    : definition.ownContribution.defaultRateBp;
}

/** The funding rate (Förderquote) that follows from the own contribution: 100 % − own contribution (80 % / 90 %). */
export function fundingRateBp(definition: ProgrammeDefinition, recipient: RecipientStanding): number {
  return 10_000 - ownContributionRateBp(definition, recipient);
}

/**
 * The own contribution a financing plan must show for eligible costs: the rate of the costs, rounded up to the
 * cent (the recipient's part never falls short of its rate), so that the grant (costs − own contribution) is
 * the rounded-down funding share.
 */
export function ownContributionCents(eligibleCents: number, rateBp: number): number {
  return eligibleCents - shareOf(eligibleCents, 10_000 - rateBp, 'down');
}

// --- FB4: teaching hours at a flat rate, exam fees at actual cost ---------------------------------------------

export interface TeachingHoursCosts {
  /** The teaching hours (Unterrichtsstunden), at most two decimals. */
  hours: number | string;
  /** Exam fees at actual cost (receipts), in cents. */
  examFeesCents: number;
}

export type TeachingHoursResult =
  | { ok: true; hoursCents: number; examFeesCents: number; totalCents: number }
  | { ok: false; problem: 'not_teaching_hours' | 'exam_fees_not_funded' };

/**
 * FB4: hours × the strand's flat rate (37.50 €), rounded down to the cent, plus exam fees at actual cost when the
 * strand funds them. Nothing else: the flat rate covers all other material costs.
 */
export function teachingHoursCents(strand: StrandDefinition, costs: TeachingHoursCosts): TeachingHoursResult {
  if (strand.financing !== 'teaching_hours' || strand.teachingHourRateCents === undefined) {
    return { ok: false, problem: 'not_teaching_hours' };
  }
  if (costs.examFeesCents > 0 && !strand.examFeesAtActualCost) return { ok: false, problem: 'exam_fees_not_funded' };
  const hoursCents = timesQuantity(strand.teachingHourRateCents, costs.hours, 'down');
  return {
    ok: true,
    hoursCents,
    examFeesCents: costs.examFeesCents,
    totalCents: sumCents([hoursCents, costs.examFeesCents]),
  };
}

// --- FB6: who may apply, and how many posts ---------------------------------------------------------------

export interface MunicipalityStanding extends RecipientStanding {
  /** Member of the "Gemeinsam klappt's" alliance. */
  allianceMember: boolean;
}

/** Whether a municipality may receive money of the strand: FB6 only for alliance members; the others for all. */
export function mayReceiveStrand(strand: StrandDefinition, municipality: Pick<MunicipalityStanding, 'allianceMember'>) {
  return !strand.allianceMembersOnly || municipality.allianceMember;
}

/** A decimal FTE ("0.50", 1.5) as whole hundredths (50, 150); more than two decimals are refused. */
export function fteHundredths(fte: number | string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(fte).trim());
  if (!match) throw new RangeError(`not an FTE with at most two decimals: ${fte}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Hundredths of an FTE as the decimal text the database stores ("0.50"). */
export function fteText(hundredths: number): string {
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/**
 * The FB6 post formula: posts = max(minimumFte, population / personsPerPost), population = tolerated persons aged
 * 18–27. Exact in hundredths of a post, rounded down (99 persons at 100 per post = 0.99 posts), then raised to the
 * minimum (0.5). Returns hundredths: 0 → 50, 49 → 50, 50 → 50, 149 → 149, 150 → 150.
 */
export function formulaPostHundredths(
  population: number,
  formula: NonNullable<StrandDefinition['postsFormula']>,
): number {
  if (!Number.isSafeInteger(population) || population < 0) throw new RangeError(`not a population: ${population}`);
  const byPopulation = Math.floor((population * 100) / formula.personsPerPost);
  return Math.max(fteHundredths(formula.minimumFte), byPopulation);
}

// --- Posts (KIM, FB1, FB6): annual rate prorated by FTE and months; set-up per workstation --------------------

export type PostRate = StrandDefinition['postRates'][number];

/**
 * What one post costs at most: the rate's annual amount × (the post's FTE / the rate's FTE) × months / 12,
 * rounded down to the cent once (a grant never exceeds its rule). A full-time post at 57,000 € for 6 months is
 * 28,500 €; a 0.75 post for 12 months 42,750 €.
 */
export function postCents(rate: PostRate, fte: number | string, months: number): number {
  if (!Number.isInteger(months) || months < 0 || months > 12) throw new RangeError(`months must be 0…12: ${months}`);
  const numerator = BigInt(rate.annualMaxCents) * BigInt(fteHundredths(fte)) * BigInt(months);
  const denominator = BigInt(fteHundredths(rate.fte)) * 12n;
  return Number(numerator / denominator);
}

/** The post rate of a strand by its code, if the strand has it. */
export function postRateOf(strand: StrandDefinition, code: string): PostRate | undefined {
  return strand.postRates.find((rate) => rate.code === code);
}

export type SetupResult = { ok: true; cents: number } | { ok: false; problem: 'no_setup_in_strand' };

/** The one-off set-up amount for new workstations (KIM: 5,700 € each). */
export function setupCents(strand: StrandDefinition, workstations: number): SetupResult {
  if (strand.setupPerWorkstationCents === undefined) return { ok: false, problem: 'no_setup_in_strand' };
  if (!Number.isSafeInteger(workstations) || workstations < 0) throw new RangeError('workstations must be ≥ 0');
  return { ok: true, cents: timesQuantity(strand.setupPerWorkstationCents, workstations, 'down') };
}

// --- Caps and the programme's years ------------------------------------------------------------------------

/** What a capped strand (FB5) can still commit: cap − committed, never below zero; null without a cap. */
export function capRemainingCents(strand: StrandDefinition, committedCents: number): number | null {
  if (strand.capCents === undefined) return null;
  return Math.max(0, strand.capCents - committedCents);
}

/** The budget years the programme's runtime touches (2019-04-09 … 2023-06-30 → 2019…2023). */
export function runtimeYears(definition: ProgrammeDefinition): number[] {
  const from = Number(definition.runtime.from.slice(0, 4));
  const to = Number(definition.runtime.to.slice(0, 4));
  return Array.from({ length: to - from + 1 }, (_, index) => from + index);
}

export interface ImpliedStateBudget {
  strand: string;
  budgetYear: number;
  amountCents: number;
  central: boolean;
}

/**
 * The state budgets a definition implies: a strand's annual budgets (FB6: 2.4 Mio € in 2019, 3.96 Mio € from
 * 2020); a central strand (FB5, KIM) gets a row for every year of the runtime, since decisions commit against
 * it directly: its annual budget when the definition names one, else its cap (the cap row bounds the total
 * anyway), else 0 (the authority sets the year's budget). Key strands without annual budgets get none: the
 * authority enters their budgets per year.
 */
export function impliedStateBudgets(definition: ProgrammeDefinition): ImpliedStateBudget[] {
  const years = runtimeYears(definition);
  return definition.strands.flatMap((strand) => {
    const central = strand.distribution === 'central';
    const annual = new Map(strand.annualBudgets.map((budget) => [budget.budgetYear, budget.amountCents]));
    const budgetYears = central ? [...new Set([...years, ...annual.keys()])].sort((a, b) => a - b) : [...annual.keys()];
    return budgetYears.map((budgetYear) => ({
      strand: strand.code,
      budgetYear,
      amountCents: annual.get(budgetYear) ?? (central ? (strand.capCents ?? 0) : 0),
      central,
    }));
  });
}

/** The caps a definition implies (FB5: 5 Mio € over the runtime). */
export function impliedCaps(definition: ProgrammeDefinition): { strand: string; capCents: number }[] {
  return definition.strands.flatMap((strand) =>
    strand.capCents === undefined ? [] : [{ strand: strand.code, capCents: strand.capCents }],
  );
}

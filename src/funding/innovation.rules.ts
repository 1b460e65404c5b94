// Pure rules of the innovation fund (FB5): when a call takes proposals, what makes a proposal eligible under the
// programme's definition, how the steering committee's scores rank the proposals, and the cap the selection
// must stay within. Numbers come from the call (criteria, weights, maximum scores) and from the programme
// definition (the strand that takes proposals by call, its cap, the runtime), never from code.
import type { CostCategory } from './funding.codes.ts';
import type { FundingProblem } from './funding.context.ts';
import type { InnovationCallStatus } from './innovation.codes.ts';
import type { InnovationCriterion, TieBreaker } from './innovation.schema.ts';
import { sumCents } from './money.shared.ts';
import { strandOf, type ProgrammeDefinition, type StrandDefinition } from './programme.definition.ts';

// --- Calls and deadlines ---------------------------------------------------------------------------------

/** A proposal can be submitted while the call is published, from its opening until its deadline (inclusive). */
export function acceptsProposals(
  call: { status: InnovationCallStatus; opensAt: Date; deadline: Date },
  now: Date,
): boolean {
  return (
    call.status === 'published' && now.getTime() >= call.opensAt.getTime() && now.getTime() <= call.deadline.getTime()
  );
}

/** Committee members score while the call is published; closing the ranking freezes the scores. */
export function acceptsScores(status: InnovationCallStatus): boolean {
  return status === 'published';
}

/** The strand a call may be for: one of the programme's strands that takes proposals by call (FB5). */
export function callStrandProblem(definition: ProgrammeDefinition, strand: string): FundingProblem | null {
  const found = strandOf(definition, strand);
  if (!found) {
    return { field: 'strand', code: 'unknown_strand', message: `the programme has no strand ${strand}` };
  }
  if (!found.proposalsByCall) {
    return {
      field: 'strand',
      code: 'not_by_call',
      message: `strand ${strand} does not take proposals by call`,
    };
  }
  return null;
}

// --- Proposals -----------------------------------------------------------------------------------------------

export interface ProposalPlan {
  periodFrom: string;
  periodTo: string;
  amounts: readonly { budgetYear: number; amountCents: number }[];
}

/** Every problem of a proposal's period and requested amounts under the programme's definition. */
export function proposalProblems(
  definition: ProgrammeDefinition,
  strand: string,
  plan: ProposalPlan,
): FundingProblem[] {
  const problems: FundingProblem[] = [];
  const strandProblem = callStrandProblem(definition, strand);
  if (strandProblem) return [strandProblem];
  if (plan.periodFrom < definition.runtime.from) {
    problems.push({
      field: 'periodFrom',
      code: 'before_runtime',
      message: `the programme runs from ${definition.runtime.from}`,
    });
  }
  if (plan.periodTo > definition.runtime.to) {
    problems.push({
      field: 'periodTo',
      code: 'after_runtime',
      message: `the programme runs until ${definition.runtime.to}`,
    });
  }
  if (plan.periodTo < plan.periodFrom) {
    problems.push({ field: 'periodTo', code: 'period_reversed', message: 'the period ends before it starts' });
  }
  const firstYear = Number(plan.periodFrom.slice(0, 4));
  const lastYear = Number(plan.periodTo.slice(0, 4));
  plan.amounts.forEach((amount, index) => {
    if (amount.budgetYear < firstYear || amount.budgetYear > lastYear) {
      problems.push({
        field: `amounts.${index}.budgetYear`,
        code: 'outside_period',
        message: `${amount.budgetYear} is not a year of the project's period`,
      });
    }
  });
  const capCents = strandOf(definition, strand)?.capCents;
  if (capCents !== undefined && sumCents(plan.amounts.map((amount) => amount.amountCents)) > capCents) {
    problems.push({ field: 'amounts', code: 'over_cap', message: 'the amounts exceed the cap of the whole strand' });
  }
  return problems;
}

/** The cost category a selected proposal's amounts are planned under in its funding application. */
export function innovationCostCategory(strand: StrandDefinition): CostCategory {
  return strand.costCategories.includes('other') ? 'other' : (strand.costCategories[0] ?? 'other');
}

// --- The FB5 cap ------------------------------------------------------------------------------------------

export interface CapState {
  /** the strand's cap over the whole runtime (programme_strand_cap.cap_cents) */
  capCents: number;
  /** decided amounts (programme_strand_cap.committed_cents) */
  committedCents: number;
  /** selected proposals whose grant is not decided yet: they will commit their amounts */
  selectedPendingCents: number;
}

/** What is left of the cap for further selections (never below zero in the display). */
export function remainingCap(state: CapState): number {
  return Math.max(0, state.capCents - state.committedCents - state.selectedPendingCents);
}

/**
 * Whether selecting a proposal keeps the selection within the cap: selected (pending) + decided + the
 * proposal's requested amount ≤ cap.
 */
export function fitsCap(state: CapState, requestedCents: number): boolean {
  return sumCents([state.committedCents, state.selectedPendingCents, requestedCents]) <= state.capCents;
}

// --- Ranking -------------------------------------------------------------------------------------------------

export interface ScoreEntry {
  memberId: string;
  criterion: string;
  score: number;
}

export interface RankingInput {
  id: string;
  requestedCents: number;
  submittedAt: Date | null;
  scores: readonly ScoreEntry[];
}

export interface CriterionResult {
  criterion: string;
  mean: number | null;
  scorers: number;
  min: number | null;
  max: number | null;
  spread: number | null;
}

export interface RankingResult {
  id: string;
  rank: number | null;
  weightedPercent: number | null;
  scorers: number;
  completeScorers: number;
  criteria: CriterionResult[];
  tie: { with: string[]; brokenBy: TieBreaker | null } | null;
}

/** An exact non-negative fraction: the means are compared without floating point, so ties are real ties. */
interface Fraction {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function fraction(n: bigint, d: bigint): Fraction {
  const divisor = gcd(n, d);
  return { n: n / divisor, d: d / divisor };
}

function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.d + b.n * a.d, a.d * b.d);
}

function compare(a: Fraction, b: Fraction): number {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left === right ? 0 : left > right ? 1 : -1;
}

/** Hundredths, rounded half up: for display only. */
function hundredths(value: Fraction, factor: bigint): number {
  return Number((value.n * factor * 100n * 2n + value.d) / (2n * value.d)) / 100;
}

interface Evaluated {
  input: RankingInput;
  criteria: CriterionResult[];
  /** each criterion's mean relative to its maximum, by criterion code (null without a score) */
  relative: Map<string, Fraction | null>;
  weighted: Fraction | null;
  scorers: number;
  completeScorers: number;
}

function evaluate(criteria: readonly InnovationCriterion[], input: RankingInput): Evaluated {
  const relative = new Map<string, Fraction | null>();
  const results: CriterionResult[] = [];
  const totalWeight = BigInt(criteria.reduce((sum, criterion) => sum + criterion.weight, 0));
  let weighted: Fraction | null = { n: 0n, d: 1n };
  const perMember = new Map<string, Set<string>>();
  for (const criterion of criteria) {
    const scores = input.scores.filter((entry) => entry.criterion === criterion.code);
    for (const entry of scores) {
      const seen = perMember.get(entry.memberId) ?? new Set<string>();
      seen.add(entry.criterion);
      perMember.set(entry.memberId, seen);
    }
    if (scores.length === 0) {
      relative.set(criterion.code, null);
      results.push({ criterion: criterion.code, mean: null, scorers: 0, min: null, max: null, spread: null });
      weighted = null;
      continue;
    }
    const values = scores.map((entry) => entry.score);
    const sum = BigInt(values.reduce((a, b) => a + b, 0));
    const count = BigInt(values.length);
    const min = Math.min(...values);
    const max = Math.max(...values);
    relative.set(criterion.code, fraction(sum, count * BigInt(criterion.maxScore)));
    results.push({
      criterion: criterion.code,
      mean: hundredths(fraction(sum, count), 1n),
      scorers: values.length,
      min,
      max,
      spread: max - min,
    });
    if (weighted) {
      weighted = add(
        weighted,
        fraction(BigInt(criterion.weight) * sum, count * BigInt(criterion.maxScore) * totalWeight),
      );
    }
  }
  const completeScorers = [...perMember.values()].filter((seen) => seen.size === criteria.length).length;
  return { input, criteria: results, relative, weighted, scorers: perMember.size, completeScorers };
}

/** The criteria in the order they break ties: heaviest first, the call's order among equal weights. */
function byWeight(criteria: readonly InnovationCriterion[]): InnovationCriterion[] {
  return criteria
    .map((criterion, index) => ({ criterion, index }))
    .sort((a, b) => b.criterion.weight - a.criterion.weight || a.index - b.index)
    .map((entry) => entry.criterion);
}

/**
 * Which tie-breaker orders two proposals of equal weighted mean, and how (negative: a first); null and 0 when
 * they are equal in every respect.
 */
function breakTie(
  heaviestFirst: readonly InnovationCriterion[],
  a: Evaluated,
  b: Evaluated,
): { by: TieBreaker | null; order: number } {
  for (const criterion of heaviestFirst) {
    const left = a.relative.get(criterion.code);
    const right = b.relative.get(criterion.code);
    if (left && right) {
      const order = compare(right, left);
      if (order !== 0) return { by: 'heaviest_criteria', order };
    }
  }
  if (a.input.requestedCents !== b.input.requestedCents) {
    // The smaller request first: within a cap, it leaves more room for the next proposal.
    return { by: 'requested_amount', order: a.input.requestedCents - b.input.requestedCents };
  }
  const at = a.input.submittedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  const bt = b.input.submittedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
  if (at !== bt) return { by: 'submitted_at', order: at - bt };
  return { by: null, order: 0 };
}

const breakerDepth: Record<TieBreaker, number> = { heaviest_criteria: 0, requested_amount: 1, submitted_at: 2 };

/**
 * Ranks proposals by the weighted mean of the committee's scores: each criterion's mean (over the members who
 * scored it) relative to its maximum score, weighted by the criterion's weight. Equal weighted means are ordered
 * by the heavier criteria's means, then the smaller requested amount, then the earlier submission; the result
 * names the tie and what broke it. Proposals with a criterion nobody has scored yet are not ranked (rank null)
 * and come last.
 */
export function rankProposals(
  criteria: readonly InnovationCriterion[],
  proposals: readonly RankingInput[],
): RankingResult[] {
  const heaviestFirst = byWeight(criteria);
  const evaluated = proposals.map((proposal) => evaluate(criteria, proposal));
  const complete = evaluated.filter((entry) => entry.weighted !== null);
  const incomplete = evaluated.filter((entry) => entry.weighted === null);
  const weightedOf = (entry: Evaluated): Fraction => entry.weighted ?? { n: 0n, d: 1n };
  complete.sort((a, b) => compare(weightedOf(b), weightedOf(a)) || breakTie(heaviestFirst, a, b).order);
  incomplete.sort(
    (a, b) =>
      (a.input.submittedAt?.getTime() ?? 0) - (b.input.submittedAt?.getTime() ?? 0) ||
      a.input.id.localeCompare(b.input.id),
  );

  const results: RankingResult[] = [];
  complete.forEach((entry, index) => {
    const previous = complete[index - 1];
    const sharesPlace =
      previous !== undefined &&
      compare(weightedOf(previous), weightedOf(entry)) === 0 &&
      breakTie(heaviestFirst, previous, entry).by === null;
    const rank = sharesPlace ? (results[index - 1]?.rank ?? index + 1) : index + 1;
    const group = complete.filter((other) => other !== entry && compare(weightedOf(other), weightedOf(entry)) === 0);
    let tie: RankingResult['tie'] = null;
    if (group.length > 0) {
      // The deepest tie-breaker needed against any member of the group; null when one of them is equal in all.
      let brokenBy: TieBreaker | null = 'heaviest_criteria';
      for (const other of group) {
        const { by } = breakTie(heaviestFirst, entry, other);
        if (by === null) {
          brokenBy = null;
          break;
        }
        if (breakerDepth[by] > breakerDepth[brokenBy]) brokenBy = by;
      }
      tie = { with: group.map((other) => other.input.id), brokenBy };
    }
    results.push(resultOf(entry, rank, tie));
  });
  for (const entry of incomplete) results.push(resultOf(entry, null, null));
  return results;
}

function resultOf(entry: Evaluated, rank: number | null, tie: RankingResult['tie']): RankingResult {
  return {
    id: entry.input.id,
    rank,
    weightedPercent: entry.weighted ? hundredths(entry.weighted, 100n) : null,
    scorers: entry.scorers,
    completeScorers: entry.completeScorers,
    criteria: entry.criteria,
    tie,
  };
}

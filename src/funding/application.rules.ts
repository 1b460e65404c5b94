// The rules of a financing plan, checked against the programme version the application is made under. Every
// number comes from the programme's definition (programme.definition.ts); the rules of a programme itself (own
// contribution rate, teaching hours × rate, the FB6 post formula, alliance-only strands) are H1's
// programme.rules.ts. Pure: the service loads the plan and the recipient's facts and gets back every problem,
// each with the field it is about ("costLines.<id>.category", "years.2021.ownContribution" …), so that a form
// shows them next to their fields and a submission is refused with all of them at once.
import type { FundingProblem } from './funding.context.ts';
import type { ApplicationKind, CostCategory, FundingSourceKind } from './funding.codes.ts';
import { sumCents, timesQuantity } from './money.shared.ts';
import { MAX_CENTS, strandOf, type ProgrammeDefinition, type StrandDefinition } from './programme.definition.ts';
import {
  formulaPostHundredths,
  fteHundredths,
  mayReceiveStrand,
  ownContributionCents,
  ownContributionRateBp,
  postCents,
  postRateOf,
  teachingHoursCents,
} from './programme.rules.ts';

export interface PlanCostLine {
  id: string;
  strand: string;
  budgetYear: number;
  category: CostCategory;
  quantity: string | null;
  unitCents: number | null;
  amountCents: number;
}

export interface PlanPosition {
  id: string;
  strand: string;
  rateCode: string | null;
  fte: string;
  startsOn: string;
  endsOn: string;
  annualCents: number;
}

export interface PlanFundingSource {
  id: string;
  kind: FundingSourceKind;
  budgetYear: number;
  amountCents: number;
}

export interface PlanRequestedAmount {
  id: string;
  strand: string;
  budgetYear: number;
  amountCents: number;
}

/** What the rules need to know about the recipient (the applying municipality). */
export interface PlanRecipient {
  allianceMember: boolean;
  budgetRecovery: boolean;
  /** tolerated persons aged 18–27 (latest figure), the basis of the FB6 post formula; null if none is recorded */
  tolerated18to27: number | null;
}

export interface Plan {
  definition: ProgrammeDefinition;
  kind: ApplicationKind;
  periodFrom: string;
  periodTo: string;
  /** an own-contribution rate other than the default, asked for with a reason */
  ownContributionRateBp: number | null;
  ownContributionReason: string | null;
  recipient: PlanRecipient;
  costLines: readonly PlanCostLine[];
  positions: readonly PlanPosition[];
  fundingSources: readonly PlanFundingSource[];
  requestedAmounts: readonly PlanRequestedAmount[];
}

export interface PlanYear {
  budgetYear: number;
  costsCents: number;
  requestedCents: number;
  ownContributionCents: number;
  thirdPartyCents: number;
  ownShareBp: number | null;
}

export interface PlanStrandYear {
  strand: string;
  budgetYear: number;
  costsCents: number;
  requestedCents: number;
}

export interface PlanTotals {
  years: PlanYear[];
  strands: PlanStrandYear[];
  costsCents: number;
  requestedCents: number;
  ownContributionCents: number;
  thirdPartyCents: number;
  requiredOwnContributionRateBp: number;
}

/**
 * A line's total from quantity × unit amount, rounded half up once (docs/funding.md "Rounding"); null when the
 * product is beyond any amount a line may have (more than MAX_CENTS).
 */
export function lineAmountCents(quantity: string, unitCents: number): number | null {
  return withinRange(() => timesQuantity(unitCents, quantity, 'half_up'));
}

/** An amount computed by a money function, or null when it leaves the range of amounts (RangeError or > MAX_CENTS). */
export function withinRange(compute: () => number): number | null {
  try {
    const cents = compute();
    return cents <= MAX_CENTS ? cents : null;
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * The own-contribution rate the plan must reach: a rate of its own that the application asks for (with a reason;
 * the authority accepts it by deciding), else the programme's for the recipient (20 %, 10 % under budget recovery).
 */
export function requiredOwnContributionRateBp(plan: Pick<Plan, 'definition' | 'recipient' | 'ownContributionRateBp'>) {
  return plan.ownContributionRateBp ?? ownContributionRateBp(plan.definition, plan.recipient);
}

/** Teaching hours of a flat-rate strand: hours × the strand's rate (programme rule); null for any other strand. */
export function teachingHoursAmountCents(strand: StrandDefinition, hours: string): number | null {
  return withinRange(() => {
    const result = teachingHoursCents(strand, { hours, examFeesCents: 0 });
    if (!result.ok) throw new RangeError(result.problem);
    return result.hoursCents;
  });
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function sumBy<T>(items: readonly T[], pick: (item: T) => number): number {
  return sumCents(items.map(pick));
}

/** Sums of the plan per year and per strand and year, in order. */
export function planTotals(plan: Plan): PlanTotals {
  const years = new Set<number>();
  const strandYears = new Map<string, { strand: string; budgetYear: number }>();
  for (const item of [...plan.costLines, ...plan.requestedAmounts]) {
    years.add(item.budgetYear);
    strandYears.set(`${item.strand}|${item.budgetYear}`, { strand: item.strand, budgetYear: item.budgetYear });
  }
  for (const source of plan.fundingSources) years.add(source.budgetYear);
  const yearRows = [...years]
    .sort((a, b) => a - b)
    .map((budgetYear): PlanYear => {
      const costsCents = sumBy(
        plan.costLines.filter((l) => l.budgetYear === budgetYear),
        (l) => l.amountCents,
      );
      const ownContributionCents = sumBy(
        plan.fundingSources.filter((s) => s.budgetYear === budgetYear && s.kind === 'own_contribution'),
        (s) => s.amountCents,
      );
      return {
        budgetYear,
        costsCents,
        requestedCents: sumBy(
          plan.requestedAmounts.filter((r) => r.budgetYear === budgetYear),
          (r) => r.amountCents,
        ),
        ownContributionCents,
        thirdPartyCents: sumBy(
          plan.fundingSources.filter((s) => s.budgetYear === budgetYear && s.kind === 'third_party'),
          (s) => s.amountCents,
        ),
        ownShareBp: costsCents === 0 ? null : Math.floor((ownContributionCents * 10_000) / costsCents),
      };
    });
  const strands = [...strandYears.values()]
    .sort((a, b) => a.strand.localeCompare(b.strand) || a.budgetYear - b.budgetYear)
    .map(({ strand, budgetYear }): PlanStrandYear => ({
      strand,
      budgetYear,
      costsCents: sumBy(
        plan.costLines.filter((l) => l.strand === strand && l.budgetYear === budgetYear),
        (l) => l.amountCents,
      ),
      requestedCents: sumBy(
        plan.requestedAmounts.filter((r) => r.strand === strand && r.budgetYear === budgetYear),
        (r) => r.amountCents,
      ),
    }));
  return {
    years: yearRows,
    strands,
    costsCents: sumBy(yearRows, (y) => y.costsCents),
    requestedCents: sumBy(yearRows, (y) => y.requestedCents),
    ownContributionCents: sumBy(yearRows, (y) => y.ownContributionCents),
    thirdPartyCents: sumBy(yearRows, (y) => y.thirdPartyCents),
    requiredOwnContributionRateBp: requiredOwnContributionRateBp(plan),
  };
}

function problem(field: string, code: string, message: string): FundingProblem {
  return { field, code, message };
}

/** Problems of where a line belongs: the strand (exists, fits the kind of application, the recipient may use it). */
function strandProblems(
  plan: Plan,
  field: string,
  code: string,
): { strand?: StrandDefinition; problems: FundingProblem[] } {
  const strand = strandOf(plan.definition, code);
  if (!strand) {
    return { problems: [problem(field, 'unknown_strand', `The programme has no strand ${code}.`)] };
  }
  const problems: FundingProblem[] = [];
  if (strand.proposalsByCall !== (plan.kind === 'innovation')) {
    problems.push(
      problem(
        field,
        'strand_not_for_kind',
        strand.proposalsByCall
          ? `${code} is funded through proposals to a call of the innovation fund, not by an application.`
          : `A proposal to the innovation fund can only use strands funded through calls, not ${code}.`,
      ),
    );
  }
  if (!mayReceiveStrand(strand, plan.recipient)) {
    problems.push(problem(field, 'alliance_members_only', `Only alliance members may apply for ${code}.`));
  }
  return { strand, problems };
}

/** A budget year must lie in the application's period and in the programme's runtime. */
function yearProblems(plan: Plan, field: string, budgetYear: number): FundingProblem[] {
  const problems: FundingProblem[] = [];
  if (budgetYear < yearOf(plan.periodFrom) || budgetYear > yearOf(plan.periodTo)) {
    problems.push(problem(field, 'year_outside_period', `${budgetYear} is outside the period of the application.`));
  }
  const { runtime } = plan.definition;
  if (budgetYear < yearOf(runtime.from) || budgetYear > yearOf(runtime.to)) {
    problems.push(problem(field, 'year_outside_runtime', `${budgetYear} is outside the programme's runtime.`));
  }
  return problems;
}

function costLineProblems(plan: Plan, line: PlanCostLine): FundingProblem[] {
  const at = `costLines.${line.id}`;
  const { strand, problems } = strandProblems(plan, `${at}.strand`, line.strand);
  problems.push(...yearProblems(plan, `${at}.budgetYear`, line.budgetYear));
  if (strand && !strand.costCategories.includes(line.category)) {
    problems.push(
      problem(
        `${at}.category`,
        'category_not_allowed',
        `${strand.code} funds only ${strand.costCategories.join(', ')}, not ${line.category}.`,
      ),
    );
  }
  const flatRate = strand?.financing === 'teaching_hours' && line.category === 'teaching_hours';
  if (strand && flatRate) {
    const rate = strand.teachingHourRateCents ?? 0;
    if (line.quantity === null) {
      problems.push(problem(`${at}.quantity`, 'quantity_required', 'Teaching hours need the number of hours.'));
    } else if (line.unitCents !== rate) {
      problems.push(
        problem(`${at}.unitCents`, 'rate_mismatch', `${strand.code} funds teaching hours at exactly ${rate} cents.`),
      );
    } else if (line.amountCents !== teachingHoursAmountCents(strand, line.quantity)) {
      problems.push(
        problem(`${at}.amountCents`, 'amount_mismatch', 'The amount must be the hours × the rate per hour.'),
      );
    }
  } else if (line.quantity !== null && line.unitCents !== null) {
    if (line.amountCents !== lineAmountCents(line.quantity, line.unitCents)) {
      problems.push(problem(`${at}.amountCents`, 'amount_mismatch', 'The amount must be quantity × unit amount.'));
    }
  }
  return problems;
}

function positionProblems(plan: Plan, position: PlanPosition): FundingProblem[] {
  const at = `positions.${position.id}`;
  const { strand, problems } = strandProblems(plan, `${at}.strand`, position.strand);
  if (position.startsOn < plan.periodFrom) {
    problems.push(problem(`${at}.startsOn`, 'outside_period', 'The post starts before the period of the application.'));
  }
  if (position.endsOn > plan.periodTo) {
    problems.push(problem(`${at}.endsOn`, 'outside_period', 'The post ends after the period of the application.'));
  }
  if (position.endsOn < position.startsOn) {
    problems.push(problem(`${at}.endsOn`, 'ends_before_start', 'The post ends before it starts.'));
  }
  if (!strand) return problems;
  if (strand.postRates.length === 0) {
    if (position.rateCode !== null) {
      problems.push(problem(`${at}.rateCode`, 'unknown_rate', `${strand.code} has no post rates.`));
    }
    return problems;
  }
  const rate = position.rateCode === null ? undefined : postRateOf(strand, position.rateCode);
  if (!rate) {
    problems.push(
      problem(
        `${at}.rateCode`,
        position.rateCode === null ? 'rate_required' : 'unknown_rate',
        `Choose one of the post rates of ${strand.code}: ${strand.postRates.map((r) => r.code).join(', ')}.`,
      ),
    );
    return problems;
  }
  const maximum = postCents(rate, position.fte, 12);
  if (position.annualCents > maximum) {
    problems.push(
      problem(`${at}.annualCents`, 'above_post_rate', `At most ${maximum} cents a year for ${position.fte} FTE.`),
    );
  }
  return problems;
}

/** FB6: the posts of a strand with a post formula may not exceed the formula's FTE for the recipient. */
function postFormulaProblems(plan: Plan): FundingProblem[] {
  const problems: FundingProblem[] = [];
  for (const strand of plan.definition.strands) {
    if (!strand.postsFormula) continue;
    const posts = plan.positions.filter((p) => p.strand === strand.code);
    if (posts.length === 0) continue;
    const population = plan.recipient.tolerated18to27;
    if (population === null) {
      problems.push(
        problem(
          'positions',
          'no_population',
          `No number of tolerated persons aged 18–27 is recorded for the recipient; the posts of ${strand.code} cannot be checked.`,
        ),
      );
      continue;
    }
    const maximum = formulaPostHundredths(population, strand.postsFormula);
    const total = posts.reduce((sum, p) => sum + fteHundredths(p.fte), 0);
    if (total > maximum) {
      for (const post of posts) {
        problems.push(
          problem(
            `positions.${post.id}.fte`,
            'posts_above_formula',
            `${strand.code} funds at most ${maximum / 100} FTE for this recipient; the plan has ${total / 100}.`,
          ),
        );
      }
    }
  }
  return problems;
}

function headerProblems(plan: Plan): FundingProblem[] {
  const problems: FundingProblem[] = [];
  const { runtime } = plan.definition;
  if (plan.periodFrom < runtime.from) {
    problems.push(problem('periodFrom', 'outside_runtime', `The programme runs from ${runtime.from}.`));
  }
  if (plan.periodTo > runtime.to) {
    problems.push(problem('periodTo', 'outside_runtime', `The programme runs until ${runtime.to}.`));
  }
  if (plan.periodTo < plan.periodFrom) {
    problems.push(problem('periodTo', 'ends_before_start', 'The period ends before it starts.'));
  }
  if (plan.ownContributionRateBp !== null && !plan.ownContributionReason) {
    problems.push(
      problem('ownContributionReason', 'reason_required', 'Give the reason for an own-contribution rate of your own.'),
    );
  }
  if (plan.costLines.length === 0) {
    problems.push(problem('costLines', 'empty_plan', 'The financing plan has no costs.'));
  }
  return problems;
}

/** Per year: costs = requested + own contribution + third-party funds, and the own contribution reaches the rate. */
function balanceProblems(plan: Plan, totals: PlanTotals): FundingProblem[] {
  const problems: FundingProblem[] = [];
  for (const year of totals.years) {
    const financed = sumCents([year.requestedCents, year.ownContributionCents, year.thirdPartyCents]);
    if (financed !== year.costsCents) {
      problems.push(
        problem(
          `years.${year.budgetYear}`,
          'unbalanced',
          `${year.budgetYear}: costs of ${year.costsCents} cents, but requested + own contribution + third-party funds = ${financed} cents.`,
        ),
      );
    }
    const required = ownContributionCents(year.costsCents, totals.requiredOwnContributionRateBp);
    if (year.ownContributionCents < required) {
      problems.push(
        problem(
          `years.${year.budgetYear}.ownContribution`,
          'own_contribution_too_low',
          `${year.budgetYear}: the own contribution must be at least ${required} cents (${totals.requiredOwnContributionRateBp / 100} % of the costs).`,
        ),
      );
    }
  }
  for (const row of totals.strands) {
    if (row.requestedCents > 0 && row.costsCents === 0) {
      const line = plan.requestedAmounts.find((r) => r.strand === row.strand && r.budgetYear === row.budgetYear);
      problems.push(
        problem(
          `requestedAmounts.${line?.id ?? `${row.strand}.${row.budgetYear}`}.amountCents`,
          'no_costs',
          `Nothing can be requested for ${row.strand} in ${row.budgetYear}: the plan has no costs there.`,
        ),
      );
    }
  }
  return problems;
}

/** Every problem of the plan, in the order of the form: header, costs, posts, funds, requested amounts, balance. */
export function planProblems(plan: Plan): FundingProblem[] {
  const totals = planTotals(plan);
  const problems = headerProblems(plan);
  for (const line of plan.costLines) problems.push(...costLineProblems(plan, line));
  for (const position of plan.positions) problems.push(...positionProblems(plan, position));
  problems.push(...postFormulaProblems(plan));
  for (const source of plan.fundingSources) {
    problems.push(...yearProblems(plan, `fundingSources.${source.id}.budgetYear`, source.budgetYear));
  }
  for (const requested of plan.requestedAmounts) {
    const at = `requestedAmounts.${requested.id}`;
    problems.push(...strandProblems(plan, `${at}.strand`, requested.strand).problems);
    problems.push(...yearProblems(plan, `${at}.budgetYear`, requested.budgetYear));
  }
  problems.push(...balanceProblems(plan, totals));
  return problems;
}

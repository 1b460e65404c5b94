// The amounts of a grant decision: the suggestion computed from the financing plan and the programme's rules, and
// the problems of what the officer decides (an officer may lower an amount, never raise it above the
// suggestion; an amendment may change anything but must stay in the programme). Pure; every number comes from the
// programme's definition (programme.rules.ts).
import type { FundingProblem } from './funding.context.ts';
import type { FinancingType } from './funding.codes.ts';
import { planTotals, requiredOwnContributionRateBp, withinRange, type Plan } from './application.rules.ts';
import { shareOf, sumCents, timesQuantity } from './money.shared.ts';
import { strandOf, type ProgrammeDefinition } from './programme.definition.ts';
import { teachingHoursCents } from './programme.rules.ts';

export interface ProposedAmount {
  strand: string;
  budgetYear: number;
  eligibleCents: number;
  requestedCents: number;
  amountCents: number;
  unitCents: number | null;
  unitCount: string | null;
}

export interface ProposalOptions {
  financingType?: FinancingType;
  fundingRateBp?: number | null;
}

export interface Proposal {
  financingType: FinancingType;
  fundingRateBp: number | null;
  amounts: ProposedAmount[];
  totalCents: number;
}

/** The default funding rate of share financing: 100 % − the own-contribution rate the plan had to reach. */
export function defaultFundingRateBp(plan: Plan): number {
  return 10_000 - requiredOwnContributionRateBp(plan);
}

/** The teaching hours of a strand and year, as an exact decimal string (sum of hundredths). */
function hoursOf(plan: Plan, strand: string, budgetYear: number): string {
  const hundredths = plan.costLines
    .filter((l) => l.strand === strand && l.budgetYear === budgetYear && l.category === 'teaching_hours')
    .reduce((sum, l) => {
      const [whole = '0', fraction = ''] = (l.quantity ?? '0').split('.');
      return sum + Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
    }, 0);
  const text = `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
  return text.replace(/\.?0+$/, '') || '0';
}

/**
 * The suggested amount per strand and year: never more than requested, and by financing type
 * - share: the funding rate of the eligible costs, rounded down;
 * - shortfall: what the plan leaves uncovered, i.e. the request, at most the costs;
 * - fixed: for a flat-rate strand (FB4) the teaching hours × the rate plus exam fees (unit amount × count
 *   recorded when that is the whole amount), for others the request.
 */
export function proposeDecision(plan: Plan, options: ProposalOptions = {}): Proposal {
  const financingType = options.financingType ?? plan.definition.defaultFinancingType;
  const fundingRateBp = financingType === 'share' ? (options.fundingRateBp ?? defaultFundingRateBp(plan)) : null;
  const amounts = planTotals(plan)
    .strands.filter((row) => row.costsCents > 0 || row.requestedCents > 0)
    .map((row): ProposedAmount => {
      const base = {
        strand: row.strand,
        budgetYear: row.budgetYear,
        eligibleCents: row.costsCents,
        requestedCents: row.requestedCents,
      };
      if (financingType === 'share') {
        const share = shareOf(row.costsCents, fundingRateBp ?? 0, 'down');
        return { ...base, amountCents: Math.min(row.requestedCents, share), unitCents: null, unitCount: null };
      }
      const strand = strandOf(plan.definition, row.strand);
      if (financingType === 'fixed' && strand?.financing === 'teaching_hours') {
        const hours = hoursOf(plan, row.strand, row.budgetYear);
        const examFeesCents = sumCents(
          plan.costLines
            .filter((l) => l.strand === row.strand && l.budgetYear === row.budgetYear && l.category === 'exam_fees')
            .map((l) => l.amountCents),
        );
        const computed =
          withinRange(() => {
            const result = teachingHoursCents(strand, { hours, examFeesCents });
            if (!result.ok) throw new RangeError(result.problem);
            return result.totalCents;
          }) ?? 0;
        // Unit amount × count describes the amount only when there are no exam fees on top.
        const byUnits = examFeesCents === 0 && computed <= row.requestedCents;
        return {
          ...base,
          amountCents: Math.min(row.requestedCents, computed),
          unitCents: byUnits ? (strand.teachingHourRateCents ?? null) : null,
          unitCount: byUnits ? hours : null,
        };
      }
      return { ...base, amountCents: Math.min(row.requestedCents, row.costsCents), unitCents: null, unitCount: null };
    });
  return { financingType, fundingRateBp, amounts, totalCents: sumCents(amounts.map((a) => a.amountCents)) };
}

export interface DecidedAmount {
  strand: string;
  budgetYear: number;
  amountCents: number;
  unitCents?: number | null;
  unitCount?: string | null;
}

export interface DecisionTerms {
  periodFrom: string;
  periodTo: string;
  financingType: FinancingType;
  fundingRateBp?: number | null;
  amounts: readonly DecidedAmount[];
}

function problem(field: string, code: string, message: string): FundingProblem {
  return { field, code, message };
}

/** Problems of any decision or amendment: programme, financing type, rate, period, strands and years. */
export function termsProblems(definition: ProgrammeDefinition, terms: DecisionTerms): FundingProblem[] {
  const problems: FundingProblem[] = [];
  if (!definition.financingTypes.includes(terms.financingType)) {
    problems.push(
      problem('financingType', 'not_allowed', `The programme allows ${definition.financingTypes.join(', ')}.`),
    );
  }
  if (terms.financingType === 'share' && terms.fundingRateBp === null) {
    problems.push(problem('fundingRateBp', 'required', 'Share financing needs the funding rate.'));
  }
  if (terms.financingType !== 'share' && terms.fundingRateBp != null) {
    problems.push(problem('fundingRateBp', 'only_for_share', 'Only share financing has a funding rate.'));
  }
  if (terms.periodTo < terms.periodFrom) {
    problems.push(problem('periodTo', 'ends_before_start', 'The period ends before it starts.'));
  }
  if (terms.periodFrom < definition.runtime.from) {
    problems.push(problem('periodFrom', 'outside_runtime', `The programme runs from ${definition.runtime.from}.`));
  }
  if (terms.periodTo > definition.runtime.to) {
    problems.push(problem('periodTo', 'outside_runtime', `The programme runs until ${definition.runtime.to}.`));
  }
  const seen = new Set<string>();
  terms.amounts.forEach((amount, index) => {
    const at = `amounts.${index}`;
    const key = `${amount.strand}|${amount.budgetYear}`;
    if (seen.has(key))
      problems.push(problem(`${at}.strand`, 'duplicate', `${amount.strand} ${amount.budgetYear} twice.`));
    seen.add(key);
    if (!strandOf(definition, amount.strand)) {
      problems.push(problem(`${at}.strand`, 'unknown_strand', `The programme has no strand ${amount.strand}.`));
    }
    const fromYear = Number(terms.periodFrom.slice(0, 4));
    const toYear = Number(terms.periodTo.slice(0, 4));
    if (amount.budgetYear < fromYear || amount.budgetYear > toYear) {
      problems.push(problem(`${at}.budgetYear`, 'year_outside_period', `${amount.budgetYear} is outside the period.`));
    }
    const hasUnits = amount.unitCents != null || amount.unitCount != null;
    if (hasUnits && terms.financingType !== 'fixed') {
      problems.push(problem(`${at}.unitCents`, 'only_for_fixed', 'Unit amount × count is for fixed amounts.'));
    } else if (hasUnits && (amount.unitCents == null || amount.unitCount == null)) {
      problems.push(
        problem(`${at}.unitCount`, 'required', 'A fixed amount by units needs both unit amount and count.'),
      );
    } else if (amount.unitCents != null && amount.unitCount != null) {
      if (
        amount.amountCents !== withinRange(() => timesQuantity(amount.unitCents ?? 0, amount.unitCount ?? '0', 'down'))
      ) {
        problems.push(problem(`${at}.amountCents`, 'amount_mismatch', 'The amount must be unit amount × count.'));
      }
    }
  });
  return problems;
}

/** Problems of a first decision: the terms, and no amount above the suggestion for its strand and year. */
export function decisionProblems(plan: Plan, terms: DecisionTerms): FundingProblem[] {
  const problems = termsProblems(plan.definition, terms);
  const proposal = proposeDecision(plan, { financingType: terms.financingType, fundingRateBp: terms.fundingRateBp });
  terms.amounts.forEach((amount, index) => {
    const proposed = proposal.amounts.find((p) => p.strand === amount.strand && p.budgetYear === amount.budgetYear);
    if (!proposed) {
      problems.push(
        problem(
          `amounts.${index}.strand`,
          'not_in_plan',
          `The plan has nothing for ${amount.strand} in ${amount.budgetYear}.`,
        ),
      );
    } else if (amount.amountCents > proposed.amountCents) {
      problems.push(
        problem(
          `amounts.${index}.amountCents`,
          'above_proposal',
          `At most ${proposed.amountCents} cents for ${amount.strand} in ${amount.budgetYear} (the plan and the rules).`,
        ),
      );
    }
  });
  return problems;
}

// The financial statement of a proof of use (zahlenmäßiger Nachweis), as grant law reads it (ANBest-G/ANBest-P
// Nr. 1.2): the financing plan is binding in its total; a single cost line may exceed its plan by up to the
// programme's lineToleranceBp (20 %) if the excess is offset by savings on other lines. Spending beyond that is
// not eligible. Lines offset each other within one strand and budget year: each has its own decided amount
// (budget years are separate, Jährlichkeit). Pure: numbers come from the programme definition and the caller.
import { shareOf, sumCents } from './money.shared.ts';
import type { ProofKind } from './funding.codes.ts';

/** A problem of the statement, one field error each (funding.context.ts problemsError takes it). */
export interface StatementProblem {
  field: string;
  code: string;
  message: string;
}

export interface StatementLineInput {
  id: string;
  strand: string;
  budgetYear: number;
  plannedCents: number;
  /** null: not entered yet */
  actualCents: number | null;
}

export type LineStatus = 'missing' | 'within_plan' | 'within_tolerance' | 'over_tolerance';

export interface LineAssessment {
  id: string;
  status: LineStatus;
  /** actual − planned (negative: saved) */
  deviationCents: number;
  /** how far the line may exceed its plan: planned × tolerance, rounded down to whole cents */
  toleranceCents: number;
  /** the part of the actual spending above plan + tolerance: not eligible */
  overToleranceCents: number;
  /** actual spending up to plan + tolerance (before the group's binding total) */
  cappedCents: number;
}

export interface GroupAssessment {
  strand: string;
  budgetYear: number;
  plannedCents: number;
  /** the binding total of the group: the decided eligible costs, or the planned total */
  bindingCents: number;
  actualCents: number;
  /** savings on lines below plan */
  savingsCents: number;
  /** overruns within tolerance on lines above plan */
  overrunCents: number;
  /** overruns (within tolerance) that savings elsewhere did not offset: not eligible, the total is binding */
  notOffsetCents: number;
  /** eligible spending: the capped lines, at most the binding total */
  eligibleCents: number;
  /** actual − eligible */
  ineligibleCents: number;
}

export interface StatementAssessment {
  lines: LineAssessment[];
  groups: GroupAssessment[];
  /** What the statement shows (not blocking: the excess is simply not eligible). */
  problems: StatementProblem[];
  totals: { plannedCents: number; actualCents: number; eligibleCents: number; ineligibleCents: number };
}

export function groupKey(strand: string, budgetYear: number): string {
  return `${strand}-${budgetYear}`;
}

function assessLine(line: StatementLineInput, toleranceBp: number): LineAssessment {
  const toleranceCents = shareOf(line.plannedCents, toleranceBp, 'down');
  if (line.actualCents === null) {
    return { id: line.id, status: 'missing', deviationCents: 0, toleranceCents, overToleranceCents: 0, cappedCents: 0 };
  }
  const limit = line.plannedCents + toleranceCents;
  const cappedCents = Math.min(line.actualCents, limit);
  const overToleranceCents = line.actualCents - cappedCents;
  const status: LineStatus =
    line.actualCents <= line.plannedCents
      ? 'within_plan'
      : overToleranceCents > 0
        ? 'over_tolerance'
        : 'within_tolerance';
  return {
    id: line.id,
    status,
    deviationCents: line.actualCents - line.plannedCents,
    toleranceCents,
    overToleranceCents,
    cappedCents,
  };
}

/**
 * Assesses a statement. `bindingCents` gives a group's binding total by its key (groupKey) when the decision fixed
 * the eligible costs; otherwise the planned total of its lines binds.
 */
export function assessStatement(
  lines: readonly StatementLineInput[],
  toleranceBp: number,
  bindingCents: ReadonlyMap<string, number> = new Map(),
): StatementAssessment {
  const assessed = lines.map((line) => assessLine(line, toleranceBp));
  const problems: StatementProblem[] = [];
  const percent = `${(toleranceBp / 100).toLocaleString('en')} %`;
  lines.forEach((line, index) => {
    const assessment = assessed[index];
    if (assessment?.status === 'over_tolerance') {
      problems.push({
        field: `lines.${line.id}.actualCents`,
        code: 'line_over_tolerance',
        message: `This line exceeds its plan by more than ${percent}; ${assessment.overToleranceCents} cents are not eligible.`,
      });
    }
  });

  const keys = [...new Set(lines.map((line) => groupKey(line.strand, line.budgetYear)))];
  const groups = keys.map((key): GroupAssessment => {
    const members = lines.flatMap((line, index) =>
      groupKey(line.strand, line.budgetYear) === key ? [{ line, assessment: assessed[index] as LineAssessment }] : [],
    );
    const first = members[0]?.line as StatementLineInput;
    const plannedCents = sumCents(members.map((m) => m.line.plannedCents));
    const binding = bindingCents.get(key) ?? plannedCents;
    const actualCents = sumCents(members.map((m) => m.line.actualCents ?? 0));
    const cappedTotal = sumCents(members.map((m) => m.assessment.cappedCents));
    const savingsCents = sumCents(members.map((m) => Math.max(0, -m.assessment.deviationCents)));
    const overrunCents = sumCents(members.map((m) => Math.max(0, m.assessment.cappedCents - m.line.plannedCents)));
    const eligibleCents = Math.min(cappedTotal, binding);
    const notOffsetCents = cappedTotal - eligibleCents;
    if (notOffsetCents > 0) {
      problems.push({
        field: `groups.${key}`,
        code: 'overrun_not_offset',
        message:
          `The lines of ${first.strand} ${first.budgetYear} exceed the binding total by ${notOffsetCents} cents ` +
          'that savings on other lines do not offset; this is not eligible.',
      });
    }
    return {
      strand: first.strand,
      budgetYear: first.budgetYear,
      plannedCents,
      bindingCents: binding,
      actualCents,
      savingsCents,
      overrunCents,
      notOffsetCents,
      eligibleCents,
      ineligibleCents: actualCents - eligibleCents,
    };
  });

  return {
    lines: assessed,
    groups,
    problems,
    totals: {
      plannedCents: sumCents(groups.map((g) => g.plannedCents)),
      actualCents: sumCents(groups.map((g) => g.actualCents)),
      eligibleCents: sumCents(groups.map((g) => g.eligibleCents)),
      ineligibleCents: sumCents(groups.map((g) => g.ineligibleCents)),
    },
  };
}

/** What must be complete before a proof is submitted (blocking problems, 400). */
export function submissionProblems(input: {
  lines: readonly StatementLineInput[];
  narrative: Readonly<Record<string, string>>;
  requiredSections: readonly string[];
  /** providers' proofs of the same grant and period that were submitted but not yet checked */
  pendingProviderProofs: number;
}): StatementProblem[] {
  const problems: StatementProblem[] = [];
  if (input.lines.length === 0) {
    problems.push({ field: 'lines', code: 'statement_empty', message: 'The financial statement has no lines.' });
  }
  for (const line of input.lines) {
    if (line.actualCents === null) {
      problems.push({
        field: `lines.${line.id}.actualCents`,
        code: 'actual_missing',
        message: 'Enter the actual spending of this line (0 if nothing was spent).',
      });
    }
  }
  for (const section of input.requiredSections) {
    if (!input.narrative[section]?.trim()) {
      problems.push({
        field: `narrative.${section}`,
        code: 'section_missing',
        message: 'Write this section of the narrative report.',
      });
    }
  }
  if (input.pendingProviderProofs > 0) {
    problems.push({
      field: 'providerProofs',
      code: 'provider_proofs_pending',
      message: `${input.pendingProviderProofs} proof(s) of providers are submitted but not yet checked.`,
    });
  }
  return problems;
}

// --- Periods and due dates -----------------------------------------------------------------------------------

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The day `months` months after `day` (YYYY-MM-DD), on the last day of the month when it has fewer days. */
export function addMonths(day: string, months: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  return `${targetYear}-${pad(targetMonth)}-${pad(Math.min(date, lastDay))}`;
}

/** The day `years` years after `day` (29 February → 28 February). */
export function addYears(day: string, years: number): string {
  return addMonths(day, years * 12);
}

export interface ProofPeriodInput {
  kind: ProofKind;
  budgetYear: number | null;
  /** the grant period in force (the current decision), or the contract's for a provider's proof */
  period: { from: string; to: string };
  /** programme definition: "MM-DD" of the year after the budget year */
  interimStatementDue: string;
  finalProofDueMonths: number;
}

/**
 * The period a proof covers and its due date: an interim statement covers the budget year within the grant
 * period and is due on interimStatementDue of the following year; the final proof covers the whole period and is
 * due finalProofDueMonths after its end. Null when the budget year lies outside the period.
 */
export function proofPeriod(input: ProofPeriodInput): { from: string; to: string; dueOn: string } | null {
  if (input.kind === 'final') {
    return {
      from: input.period.from,
      to: input.period.to,
      dueOn: addMonths(input.period.to, input.finalProofDueMonths),
    };
  }
  const year = input.budgetYear;
  if (year === null) return null;
  const from = input.period.from > `${year}-01-01` ? input.period.from : `${year}-01-01`;
  const to = input.period.to < `${year}-12-31` ? input.period.to : `${year}-12-31`;
  if (from > to) return null;
  return { from, to, dueOn: `${year + 1}-${input.interimStatementDue}` };
}

/** Receipts are kept receiptRetentionYears after the proof of use was submitted. */
export function retainUntil(submittedOn: string, receiptRetentionYears: number): string {
  return addYears(submittedOn, receiptRetentionYears);
}

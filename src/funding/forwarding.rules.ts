// Pure rules of forwarding contracts (Weiterleitungsverträge): which status changes are allowed, and what a
// contract's amounts must respect before it is concluded. The database keeps the limit itself (forwarded ≤
// decided per grant, strand and year); these rules give the field errors before it comes to that.
import type { FundingProblem } from './funding.context.ts';
import type { ForwardingStatus } from './funding.codes.ts';
import { formatCents } from './money.shared.ts';

/** draft → concluded → ended; draft or concluded → cancelled. Ended and cancelled are final. */
const transitions: Readonly<Record<ForwardingStatus, readonly ForwardingStatus[]>> = {
  draft: ['concluded', 'cancelled'],
  concluded: ['ended', 'cancelled'],
  ended: [],
  cancelled: [],
};

export function mayMoveTo(from: ForwardingStatus, to: ForwardingStatus): boolean {
  return transitions[from].includes(to);
}

/** Concluded and ended contracts count as forwarded (grant_amount.forwarded_cents). */
export function countsAsForwarded(status: ForwardingStatus): boolean {
  return status === 'concluded' || status === 'ended';
}

export interface ForwardingLine {
  strand: string;
  budgetYear: number;
  amountCents: number;
}

export interface ForwardablePosition {
  strand: string;
  budgetYear: number;
  decidedCents: number;
  /** Forwarded by the grant's other counting contracts. */
  forwardedCents: number;
}

export interface ContractFacts {
  periodFrom: string;
  periodTo: string;
  amounts: readonly ForwardingLine[];
}

/**
 * Every problem of a contract's amounts and period against its grant: a strand and year without a decided
 * amount, the same strand and year twice, a period outside the grant's, and (when it is to be concluded) more
 * than is left to forward. `grantPeriod` is the period of the grant's decision in force.
 */
export function contractProblems(
  contract: ContractFacts,
  positions: readonly ForwardablePosition[],
  grantPeriod: { from: string; to: string },
  options: { concluding: boolean },
): FundingProblem[] {
  const problems: FundingProblem[] = [];
  if (contract.periodFrom < grantPeriod.from) {
    problems.push({
      field: 'periodFrom',
      code: 'outside_grant_period',
      message: `The contract cannot start before the grant period (${grantPeriod.from}).`,
    });
  }
  if (contract.periodTo > grantPeriod.to) {
    problems.push({
      field: 'periodTo',
      code: 'outside_grant_period',
      message: `The contract cannot end after the grant period (${grantPeriod.to}).`,
    });
  }
  if (contract.periodTo < contract.periodFrom) {
    problems.push({ field: 'periodTo', code: 'before_start', message: 'The contract ends before it starts.' });
  }
  const byKey = new Map(positions.map((p) => [`${p.strand}/${p.budgetYear}`, p]));
  const seen = new Set<string>();
  contract.amounts.forEach((line, index) => {
    const lineKey = `${line.strand}/${line.budgetYear}`;
    if (seen.has(lineKey)) {
      problems.push({
        field: `amounts.${index}.strand`,
        code: 'duplicate_line',
        message: `${line.strand} ${line.budgetYear} appears twice; one amount per strand and year.`,
      });
    }
    seen.add(lineKey);
    const position = byKey.get(lineKey);
    if (!position) {
      problems.push({
        field: `amounts.${index}.strand`,
        code: 'not_decided',
        message: `The grant has no decided amount for ${line.strand} ${line.budgetYear}.`,
      });
      return;
    }
    const left = Math.max(0, position.decidedCents - position.forwardedCents);
    if (options.concluding && line.amountCents > left) {
      problems.push({
        field: `amounts.${index}.amountCents`,
        code: 'exceeds_forwardable',
        message: `At most ${formatCents(left)} of ${line.strand} ${line.budgetYear} is left to forward (decided − forwarded).`,
      });
    }
  });
  if (options.concluding && contract.amounts.length === 0) {
    problems.push({ field: 'amounts', code: 'required', message: 'A contract forwards at least one amount.' });
  }
  return problems;
}

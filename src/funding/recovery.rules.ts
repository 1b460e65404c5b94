// The recovery claim (Rückforderung) after the audit of a proof of use, per strand and budget year: what was paid
// out beyond the grant the eligible spending entitles the recipient to. Pure.
//
// The entitlement follows the decision's financing type (VV Nr. 2.2 zu § 44 LHO):
//   share     (Anteilfinanzierung)    eligible × funding rate, rounded down to whole cents
//   shortfall (Fehlbedarfsfinanzierung) eligible − the recipient's own and third-party funds (binding total − decided):
//                                     a saving reduces the grant by the full amount
//   fixed     (Festbetragsfinanzierung) the fixed amount, unless the eligible spending is lower
// and never more than the decided amount. The claim is paid − entitlement − what earlier claims of the same strand
// and year already ask back (and is not yet repaid), never below zero. It is split into the unspent part (paid, but
// not spent at all: what the entitlement on the whole actual spending leaves) and the ineligible part (spent, but
// not eligible: the tolerance rule, the binding total, the audit's findings).
import type { FinancingType } from './funding.codes.ts';
import { shareOf } from './money.shared.ts';

export interface Financing {
  type: FinancingType;
  /** share financing: the funding rate in basis points */
  fundingRateBp: number | null;
}

export interface EntitlementInput {
  financing: Financing;
  /** the decided grant of the strand and year */
  decidedCents: number;
  /** the binding total of eligible costs (the decision's eligible costs, or the planned total) */
  bindingCents: number;
  /** the spending the grant is computed from */
  spendingCents: number;
}

/** The grant that the spending entitles to, at most the decided amount. */
export function entitlement(input: EntitlementInput): number {
  const spending = Math.max(0, input.spendingCents);
  let entitled: number;
  switch (input.financing.type) {
    case 'share':
      entitled = shareOf(spending, input.financing.fundingRateBp ?? 0, 'down');
      break;
    case 'shortfall': {
      const ownAndThirdParty = Math.max(0, input.bindingCents - input.decidedCents);
      entitled = Math.max(0, spending - ownAndThirdParty);
      break;
    }
    case 'fixed':
      entitled = spending;
      break;
  }
  return Math.min(entitled, input.decidedCents);
}

export interface RecoveryInput {
  strand: string;
  budgetYear: number;
  financing: Financing;
  decidedCents: number;
  bindingCents: number;
  /** net of earlier repayments (grant_amount.paid_cents) */
  paidCents: number;
  /** all spending declared */
  actualCents: number;
  /** eligible spending as audited */
  eligibleCents: number;
  /** claims of earlier audits of the same strand and year not yet repaid */
  outstandingCents: number;
}

export interface RecoveryComputation {
  strand: string;
  budgetYear: number;
  paidCents: number;
  entitledCents: number;
  unspentCents: number;
  ineligibleCents: number;
  /** the claim: unspent + ineligible; 0 = nothing to recover */
  amountCents: number;
}

export function computeRecovery(input: RecoveryInput): RecoveryComputation {
  const base = { financing: input.financing, decidedCents: input.decidedCents, bindingCents: input.bindingCents };
  const eligible = Math.min(input.eligibleCents, input.actualCents);
  const entitledCents = entitlement({ ...base, spendingCents: eligible });
  const entitledOnActual = entitlement({ ...base, spendingCents: input.actualCents });
  const amountCents = Math.max(0, input.paidCents - entitledCents - input.outstandingCents);
  const unspentCents = Math.min(amountCents, Math.max(0, input.paidCents - entitledOnActual - input.outstandingCents));
  return {
    strand: input.strand,
    budgetYear: input.budgetYear,
    paidCents: input.paidCents,
    entitledCents,
    unspentCents,
    ineligibleCents: amountCents - unspentCents,
    amountCents,
  };
}

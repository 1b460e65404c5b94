// The plain steps of a grant on a transaction, without access checks or audit: decide an application (grant,
// decision 1 with its PDF, amounts in force committing the budget) and amend a grant (next decision, amounts in
// force changed). Used by grant.service.ts and callable from the demo seed and the innovation fund (FB5).
import { AppError } from '../platform/errors.ts';
import { assessApplication, bodyError } from './application-records.ts';
import { definitionOf } from './application.presenter.ts';
import { updateApplicationRow, type ApplicationViewRow } from './application.repository.ts';
import { renderDecisionPdf, type DecisionDocumentInput } from './grant-document.ts';
import {
  advanceDecision,
  amountsOf,
  insertDecision,
  insertGrant,
  setAmountsInForce,
  type GrantViewRow,
} from './grant.repository.ts';
import {
  decisionProblems,
  defaultFundingRateBp,
  proposeDecision,
  termsProblems,
  type DecisionTerms,
} from './grant.rules.ts';
import type { Amend, Decide } from './grant.schema.ts';
import { withinLimits, type FundingProblem, type Trx } from './funding.context.ts';
import { sumCents } from './money.shared.ts';
import { strandOf, type ProgrammeDefinition } from './programme.definition.ts';

function refuse(problems: readonly FundingProblem[], message: string): never {
  throw new AppError('validation_failed', message, {
    fieldErrors: problems.map((p) => bodyError(p.field, p.code, p.message)),
  });
}

export interface Decider {
  userId: string;
  /** the approving authority's name, as it signs the decision */
  authorityName: string;
}

function documentAmounts(
  definition: ProgrammeDefinition,
  amounts: DecisionTerms['amounts'],
  eligible: (strand: string, budgetYear: number) => number | null,
) {
  return amounts.map((amount) => ({
    strand: amount.strand,
    strandName: strandOf(definition, amount.strand)?.name ?? amount.strand,
    budgetYear: amount.budgetYear,
    eligibleCents: eligible(amount.strand, amount.budgetYear),
    amountCents: amount.amountCents,
    unitCents: amount.unitCents ?? null,
    unitCount: amount.unitCount ?? null,
  }));
}

/**
 * Decides a submitted or reviewed application (locked by the caller): refused with every problem (400); the
 * amounts commit the budget (no budget, or over it: 409 naming the limit, nothing written). Answers the grant's id.
 */
export async function decideApplicationRecord(
  trx: Trx,
  row: ApplicationViewRow,
  decider: Decider,
  input: Decide,
  now: Date,
): Promise<string> {
  if (row.status !== 'submitted' && row.status !== 'in_review') {
    throw new AppError('conflict', `An application that is ${row.status} cannot be decided.`);
  }
  if (row.reference === null) throw new Error(`submitted application ${row.id} has no reference`);
  const { plan } = await assessApplication(trx, row);
  const terms: DecisionTerms = {
    ...input,
    fundingRateBp:
      input.financingType === 'share' && input.fundingRateBp === undefined
        ? defaultFundingRateBp(plan)
        : (input.fundingRateBp ?? null),
  };
  const problems = decisionProblems(plan, terms);
  if (problems.length > 0) refuse(problems, 'The decision has problems.');
  const proposal = proposeDecision(plan, terms);
  const eligible = (strand: string, budgetYear: number) =>
    proposal.amounts.find((a) => a.strand === strand && a.budgetYear === budgetYear)?.eligibleCents ?? null;
  const definition = plan.definition;
  const grantId = await insertGrant(trx, {
    municipality_id: row.municipality_id,
    application_id: row.id,
    programme_id: row.programme_id,
    programme_version: row.programme_version,
    recipient_id: row.applicant_id,
    reference: row.reference,
    is_demo: row.is_demo,
  });
  const document = await renderDecisionPdf({
    ...documentBase(definition, row, decider, now),
    kind: 'decision',
    seq: 1,
    periodFrom: terms.periodFrom,
    periodTo: terms.periodTo,
    financingType: terms.financingType,
    fundingRateBp: terms.fundingRateBp ?? null,
    conditions: definition.conditions.decision,
    specialConditions: input.specialConditions ?? null,
    reason: input.reason ?? null,
    amounts: documentAmounts(definition, terms.amounts, eligible),
  });
  await insertDecision(
    trx,
    {
      municipality_id: row.municipality_id,
      grant_id: grantId,
      seq: 1,
      kind: 'decision',
      period_from: terms.periodFrom,
      period_to: terms.periodTo,
      financing_type: terms.financingType,
      funding_rate_bp: terms.fundingRateBp ?? null,
      conditions: definition.conditions.decision,
      special_conditions: input.specialConditions ?? null,
      reason: input.reason ?? null,
      decided_by: decider.userId,
      decided_at: now,
      document: document.pdf,
      document_sha256: document.sha256,
    },
    terms.amounts.map((amount) => ({
      municipality_id: row.municipality_id,
      grant_id: grantId,
      seq: 1,
      strand: amount.strand,
      budget_year: amount.budgetYear,
      amount_cents: amount.amountCents,
      eligible_cents: eligible(amount.strand, amount.budgetYear),
      unit_cents: amount.unitCents ?? null,
      unit_count: amount.unitCount ?? null,
    })),
  );
  await withinLimits(() => setAmountsInForce(trx, row.municipality_id, grantId, terms.amounts));
  await updateApplicationRow(trx, row.municipality_id, row.id, { status: 'decided', decided_at: now });
  return grantId;
}

function documentBase(
  definition: ProgrammeDefinition,
  header: { reference: string | null; municipality_name: string; title: string; programme_version: number },
  decider: Decider,
  now: Date,
): Pick<
  DecisionDocumentInput,
  | 'reference'
  | 'decidedAt'
  | 'authorityName'
  | 'recipientName'
  | 'programmeName'
  | 'programmeVersion'
  | 'legalBasis'
  | 'applicationTitle'
> {
  return {
    reference: header.reference ?? '',
    decidedAt: now,
    authorityName: decider.authorityName,
    recipientName: header.municipality_name,
    programmeName: definition.name,
    programmeVersion: header.programme_version,
    legalBasis: definition.legalBasis,
    applicationTitle: header.title,
  };
}

/**
 * Amends a grant (locked by the caller): the next decision with its PDF, the amounts in force set to the
 * amendment's (never below what was paid or forwarded, never over the budget: 409 naming the limit).
 */
export async function amendGrantRecord(
  trx: Trx,
  grant: GrantViewRow,
  decider: Decider,
  input: Amend,
  now: Date,
): Promise<number> {
  const definition = definitionOf(grant);
  const financingType = input.financingType ?? grant.financing_type;
  const terms: DecisionTerms = {
    periodFrom: input.periodFrom ?? grant.period_from,
    periodTo: input.periodTo ?? grant.period_to,
    financingType,
    fundingRateBp:
      input.fundingRateBp !== undefined
        ? input.fundingRateBp
        : financingType === 'share'
          ? grant.funding_rate_bp
          : null,
    amounts: input.amounts,
  };
  const problems = termsProblems(definition, terms);
  if (problems.length > 0) refuse(problems, 'The amendment has problems.');
  const before = await amountsOf(trx, grant.municipality_id, grant.id);
  const seq = grant.current_decision + 1;
  const document = await renderDecisionPdf({
    ...documentBase(definition, grant, decider, now),
    kind: 'amendment',
    seq,
    periodFrom: terms.periodFrom,
    periodTo: terms.periodTo,
    financingType: terms.financingType,
    fundingRateBp: terms.fundingRateBp ?? null,
    conditions: grant.conditions,
    specialConditions: input.specialConditions ?? null,
    reason: input.reason,
    amounts: documentAmounts(definition, terms.amounts, () => null),
    previousTotalCents: sumCents(before.map((a) => a.decided_cents)),
  });
  await insertDecision(
    trx,
    {
      municipality_id: grant.municipality_id,
      grant_id: grant.id,
      seq,
      kind: 'amendment',
      period_from: terms.periodFrom,
      period_to: terms.periodTo,
      financing_type: terms.financingType,
      funding_rate_bp: terms.fundingRateBp ?? null,
      conditions: grant.conditions,
      special_conditions: input.specialConditions ?? null,
      reason: input.reason,
      decided_by: decider.userId,
      decided_at: now,
      document: document.pdf,
      document_sha256: document.sha256,
    },
    terms.amounts.map((amount) => ({
      municipality_id: grant.municipality_id,
      grant_id: grant.id,
      seq,
      strand: amount.strand,
      budget_year: amount.budgetYear,
      amount_cents: amount.amountCents,
      eligible_cents: null,
      unit_cents: amount.unitCents ?? null,
      unit_count: amount.unitCount ?? null,
    })),
  );
  await withinLimits(() => setAmountsInForce(trx, grant.municipality_id, grant.id, terms.amounts));
  await advanceDecision(trx, grant.municipality_id, grant.id, seq);
  return seq;
}

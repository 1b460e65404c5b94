// A proof of use as the API shows it: the stored proof with its statement assessed by the tolerance rule of the
// grant's programme version, the receipts, the providers' proofs of the same grant and period, the recovery
// claims, and what the signed-in user may do with it. Read inside the use case's transaction.
import type { Actor } from '../access/access.rules.ts';
import { narrativeSections } from './funding.codes.ts';
import type { Trx } from './funding.context.ts';
import { findGrant, grantAmounts, type GrantFacts } from './payment.repository.ts';
import { EDITABLE, mayAudit, mayCheck, mayWrite, type ProofOwner } from './proof-access.ts';
import {
  decisionFacts,
  proofLines,
  proofReceipts,
  providerProofsFor,
  type LineRow,
  type ProofRow,
  type ReceiptRow,
} from './proof.repository.ts';
import { assessStatement, groupKey, type StatementAssessment } from './proof.rules.ts';
import {
  figureTableSchema,
  type Narrative,
  type ProofSummary,
  type ProofView,
  type ReceiptView,
  type RecoveryClaimView,
} from './proof.schema.ts';
import { claimsOfProof, type ClaimRow } from './recovery.repository.ts';

export function ownerOf(row: Pick<ProofRow, 'municipality_id' | 'provider_id'>): ProofOwner {
  return { municipalityId: row.municipality_id, providerId: row.provider_id };
}

export function narrativeOf(stored: unknown): Narrative {
  const source = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  return Object.fromEntries(
    narrativeSections.map((section) => {
      const value = source[section];
      return [section, typeof value === 'string' ? value : ''];
    }),
  ) as Narrative;
}

export function presentSummary(row: ProofRow): ProofSummary {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    grantId: row.grant_id,
    grantReference: row.grant_reference,
    contractId: row.contract_id,
    contractReference: row.contract_reference,
    providerId: row.provider_id,
    providerName: row.provider_name,
    kind: row.kind,
    budgetYear: row.budget_year,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    dueOn: row.due_on,
    status: row.status,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    attachedTo: row.attached_to,
    plannedCents: row.planned_cents,
    actualCents: row.actual_cents,
    version: row.version,
  };
}

export function presentReceipt(row: ReceiptRow): ReceiptView {
  return {
    id: row.id,
    proofId: row.proof_id,
    lineId: row.line_id,
    receiptDate: row.receipt_date,
    payee: row.payee,
    purpose: row.purpose,
    reference: row.reference,
    amountCents: row.amount_cents,
    retainUntil: row.retain_until,
    version: row.version,
  };
}

export function presentClaim(row: ClaimRow): RecoveryClaimView {
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    municipalityName: row.municipality_name,
    grantId: row.grant_id,
    grantReference: row.grant_reference,
    proofId: row.proof_id,
    strand: row.strand,
    budgetYear: row.budget_year,
    paidCents: row.paid_cents,
    entitledCents: row.entitled_cents,
    unspentCents: row.unspent_cents,
    ineligibleCents: row.ineligible_cents,
    amountCents: row.amount_cents,
    repaidCents: row.repaid_cents,
    status: row.status,
    dueOn: row.due_on,
    reason: row.reason,
    issuedAt: row.issued_at?.toISOString() ?? null,
    settledAt: row.settled_at?.toISOString() ?? null,
    version: row.version,
  };
}

/** The statement of a proof assessed: lines, groups with their binding totals, problems. */
export interface AssessedStatement {
  grant: GrantFacts;
  lines: LineRow[];
  assessment: StatementAssessment;
  /** decided and paid per "strand-year" (the municipality's proof) */
  amounts: Map<string, { decidedCents: number; paidCents: number }>;
}

export async function assessProof(trx: Trx, row: ProofRow): Promise<AssessedStatement> {
  const grant = await findGrant(trx, row.grant_id);
  if (!grant) throw new Error(`grant ${row.grant_id} of proof ${row.id} is not visible`);
  const lines = await proofLines(trx, row.municipality_id, row.id);
  const binding = new Map<string, number>();
  const amounts = new Map<string, { decidedCents: number; paidCents: number }>();
  if (row.provider_id === null) {
    const decision = await decisionFacts(trx, row.municipality_id, row.grant_id);
    for (const amount of decision.amounts) {
      if (amount.eligibleCents !== null) binding.set(groupKey(amount.strand, amount.budgetYear), amount.eligibleCents);
    }
    for (const amount of await grantAmounts(trx, row.municipality_id, row.grant_id)) {
      amounts.set(groupKey(amount.strand, amount.budgetYear), {
        decidedCents: amount.decidedCents,
        paidCents: amount.paidCents,
      });
    }
  }
  const assessment = assessStatement(
    lines.map((line) => ({
      id: line.id,
      strand: line.strand,
      budgetYear: line.budget_year,
      plannedCents: line.planned_cents,
      actualCents: line.actual_cents,
    })),
    grant.definition.lineToleranceBp,
    binding,
  );
  return { grant, lines, assessment, amounts };
}

export async function presentProof(trx: Trx, actor: Actor, row: ProofRow): Promise<ProofView> {
  const { grant, lines, assessment, amounts } = await assessProof(trx, row);
  const receipts = await proofReceipts(trx, row.municipality_id, row.id);
  const providerProofs = row.provider_id === null ? await providerProofsFor(trx, row) : [];
  const claims = row.provider_id === null ? await claimsOfProof(trx, row.municipality_id, row.id) : [];
  const owner = ownerOf(row);
  const editable = EDITABLE.includes(row.status) && mayWrite(actor, owner);
  const figures = figureTableSchema.safeParse(row.figures);
  const receiptSums = new Map<string, number>();
  for (const receipt of receipts) {
    receiptSums.set(receipt.line_id, (receiptSums.get(receipt.line_id) ?? 0) + receipt.amount_cents);
  }
  return {
    ...presentSummary(row),
    narrative: narrativeOf(row.narrative),
    figures: figures.success ? figures.data : null,
    figuresAt: row.figures_at?.toISOString() ?? null,
    returnReason: row.return_reason,
    returnedAt: row.returned_at?.toISOString() ?? null,
    acceptedAt: row.accepted_at?.toISOString() ?? null,
    auditedAt: row.audited_at?.toISOString() ?? null,
    auditResult: row.audit_result,
    auditFindings: row.audit_findings,
    eligibleCents: row.eligible_cents,
    lineToleranceBp: grant.definition.lineToleranceBp,
    receiptRetentionYears: grant.definition.receiptRetentionYears,
    lines: lines.map((line, index) => {
      const assessed = assessment.lines[index];
      return {
        id: line.id,
        strand: line.strand,
        budgetYear: line.budget_year,
        category: line.category,
        description: line.description,
        plannedCents: line.planned_cents,
        actualCents: line.actual_cents,
        note: line.note,
        status: assessed?.status ?? 'missing',
        deviationCents: assessed?.deviationCents ?? 0,
        toleranceCents: assessed?.toleranceCents ?? 0,
        overToleranceCents: assessed?.overToleranceCents ?? 0,
        receiptsCents: receiptSums.get(line.id) ?? 0,
      };
    }),
    groups: assessment.groups.map((group) => {
      const amount = amounts.get(groupKey(group.strand, group.budgetYear));
      return { ...group, decidedCents: amount?.decidedCents ?? null, paidCents: amount?.paidCents ?? null };
    }),
    totals: assessment.totals,
    problems: assessment.problems,
    receipts: receipts.map(presentReceipt),
    providerProofs: providerProofs.map(presentSummary),
    claims: claims.map(presentClaim),
    can: {
      edit: editable,
      submit: editable,
      check: row.status === 'submitted' && mayCheck(actor, owner),
      audit: row.status === 'submitted' && mayAudit(actor, owner),
    },
  };
}

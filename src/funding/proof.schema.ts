// Proof of use (Verwendungsnachweis) with its narrative report, figures, financial statement and receipts; the
// authority's audit and the recovery claims: request and response shapes, shared by the API (validation, OpenAPI,
// response allow-lists) and the web forms.
import { z } from 'zod';
import { notEmpty, optionalText, requiredText } from '../cases/case-work.schema.ts';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  auditResults,
  costCategories,
  narrativeSections,
  proofKinds,
  proofStatuses,
  recoveryClaimStatuses,
} from './funding.codes.ts';
import { budgetYear, cents, strandCode } from './programme.definition.ts';

const version = z.number().int().positive();
const NOTHING_TO_CHANGE = 'name at least one field to change';

export const proofParamsSchema = z.strictObject({ proofId: z.uuid() });
export const receiptParamsSchema = z.strictObject({ proofId: z.uuid(), receiptId: z.uuid() });
export const claimParamsSchema = z.strictObject({ claimId: z.uuid() });
export const grantProofsParamsSchema = z.strictObject({ grantId: z.uuid() });

// --- Requests ------------------------------------------------------------------------------------------------

export const createProofSchema = z
  .strictObject({
    grantId: z.uuid(),
    /** a provider's proof for its forwarding contract; without: the municipality's own proof */
    contractId: z.uuid().optional(),
    kind: z.enum(proofKinds),
    /** the budget year of an interim statement; not given for the final proof */
    budgetYear: budgetYear.optional(),
  })
  .superRefine((value, context) => {
    if (value.kind === 'interim' && value.budgetYear === undefined) {
      context.addIssue({ code: 'custom', path: ['budgetYear'], message: 'an interim statement names its budget year' });
    }
    if (value.kind === 'final' && value.budgetYear !== undefined) {
      context.addIssue({ code: 'custom', path: ['budgetYear'], message: 'the final proof covers the whole period' });
    }
  })
  .meta({ id: 'CreateProofOfUse' });
export type CreateProof = z.infer<typeof createProofSchema>;

const sectionText = z.string().max(20_000);
export const narrativeSchema = z
  .object(Object.fromEntries(narrativeSections.map((s) => [s, z.string()])) as Record<NarrativeKey, z.ZodString>)
  .meta({ id: 'ProofNarrative' });
type NarrativeKey = (typeof narrativeSections)[number];
export type Narrative = Record<NarrativeKey, string>;

export const updateNarrativeSchema = z
  .strictObject(
    Object.fromEntries(narrativeSections.map((s) => [s, sectionText.optional()])) as Record<
      NarrativeKey,
      z.ZodOptional<typeof sectionText>
    >,
  )
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateProofNarrative' });
export type UpdateNarrative = z.infer<typeof updateNarrativeSchema>;

export const statementEntrySchema = z
  .strictObject({
    lineId: z.uuid(),
    /** spent; null clears the entry */
    actualCents: cents.nullable(),
    note: optionalText(2000),
  })
  .meta({ id: 'ProofStatementEntry' });

export const updateStatementSchema = z
  .strictObject({ lines: z.array(statementEntrySchema).min(1).max(500) })
  .superRefine((value, context) => {
    const seen = new Set<string>();
    value.lines.forEach((line, index) => {
      if (seen.has(line.lineId)) {
        context.addIssue({ code: 'custom', path: ['lines', index, 'lineId'], message: 'each line once' });
      }
      seen.add(line.lineId);
    });
  })
  .meta({ id: 'UpdateProofStatement' });
export type UpdateStatement = z.infer<typeof updateStatementSchema>;

const receiptFields = {
  lineId: z.uuid(),
  receiptDate: inputDate,
  payee: requiredText(200),
  purpose: requiredText(500),
  reference: optionalText(60),
  amountCents: cents.min(1),
};
export const createReceiptSchema = z.strictObject(receiptFields).meta({ id: 'CreateProofReceipt' });
export type CreateReceipt = z.infer<typeof createReceiptSchema>;
export const updateReceiptSchema = z
  .strictObject(receiptFields)
  .partial()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateProofReceipt' });
export type UpdateReceipt = z.infer<typeof updateReceiptSchema>;

export const returnProofSchema = z.strictObject({ reason: requiredText(4000) }).meta({ id: 'ReturnProofOfUse' });
export type ReturnProof = z.infer<typeof returnProofSchema>;

export const auditProofSchema = z
  .strictObject({
    result: z.enum(auditResults),
    findings: optionalText(20_000),
    /** the eligible spending per strand and year as audited; a group not named keeps what the rules allow */
    eligible: z
      .array(z.strictObject({ strand: strandCode, budgetYear, eligibleCents: cents }))
      .max(100)
      .default([]),
  })
  .superRefine((value, context) => {
    if (value.result === 'findings' && !value.findings) {
      context.addIssue({ code: 'custom', path: ['findings'], message: 'describe the findings' });
    }
  })
  .meta({ id: 'AuditProofOfUse' });
export type AuditProof = z.infer<typeof auditProofSchema>;

export const issueClaimSchema = z
  .strictObject({ dueOn: inputDate, reason: optionalText(20_000) })
  .meta({ id: 'IssueRecoveryClaim' });
export type IssueClaim = z.infer<typeof issueClaimSchema>;

export const repaymentSchema = z
  .strictObject({ amountCents: cents.min(1), bookedOn: inputDate, note: optionalText(2000) })
  .meta({ id: 'BookRepayment' });
export type Repayment = z.infer<typeof repaymentSchema>;

// --- Responses -----------------------------------------------------------------------------------------------

const figureCell = z.union([z.number().int().nonnegative(), z.literal('.'), z.null()]);
const figureCells = z
  .object({
    participants: figureCell,
    women: figureCell,
    enrolments: figureCell,
    completions: figureCell,
    dropouts: figureCell,
    placements: figureCell,
  })
  .meta({ id: 'ProofFigureCells' });
export const figureTableSchema = z
  .object({
    threshold: z.number().int(),
    rows: z.array(z.object({ strand: z.string(), basis: z.enum(['offers', 'cases']), cells: figureCells })),
    total: figureCells,
  })
  .meta({ id: 'ProofFigures' });
export type FigureTableView = z.infer<typeof figureTableSchema>;

export const proofProblemSchema = z
  .object({ field: z.string(), code: z.string(), message: z.string() })
  .meta({ id: 'ProofProblem' });
export type ProofProblem = z.infer<typeof proofProblemSchema>;

export const proofLineSchema = z
  .object({
    id: z.uuid(),
    strand: z.string(),
    budgetYear: z.number().int(),
    category: z.enum(costCategories),
    description: z.string(),
    plannedCents: z.number().int(),
    actualCents: z.number().int().nullable(),
    note: z.string().nullable(),
    status: z.enum(['missing', 'within_plan', 'within_tolerance', 'over_tolerance']),
    deviationCents: z.number().int(),
    toleranceCents: z.number().int(),
    overToleranceCents: z.number().int(),
    receiptsCents: z.number().int(),
  })
  .meta({ id: 'ProofStatementLine' });
export type ProofLine = z.infer<typeof proofLineSchema>;

export const proofGroupSchema = z
  .object({
    strand: z.string(),
    budgetYear: z.number().int(),
    plannedCents: z.number().int(),
    bindingCents: z.number().int(),
    actualCents: z.number().int(),
    savingsCents: z.number().int(),
    overrunCents: z.number().int(),
    notOffsetCents: z.number().int(),
    eligibleCents: z.number().int(),
    ineligibleCents: z.number().int(),
    /** the decided grant and what was paid of it (the municipality's proof; null for a provider's) */
    decidedCents: z.number().int().nullable(),
    paidCents: z.number().int().nullable(),
  })
  .meta({ id: 'ProofStatementGroup' });
export type ProofGroup = z.infer<typeof proofGroupSchema>;

export const receiptSchema = z
  .object({
    id: z.uuid(),
    proofId: z.uuid(),
    lineId: z.uuid(),
    receiptDate: isoDate,
    payee: z.string(),
    purpose: z.string(),
    reference: z.string().nullable(),
    amountCents: z.number().int(),
    retainUntil: isoDate.nullable(),
    version,
  })
  .meta({ id: 'ProofReceipt' });
export type ReceiptView = z.infer<typeof receiptSchema>;

export const recoveryClaimSchema = z
  .object({
    id: z.uuid(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    grantId: z.uuid(),
    grantReference: z.string(),
    proofId: z.uuid(),
    strand: z.string(),
    budgetYear: z.number().int(),
    paidCents: z.number().int(),
    entitledCents: z.number().int(),
    unspentCents: z.number().int(),
    ineligibleCents: z.number().int(),
    amountCents: z.number().int(),
    repaidCents: z.number().int(),
    status: z.enum(recoveryClaimStatuses),
    dueOn: isoDate.nullable(),
    reason: z.string().nullable(),
    issuedAt: isoDateTime.nullable(),
    settledAt: isoDateTime.nullable(),
    version,
  })
  .meta({ id: 'RecoveryClaim' });
export type RecoveryClaimView = z.infer<typeof recoveryClaimSchema>;

const summaryFields = {
  id: z.uuid(),
  municipalityId: z.uuid(),
  municipalityName: z.string(),
  grantId: z.uuid(),
  grantReference: z.string(),
  contractId: z.uuid().nullable(),
  contractReference: z.string().nullable(),
  providerId: z.uuid().nullable(),
  providerName: z.string().nullable(),
  kind: z.enum(proofKinds),
  budgetYear: z.number().int().nullable(),
  periodFrom: isoDate,
  periodTo: isoDate,
  dueOn: isoDate,
  status: z.enum(proofStatuses),
  submittedAt: isoDateTime.nullable(),
  attachedTo: z.uuid().nullable(),
  plannedCents: z.number().int(),
  actualCents: z.number().int(),
  version,
};
export const proofSummarySchema = z.object(summaryFields).meta({ id: 'ProofOfUseSummary' });
export type ProofSummary = z.infer<typeof proofSummarySchema>;

export const proofSchema = z
  .object({
    ...summaryFields,
    narrative: narrativeSchema,
    figures: figureTableSchema.nullable(),
    figuresAt: isoDateTime.nullable(),
    returnReason: z.string().nullable(),
    returnedAt: isoDateTime.nullable(),
    acceptedAt: isoDateTime.nullable(),
    auditedAt: isoDateTime.nullable(),
    auditResult: z.enum(auditResults).nullable(),
    auditFindings: z.string().nullable(),
    eligibleCents: z.number().int().nullable(),
    /** the programme's line tolerance (basis points) the statement is assessed with */
    lineToleranceBp: z.number().int(),
    receiptRetentionYears: z.number().int(),
    lines: z.array(proofLineSchema),
    groups: z.array(proofGroupSchema),
    totals: z.object({
      plannedCents: z.number().int(),
      actualCents: z.number().int(),
      eligibleCents: z.number().int(),
      ineligibleCents: z.number().int(),
    }),
    /** what the statement shows (the excess is not eligible) */
    problems: z.array(proofProblemSchema),
    receipts: z.array(receiptSchema),
    /** providers' proofs of the same grant and period (the municipality's own proof only) */
    providerProofs: z.array(proofSummarySchema),
    claims: z.array(recoveryClaimSchema),
    /** what the signed-in user may do with it now */
    can: z.object({ edit: z.boolean(), submit: z.boolean(), check: z.boolean(), audit: z.boolean() }),
  })
  .meta({ id: 'ProofOfUse' });
export type ProofView = z.infer<typeof proofSchema>;

export const proofSortFields = ['dueOn', 'createdAt'] as const;
export type ProofSortField = (typeof proofSortFields)[number];
export const listProofsQuerySchema = listQuerySchema({
  sort: proofSortFields,
  defaultSort: 'dueOn',
  filters: {
    grantId: z.uuid().optional(),
    status: z.enum(proofStatuses).optional(),
    kind: z.enum(proofKinds).optional(),
    /** municipality: the municipalities' own proofs; provider: the providers' proofs for their contracts */
    origin: z.enum(['municipality', 'provider']).optional(),
  },
});
export type ListProofsQuery = z.infer<typeof listProofsQuerySchema>;
export const proofPageSchema = pageSchema(proofSummarySchema, 'ProofOfUsePage');
export type ProofPage = z.infer<typeof proofPageSchema>;

export const claimSortFields = ['createdAt', 'amountCents'] as const;
export type ClaimSortField = (typeof claimSortFields)[number];
export const listClaimsQuerySchema = listQuerySchema({
  sort: claimSortFields,
  defaultSort: '-createdAt',
  filters: {
    grantId: z.uuid().optional(),
    proofId: z.uuid().optional(),
    status: z.enum(recoveryClaimStatuses).optional(),
  },
});
export type ListClaimsQuery = z.infer<typeof listClaimsQuerySchema>;
export const recoveryClaimPageSchema = pageSchema(recoveryClaimSchema, 'RecoveryClaimPage');
export type RecoveryClaimPage = z.infer<typeof recoveryClaimPageSchema>;

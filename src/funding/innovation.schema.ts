// The innovation fund (FB5) in the API: calls with their scoring criteria, proposals with requested amounts and
// concept documents, the steering committee's scores and the ranking. Shared by the API (validation, OpenAPI,
// response allow-lists) and the web forms. Amounts are integer cents.
import { z } from 'zod';
import { inputDate, inputDateTime, isoDate } from '../platform/dates.ts';
import { innovationCallStatuses, innovationDocumentKinds, innovationProposalStatuses } from './innovation.codes.ts';
import { budgetYear, cents } from './programme.definition.ts';

const requiredText = (max: number) => z.string().trim().min(1).max(max);
const NOTHING_TO_CHANGE = 'name at least one field to change';

// --- Calls -------------------------------------------------------------------------------------------------

export const CRITERION_CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A scoring criterion: each committee member gives 0…maxScore points; weight is its relative importance. */
export const criterionSchema = z
  .strictObject({
    code: z.string().regex(CRITERION_CODE_PATTERN, 'a code like "innovation" (a–z, 0–9, _)'),
    label: requiredText(200),
    weight: z.number().int().min(1).max(100),
    maxScore: z.number().int().min(1).max(100),
  })
  .meta({ id: 'InnovationCriterion' });
export type InnovationCriterion = z.infer<typeof criterionSchema>;

export const criteriaSchema = z
  .array(criterionSchema)
  .min(1)
  .max(20)
  .superRefine((criteria, context) => {
    const codes = criteria.map((criterion) => criterion.code);
    codes.forEach((code, index) => {
      if (codes.indexOf(code) !== index) {
        context.addIssue({ code: 'custom', path: [index, 'code'], message: 'criterion codes must be unique' });
      }
    });
  });

const callFields = {
  title: requiredText(200),
  description: z.string().trim().max(20000),
  opensAt: inputDateTime,
  deadline: inputDateTime,
  criteria: criteriaSchema,
};

export const createCallSchema = z
  .strictObject({
    programmeId: z.uuid(),
    /** the strand the call is for; it must take proposals by call (FB5) */
    strand: z.string().regex(/^[A-Z][A-Z0-9_-]{0,15}$/),
    ...callFields,
    description: callFields.description.default(''),
  })
  .refine((call) => Date.parse(call.deadline) > Date.parse(call.opensAt), {
    path: ['deadline'],
    message: 'the deadline must be after the opening',
  })
  .meta({ id: 'InnovationCallCreate' });
export type CreateCall = z.infer<typeof createCallSchema>;

export const updateCallSchema = z
  .strictObject({
    title: callFields.title.optional(),
    description: callFields.description.optional(),
    opensAt: callFields.opensAt.optional(),
    deadline: callFields.deadline.optional(),
    criteria: callFields.criteria.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, NOTHING_TO_CHANGE)
  .meta({ id: 'InnovationCallUpdate' });
export type UpdateCall = z.infer<typeof updateCallSchema>;

export const callTransitionSchema = z
  .strictObject({ status: z.enum(['published', 'ranking_closed', 'completed']) })
  .meta({ id: 'InnovationCallTransition' });
export type CallTransition = z.infer<typeof callTransitionSchema>;

export const callSchema = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeVersion: z.number().int(),
    programmeName: z.string(),
    strand: z.string(),
    title: z.string(),
    description: z.string(),
    opensAt: z.iso.datetime({ offset: true }),
    deadline: z.iso.datetime({ offset: true }),
    criteria: z.array(criterionSchema),
    status: z.enum(innovationCallStatuses),
    /** whether a proposal can be submitted now (published, opened, before the deadline) */
    acceptsProposals: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'InnovationCall' });
export type InnovationCall = z.infer<typeof callSchema>;

export const callListSchema = z.object({ items: z.array(callSchema) }).meta({ id: 'InnovationCallList' });
export type InnovationCallList = z.infer<typeof callListSchema>;

export const callParamsSchema = z.strictObject({ callId: z.uuid() });

// --- Proposals ---------------------------------------------------------------------------------------------

export const requestedAmountSchema = z
  .strictObject({ budgetYear, amountCents: cents.min(1) })
  .meta({ id: 'InnovationRequestedAmount' });
export type RequestedAmount = z.infer<typeof requestedAmountSchema>;

const amountsSchema = z
  .array(requestedAmountSchema)
  .min(1)
  .max(10)
  .superRefine((amounts, context) => {
    const years = amounts.map((amount) => amount.budgetYear);
    years.forEach((year, index) => {
      if (years.indexOf(year) !== index) {
        context.addIssue({ code: 'custom', path: [index, 'budgetYear'], message: 'one amount per budget year' });
      }
    });
  });

const proposalFields = {
  title: requiredText(200),
  summary: z.string().trim().max(20000),
  periodFrom: inputDate,
  periodTo: inputDate,
  amounts: amountsSchema,
};

export const createProposalSchema = z
  .strictObject({
    callId: z.uuid(),
    /** the municipality where the project runs; by default the proposer's active municipality */
    municipalityId: z.uuid().optional(),
    ...proposalFields,
    summary: proposalFields.summary.default(''),
  })
  .refine((proposal) => proposal.periodTo >= proposal.periodFrom, {
    path: ['periodTo'],
    message: 'the period ends before it starts',
  })
  .meta({ id: 'InnovationProposalCreate' });
export type CreateProposal = z.infer<typeof createProposalSchema>;

export const updateProposalSchema = z
  .strictObject({
    title: proposalFields.title.optional(),
    summary: proposalFields.summary.optional(),
    periodFrom: proposalFields.periodFrom.optional(),
    periodTo: proposalFields.periodTo.optional(),
    amounts: proposalFields.amounts.optional(),
  })
  .refine((value) => Object.keys(value).length > 0, NOTHING_TO_CHANGE)
  .meta({ id: 'InnovationProposalUpdate' });
export type UpdateProposal = z.infer<typeof updateProposalSchema>;

export const documentSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(innovationDocumentKinds),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string(),
    createdAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'InnovationDocument' });
export type InnovationDocument = z.infer<typeof documentSchema>;

export const proposalSchema = z
  .object({
    id: z.uuid(),
    callId: z.uuid(),
    callTitle: z.string(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    applicantId: z.uuid(),
    applicantName: z.string(),
    title: z.string(),
    summary: z.string(),
    periodFrom: isoDate,
    periodTo: isoDate,
    amounts: z.array(z.object({ budgetYear: z.number().int(), amountCents: z.number().int() })),
    requestedCents: z.number().int(),
    status: z.enum(innovationProposalStatuses),
    submittedAt: z.iso.datetime({ offset: true }).nullable(),
    selectedAt: z.iso.datetime({ offset: true }).nullable(),
    /** the funding application a selected proposal became */
    applicationId: z.uuid().nullable(),
    documents: z.array(documentSchema),
    /** whether the signed-in user may change it (its applicant organisation, while it is a draft) */
    editable: z.boolean(),
    version: z.number().int(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'InnovationProposal' });
export type InnovationProposal = z.infer<typeof proposalSchema>;

export const proposalListQuerySchema = z.strictObject({
  callId: z.uuid().optional(),
  status: z.enum(innovationProposalStatuses).optional(),
});
export type ProposalListQuery = z.infer<typeof proposalListQuerySchema>;

const proposalSummarySchema = proposalSchema.omit({ documents: true, summary: true });
export const proposalListSchema = z
  .object({ items: z.array(proposalSummarySchema.meta({ id: 'InnovationProposalSummary' })) })
  .meta({ id: 'InnovationProposalList' });
export type InnovationProposalList = z.infer<typeof proposalListSchema>;
export type InnovationProposalSummary = InnovationProposalList['items'][number];

export const proposalParamsSchema = z.strictObject({ proposalId: z.uuid() });
export const documentParamsSchema = z.strictObject({ proposalId: z.uuid(), documentId: z.uuid() });

/** The form fields of a document upload (multipart/form-data: these fields and one part "file"). */
export const documentUploadFieldsSchema = z
  .strictObject({ title: requiredText(200), kind: z.enum(innovationDocumentKinds) })
  .meta({ id: 'InnovationDocumentUploadFields' });
export type InnovationDocumentUploadFields = z.infer<typeof documentUploadFieldsSchema>;
export const documentUploadSchema = documentUploadFieldsSchema
  .extend({ file: z.string().min(1).meta({ format: 'binary', description: 'The file (one part)' }) })
  .meta({ id: 'InnovationDocumentUpload' });

// --- Scores ------------------------------------------------------------------------------------------------

export const createScoreSchema = z
  .strictObject({
    criterion: z.string().regex(CRITERION_CODE_PATTERN),
    score: z.number().int().min(0).max(100),
    comment: z.string().trim().max(4000).optional(),
  })
  .meta({ id: 'InnovationScoreCreate' });
export type CreateScore = z.infer<typeof createScoreSchema>;

export const updateScoreSchema = z
  .strictObject({
    score: z.number().int().min(0).max(100).optional(),
    comment: z.string().trim().max(4000).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, NOTHING_TO_CHANGE)
  .meta({ id: 'InnovationScoreUpdate' });
export type UpdateScore = z.infer<typeof updateScoreSchema>;

export const scoreSchema = z
  .object({
    proposalId: z.uuid(),
    criterion: z.string(),
    score: z.number().int(),
    comment: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'InnovationScore' });
export type InnovationScore = z.infer<typeof scoreSchema>;

export const scoreListSchema = z.object({ items: z.array(scoreSchema) }).meta({ id: 'InnovationScoreList' });
export type InnovationScoreList = z.infer<typeof scoreListSchema>;

export const scoreParamsSchema = z.strictObject({
  proposalId: z.uuid(),
  criterion: z.string().regex(CRITERION_CODE_PATTERN),
});

// --- Ranking -----------------------------------------------------------------------------------------------

const criterionResultSchema = z.object({
  criterion: z.string(),
  /** the members' mean score on the criterion (2 decimals), null without a score */
  mean: z.number().nullable(),
  scorers: z.number().int(),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  /** max − min of the members' scores */
  spread: z.number().int().nullable(),
});

export const tieBreakers = ['heaviest_criteria', 'requested_amount', 'submitted_at'] as const;
export type TieBreaker = (typeof tieBreakers)[number];

export const rankedProposalSchema = z
  .object({
    proposalId: z.uuid(),
    title: z.string(),
    municipalityName: z.string(),
    applicantName: z.string(),
    status: z.enum(innovationProposalStatuses),
    requestedCents: z.number().int(),
    /** 1, 2, 2, 4 … (a shared place only when every tie-breaker is equal); null while a criterion has no score */
    rank: z.number().int().nullable(),
    /** weighted mean of the criteria means, each relative to its maximum, in percent (2 decimals) */
    weightedPercent: z.number().nullable(),
    /** members who scored at least one criterion */
    scorers: z.number().int(),
    /** members who scored every criterion */
    completeScorers: z.number().int(),
    criteria: z.array(criterionResultSchema),
    /** how a tie on the weighted mean with the listed proposals was broken */
    tie: z.object({ with: z.array(z.uuid()), brokenBy: z.enum(tieBreakers).nullable() }).nullable(),
  })
  .meta({ id: 'InnovationRankedProposal' });
export type RankedProposal = z.infer<typeof rankedProposalSchema>;

export const rankingSchema = z
  .object({
    call: callSchema,
    /** the strand's cap over the whole runtime; null when it has none */
    capCents: z.number().int().nullable(),
    /** decided FB5 amounts over the whole runtime (programme_strand_cap.committed_cents) */
    committedCents: z.number().int(),
    /** selected proposals whose grant is not decided yet (of every call) */
    selectedPendingCents: z.number().int(),
    remainingCents: z.number().int().nullable(),
    /** committee members who have scored in this call */
    members: z.number().int(),
    proposals: z.array(rankedProposalSchema),
  })
  .meta({ id: 'InnovationRanking' });
export type InnovationRanking = z.infer<typeof rankingSchema>;

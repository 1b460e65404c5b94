// Grant decisions (Zuwendungsbescheid) and amendments (Änderungsbescheid): period, financing type, funding rate,
// amounts per strand and budget year, conditions; the grant with the amounts in force. Shared by API and web.
import { z } from 'zod';
import { optionalText, requiredText } from '../cases/case-work.schema.ts';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { quantityText, problemSchema } from './application.schema.ts';
import { conditionSets, decisionKinds, financingTypes, grantStatuses } from './funding.codes.ts';
import { basisPoints, budgetYear, cents, strandCode } from './programme.definition.ts';

export const MAX_DECISION_AMOUNTS = 200;

export const decisionAmountInputSchema = z
  .strictObject({
    strand: strandCode,
    budgetYear,
    amountCents: cents,
    /** fixed amounts as unit amount × count (e.g. teaching hours × 37.50 €) */
    unitCents: cents.nullable().optional(),
    unitCount: quantityText.nullable().optional(),
  })
  .meta({ id: 'DecidedGrantAmount' });
export type DecisionAmountInput = z.infer<typeof decisionAmountInputSchema>;

export const decideSchema = z
  .strictObject({
    periodFrom: inputDate,
    periodTo: inputDate,
    financingType: z.enum(financingTypes),
    fundingRateBp: basisPoints
      .nullable()
      .optional()
      .describe('Share financing: the funding rate; default 100 % − own contribution'),
    amounts: z.array(decisionAmountInputSchema).min(1).max(MAX_DECISION_AMOUNTS),
    specialConditions: optionalText(20000),
    reason: optionalText(20000),
  })
  .meta({ id: 'DecideFundingApplication' });
export type Decide = z.infer<typeof decideSchema>;

export const amendSchema = z
  .strictObject({
    periodFrom: inputDate.optional(),
    periodTo: inputDate.optional(),
    financingType: z.enum(financingTypes).optional(),
    fundingRateBp: basisPoints.nullable().optional(),
    /** the amounts in force after the amendment, all of them; a strand and year left out is set to 0 */
    amounts: z.array(decisionAmountInputSchema).min(1).max(MAX_DECISION_AMOUNTS),
    specialConditions: optionalText(20000),
    reason: requiredText(20000),
  })
  .meta({ id: 'AmendGrant' });
export type Amend = z.infer<typeof amendSchema>;

export const proposalQuerySchema = z.strictObject({
  financingType: z.enum(financingTypes).optional(),
  fundingRateBp: z.coerce.number().int().min(0).max(10_000).optional(),
});
export type ProposalQuery = z.infer<typeof proposalQuerySchema>;

export const proposedAmountSchema = z
  .object({
    strand: z.string(),
    budgetYear: z.number().int(),
    eligibleCents: z.number().int(),
    requestedCents: z.number().int(),
    amountCents: z.number().int(),
    unitCents: z.number().int().nullable(),
    unitCount: z.string().nullable(),
  })
  .meta({ id: 'ProposedGrantAmount' });
export type ProposedAmount = z.infer<typeof proposedAmountSchema>;

export const decisionProposalSchema = z
  .object({
    periodFrom: isoDate,
    periodTo: isoDate,
    financingType: z.enum(financingTypes),
    financingTypes: z.array(z.enum(financingTypes)),
    fundingRateBp: z.number().int().nullable(),
    conditions: z.enum(conditionSets),
    amounts: z.array(proposedAmountSchema),
    totalCents: z.number().int(),
    /** problems of the plan (a decision is possible anyway: the officer decides what is eligible) */
    problems: z.array(problemSchema),
  })
  .meta({ id: 'GrantDecisionProposal' });
export type DecisionProposal = z.infer<typeof decisionProposalSchema>;

export const decisionAmountSchema = z
  .object({
    strand: z.string(),
    budgetYear: z.number().int(),
    amountCents: z.number().int(),
    eligibleCents: z.number().int().nullable(),
    unitCents: z.number().int().nullable(),
    unitCount: z.string().nullable(),
  })
  .meta({ id: 'GrantDecisionAmount' });

export const decisionSchema = z
  .object({
    seq: z.number().int(),
    kind: z.enum(decisionKinds),
    periodFrom: isoDate,
    periodTo: isoDate,
    financingType: z.enum(financingTypes),
    fundingRateBp: z.number().int().nullable(),
    conditions: z.enum(conditionSets),
    specialConditions: z.string().nullable(),
    reason: z.string().nullable(),
    decidedBy: z.uuid(),
    decidedByName: z.string().nullable(),
    decidedAt: isoDateTime,
    amounts: z.array(decisionAmountSchema),
    totalCents: z.number().int(),
    /** SHA-256 of the PDF as sent, hex */
    documentSha256: z.string().nullable(),
  })
  .meta({ id: 'GrantDecision' });
export type Decision = z.infer<typeof decisionSchema>;

/** The amounts in force of a strand and year (the payments' ledger adds what open requests ask for). */
export const amountInForceFields = {
  strand: z.string(),
  budgetYear: z.number().int(),
  decidedCents: z.number().int(),
  forwardedCents: z.number().int(),
  paidCents: z.number().int(),
  /** decided − paid */
  remainingCents: z.number().int(),
};

export const amountInForceSchema = z.object(amountInForceFields).meta({ id: 'GrantAmountInForce' });
export type AmountInForce = z.infer<typeof amountInForceSchema>;

const grantSummaryFields = {
  id: z.uuid(),
  municipalityId: z.uuid(),
  municipalityName: z.string(),
  applicationId: z.uuid(),
  reference: z.string(),
  title: z.string(),
  programmeId: z.uuid(),
  programmeCode: z.string(),
  programmeName: z.string(),
  programmeVersion: z.number().int(),
  status: z.enum(grantStatuses),
  currentDecision: z.number().int(),
  periodFrom: isoDate,
  periodTo: isoDate,
  decidedCents: z.number().int(),
  forwardedCents: z.number().int(),
  paidCents: z.number().int(),
  remainingCents: z.number().int(),
  version: z.number().int().positive(),
  createdAt: isoDateTime,
};
export const grantSummarySchema = z.object(grantSummaryFields).meta({ id: 'GrantSummary' });
export type GrantSummary = z.infer<typeof grantSummarySchema>;

export const grantSchema = z
  .object({
    ...grantSummaryFields,
    financingType: z.enum(financingTypes),
    fundingRateBp: z.number().int().nullable(),
    conditions: z.enum(conditionSets),
    amounts: z.array(amountInForceSchema),
    decisions: z.array(decisionSchema),
  })
  .meta({ id: 'Grant' });
export type Grant = z.infer<typeof grantSchema>;

export const listGrantsQuerySchema = listQuerySchema({
  sort: ['createdAt', 'reference'],
  defaultSort: '-createdAt',
  filters: {
    programmeId: z.uuid().optional(),
    municipalityId: z.uuid().optional(),
    status: z.enum(grantStatuses).optional(),
  },
});
export type ListGrantsQuery = z.infer<typeof listGrantsQuerySchema>;
export const grantPageSchema = pageSchema(grantSummarySchema, 'GrantPage');
export type GrantPage = z.infer<typeof grantPageSchema>;

export const grantParamsSchema = z.strictObject({ grantId: z.uuid() });
/** Which decision's PDF: its number (1 = the grant decision, 2… = amendments); the one in force by default. */
export const decisionDocumentQuerySchema = z.strictObject({
  seq: z.coerce.number().int().min(1).max(10_000).optional(),
});

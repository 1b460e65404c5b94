// Applications for funding with their financing plan (cost lines per strand and year, positions, own contribution
// and third-party funds, the grant requested per strand and year) and the conversation with the authority.
// Shared by the API and the web forms. Amounts are integer cents; quantities and FTE are exact decimal strings.
import { z } from 'zod';
import { optionalText, requiredText } from '../cases/case-work.schema.ts';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  applicationKinds,
  applicationStatuses,
  costCategories,
  financingModes,
  fundingSourceKinds,
} from './funding.codes.ts';
import { basisPoints, budgetYear, cents, strandCode } from './programme.definition.ts';

const NOTHING_TO_CHANGE = 'name at least one field to change';
function notEmpty(value: object): boolean {
  return Object.keys(value).length > 0;
}

/** A quantity such as teaching hours: up to 10 digits and 2 decimals, as a string so that it stays exact. */
export const quantityText = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, 'a number with at most two decimals, e.g. 120 or 12.5')
  .describe('Decimal string, e.g. "120" or "12.5"');
/** Full-time equivalents of a post: more than 0, at most 100, two decimals. */
export const fteText = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,2})?$/, 'FTE with at most two decimals, e.g. 0.5')
  .refine((value) => Number(value) > 0 && Number(value) <= 100, 'more than 0 and at most 100')
  .describe('Full-time equivalents as a decimal string, e.g. "0.5"');

// --- The application (header) ---------------------------------------------------------------------------------

const headerFields = {
  title: requiredText(200),
  periodFrom: inputDate,
  periodTo: inputDate,
  ownContributionRateBp: basisPoints
    .nullable()
    .optional()
    .describe('An own-contribution rate other than the programme default (basis points), with its reason'),
  ownContributionReason: optionalText(2000),
  summary: optionalText(20000),
};

export const createApplicationSchema = z
  .strictObject({ programmeId: z.uuid(), ...headerFields })
  .meta({ id: 'CreateFundingApplication' });
export type CreateApplication = z.infer<typeof createApplicationSchema>;

export const updateApplicationSchema = z
  .strictObject(headerFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateFundingApplication' });
export type UpdateApplication = z.infer<typeof updateApplicationSchema>;

// --- Lines of the financing plan ------------------------------------------------------------------------------

const costLineFields = {
  strand: strandCode,
  budgetYear,
  category: z.enum(costCategories),
  description: requiredText(500),
  quantity: quantityText.nullable().optional(),
  unitCents: cents.nullable().optional(),
  amountCents: cents.optional().describe('The line total; computed from quantity × unit amount when both are given'),
  position: z.number().int().min(0).max(10_000).optional(),
};
export const createCostLineSchema = z.strictObject(costLineFields).meta({ id: 'CreateApplicationCostLine' });
export type CreateCostLine = z.infer<typeof createCostLineSchema>;
export const updateCostLineSchema = z
  .strictObject(costLineFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateApplicationCostLine' });
export type UpdateCostLine = z.infer<typeof updateCostLineSchema>;

const positionFields = {
  strand: strandCode,
  title: requiredText(200),
  rateCode: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/)
    .nullable()
    .optional()
    .describe("The programme's post rate the post is funded at"),
  fte: fteText,
  employerId: z.uuid().nullable().optional(),
  employerName: optionalText(200),
  startsOn: inputDate,
  endsOn: inputDate,
  annualCents: cents,
};
export const createPositionSchema = z.strictObject(positionFields).meta({ id: 'CreateApplicationPosition' });
export type CreatePosition = z.infer<typeof createPositionSchema>;
export const updatePositionSchema = z
  .strictObject(positionFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateApplicationPosition' });
export type UpdatePosition = z.infer<typeof updatePositionSchema>;

const fundingSourceFields = {
  kind: z.enum(fundingSourceKinds),
  name: requiredText(200),
  budgetYear,
  amountCents: cents,
};
export const createFundingSourceSchema = z
  .strictObject(fundingSourceFields)
  .meta({ id: 'CreateApplicationFundingSource' });
export type CreateFundingSource = z.infer<typeof createFundingSourceSchema>;
export const updateFundingSourceSchema = z
  .strictObject(fundingSourceFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateApplicationFundingSource' });
export type UpdateFundingSource = z.infer<typeof updateFundingSourceSchema>;

const requestedAmountFields = { strand: strandCode, budgetYear, amountCents: cents };
export const createRequestedAmountSchema = z
  .strictObject(requestedAmountFields)
  .meta({ id: 'CreateApplicationRequestedAmount' });
export type CreateRequestedAmount = z.infer<typeof createRequestedAmountSchema>;
export const updateRequestedAmountSchema = z
  .strictObject(requestedAmountFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateApplicationRequestedAmount' });
export type UpdateRequestedAmount = z.infer<typeof updateRequestedAmountSchema>;

export const costLineSchema = z
  .object({
    id: z.uuid(),
    strand: z.string(),
    budgetYear: z.number().int(),
    category: z.enum(costCategories),
    description: z.string(),
    quantity: z.string().nullable(),
    unitCents: z.number().int().nullable(),
    amountCents: z.number().int(),
    position: z.number().int(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ApplicationCostLine' });
export type CostLine = z.infer<typeof costLineSchema>;

export const positionSchema = z
  .object({
    id: z.uuid(),
    strand: z.string(),
    title: z.string(),
    rateCode: z.string().nullable(),
    fte: z.string(),
    employerId: z.uuid().nullable(),
    employerName: z.string().nullable(),
    startsOn: isoDate,
    endsOn: isoDate,
    annualCents: z.number().int(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ApplicationPosition' });
export type Position = z.infer<typeof positionSchema>;

export const fundingSourceSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(fundingSourceKinds),
    name: z.string(),
    budgetYear: z.number().int(),
    amountCents: z.number().int(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ApplicationFundingSource' });
export type FundingSource = z.infer<typeof fundingSourceSchema>;

export const requestedAmountSchema = z
  .object({
    id: z.uuid(),
    strand: z.string(),
    budgetYear: z.number().int(),
    amountCents: z.number().int(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ApplicationRequestedAmount' });
export type RequestedAmount = z.infer<typeof requestedAmountSchema>;

// --- Sums and problems ----------------------------------------------------------------------------------------

export const planYearSchema = z
  .object({
    budgetYear: z.number().int(),
    costsCents: z.number().int(),
    requestedCents: z.number().int(),
    ownContributionCents: z.number().int(),
    thirdPartyCents: z.number().int(),
    /** own contribution / costs in basis points (null without costs), rounded down */
    ownShareBp: z.number().int().nullable(),
  })
  .meta({ id: 'ApplicationPlanYear' });
export const planStrandYearSchema = z
  .object({
    strand: z.string(),
    budgetYear: z.number().int(),
    costsCents: z.number().int(),
    requestedCents: z.number().int(),
  })
  .meta({ id: 'ApplicationPlanStrandYear' });
export const planTotalsSchema = z
  .object({
    years: z.array(planYearSchema),
    strands: z.array(planStrandYearSchema),
    costsCents: z.number().int(),
    requestedCents: z.number().int(),
    ownContributionCents: z.number().int(),
    thirdPartyCents: z.number().int(),
    /** the own-contribution rate this application must reach (programme default, budget recovery or approved) */
    requiredOwnContributionRateBp: z.number().int(),
  })
  .meta({ id: 'ApplicationPlanTotals' });
export type PlanTotals = z.infer<typeof planTotalsSchema>;

export const problemSchema = z
  .object({ field: z.string(), code: z.string(), message: z.string() })
  .meta({ id: 'FundingRuleProblem' });

export const applicationCheckSchema = z
  .object({ problems: z.array(problemSchema), totals: planTotalsSchema })
  .meta({ id: 'FundingApplicationCheck' });
export type ApplicationCheck = z.infer<typeof applicationCheckSchema>;

// --- Comments -------------------------------------------------------------------------------------------------

export const commentSides = ['applicant', 'authority'] as const;
export const createCommentSchema = z
  .strictObject({
    body: requiredText(20000),
    subject: z
      .string()
      .regex(/^[a-zA-Z][a-zA-Z0-9_.-]{0,199}$/)
      .nullable()
      .optional()
      .describe('The part of the application it is about, e.g. "costLines.<id>" or "periodTo"'),
  })
  .meta({ id: 'CreateApplicationComment' });
export type CreateComment = z.infer<typeof createCommentSchema>;

export const commentSchema = z
  .object({
    id: z.uuid(),
    side: z.enum(commentSides),
    kind: z.string(),
    body: z.string(),
    subject: z.string().nullable(),
    authorId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'ApplicationComment' });
export type Comment = z.infer<typeof commentSchema>;

export const reasonSchema = z.strictObject({ reason: requiredText(4000) }).meta({ id: 'ApplicationStatusReason' });
export type Reason = z.infer<typeof reasonSchema>;

// --- The application as answered -----------------------------------------------------------------------------

const summaryFields = {
  id: z.uuid(),
  municipalityId: z.uuid(),
  municipalityName: z.string(),
  programmeId: z.uuid(),
  programmeCode: z.string(),
  programmeName: z.string(),
  programmeVersion: z.number().int(),
  kind: z.enum(applicationKinds),
  applicantId: z.uuid(),
  applicantName: z.string(),
  reference: z.string().nullable(),
  title: z.string(),
  periodFrom: isoDate,
  periodTo: isoDate,
  status: z.enum(applicationStatuses),
  submittedAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  /** the grant decided on it, if any */
  grantId: z.uuid().nullable(),
  costsCents: z.number().int(),
  requestedCents: z.number().int(),
  version: z.number().int().positive(),
  updatedAt: isoDateTime,
};
export const applicationSummarySchema = z.object(summaryFields).meta({ id: 'FundingApplicationSummary' });
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

/** A strand of the application's programme version, as the plan editor offers it. */
export const applicationStrandSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    financing: z.enum(financingModes),
    costCategories: z.array(z.enum(costCategories)),
    teachingHourRateCents: z.number().int().nullable(),
    postRates: z.array(
      z.object({ code: z.string(), label: z.string(), fte: z.number(), annualMaxCents: z.number().int() }),
    ),
  })
  .meta({ id: 'FundingApplicationStrand' });
export type ApplicationStrand = z.infer<typeof applicationStrandSchema>;

export const applicationSchema = z
  .object({
    ...summaryFields,
    /** the strands of the programme version the application is made under */
    strands: z.array(applicationStrandSchema),
    ownContributionRateBp: z.number().int().nullable(),
    ownContributionReason: z.string().nullable(),
    summary: z.string().nullable(),
    createdAt: isoDateTime,
    costLines: z.array(costLineSchema),
    positions: z.array(positionSchema),
    fundingSources: z.array(fundingSourceSchema),
    requestedAmounts: z.array(requestedAmountSchema),
    totals: planTotalsSchema,
    comments: z.array(commentSchema),
  })
  .meta({ id: 'FundingApplication' });
export type Application = z.infer<typeof applicationSchema>;

export const listApplicationsQuerySchema = listQuerySchema({
  sort: ['updatedAt', 'submittedAt', 'title'],
  defaultSort: '-updatedAt',
  filters: {
    programmeId: z.uuid().optional(),
    status: z.enum(applicationStatuses).optional(),
    municipalityId: z.uuid().optional(),
    kind: z.enum(applicationKinds).optional(),
  },
});
export type ListApplicationsQuery = z.infer<typeof listApplicationsQuerySchema>;
export const applicationPageSchema = pageSchema(applicationSummarySchema, 'FundingApplicationPage');
export type ApplicationPage = z.infer<typeof applicationPageSchema>;

export const applicationParamsSchema = z.strictObject({ applicationId: z.uuid() });
export const lineParamsSchema = z.strictObject({ applicationId: z.uuid(), lineId: z.uuid() });

/** The body of a step that needs nothing but the If-Match of the application (submit, withdraw, review). */
export const emptyStepSchema = z.strictObject({}).meta({ id: 'FundingApplicationStep' });

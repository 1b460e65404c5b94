// State budgets per programme, strand and year; their allocation to the recipients (by key, by the FB6 post
// formula, or one recipient by hand); allocation keys and population figures entered as data (JSON or CSV).
// Shared by the API and the web.
import { z } from 'zod';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { optionalText, requiredText } from '../cases/case-work.schema.ts';
import { budgetDistributions } from './funding.codes.ts';
import { cents, strandCode } from './programme.definition.ts';

/** The largest CSV upload of a key or population figures (characters); 53 lines need a few kilobytes. */
export const MAX_CSV_LENGTH = 200_000;
export const MAX_ENTRIES = 1000;

export const stateBudgetParamsSchema = z.strictObject({ budgetId: z.uuid() });
export const allocationParamsSchema = z.strictObject({ budgetId: z.uuid(), municipalityId: z.uuid() });

/** A state budget by its natural key (programme, strand, budget year). */
export interface StateBudgetKey {
  programmeId: string;
  strand: string;
  budgetYear: number;
}

export const stateBudgetListQuerySchema = z.strictObject({
  programmeId: z.uuid().optional(),
  strand: strandCode.optional(),
  budgetYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type StateBudgetListQuery = z.infer<typeof stateBudgetListQuerySchema>;

export const stateBudgetSchema = z
  .object({
    id: z.uuid(),
    programmeId: z.uuid(),
    programmeCode: z.string(),
    programmeName: z.string(),
    strand: z.string(),
    strandName: z.string().nullable(),
    /** How the strand reaches the recipients (null: the strand is not in the current version). */
    distribution: z.enum(budgetDistributions).nullable(),
    budgetYear: z.number().int(),
    amountCents: z.number().int(),
    /** Allocated to recipients, plus (central strands) committed by decisions directly. */
    allocatedCents: z.number().int(),
    /** amount − allocated: what is left to allocate (the remainder). */
    remainingCents: z.number().int(),
    central: z.boolean(),
    version: z.number().int(),
    updatedAt: isoDateTime,
  })
  .meta({ id: 'StateBudget' });
export type StateBudget = z.infer<typeof stateBudgetSchema>;

export const stateBudgetListSchema = z.object({ items: z.array(stateBudgetSchema) }).meta({ id: 'StateBudgetList' });
export type StateBudgetList = z.infer<typeof stateBudgetListSchema>;

export const setStateBudgetSchema = z
  .strictObject({ amountCents: cents.describe('The state budget of the strand and year, in cents') })
  .meta({ id: 'SetStateBudget' });
export type SetStateBudget = z.infer<typeof setStateBudgetSchema>;

export const createStateBudgetSchema = z
  .strictObject({
    programmeId: z.uuid(),
    strand: strandCode.describe("A strand of the programme's current version"),
    budgetYear: z.number().int().min(2000).max(2100),
    amountCents: cents.describe('The state budget of the strand and year, in cents'),
  })
  .meta({ id: 'CreateStateBudget' });
export type CreateStateBudget = z.infer<typeof createStateBudgetSchema>;

export const allocationMethods = ['key', 'posts_formula', 'manual'] as const;
export type AllocationMethod = (typeof allocationMethods)[number];

export const budgetAllocationSchema = z
  .object({
    budgetId: z.uuid(),
    programmeId: z.uuid(),
    programmeCode: z.string(),
    strand: z.string(),
    budgetYear: z.number().int(),
    municipalityId: z.uuid(),
    municipalityName: z.string(),
    officialKey: z.string().nullable(),
    amountCents: z.number().int(),
    /** Decided amounts of the municipality's grants in this strand and year. */
    committedCents: z.number().int(),
    /** Paid out against those grants. */
    paidCents: z.number().int(),
    /** amount − committed: what the municipality can still commit. */
    remainingCents: z.number().int(),
    method: z.enum(allocationMethods).nullable(),
    /** The share (key) or the posts (formula) the amount was computed from. */
    weight: z.string().nullable(),
    keyId: z.uuid().nullable(),
    version: z.number().int(),
    updatedAt: isoDateTime,
  })
  .meta({ id: 'BudgetAllocation' });
export type BudgetAllocation = z.infer<typeof budgetAllocationSchema>;

export const stateBudgetDetailSchema = stateBudgetSchema
  .extend({ allocations: z.array(budgetAllocationSchema) })
  .meta({ id: 'StateBudgetDetail' });
export type StateBudgetDetail = z.infer<typeof stateBudgetDetailSchema>;

export const allocationListQuerySchema = z.strictObject({
  municipalityId: z.uuid().optional(),
  programmeId: z.uuid().optional(),
  strand: strandCode.optional(),
  budgetYear: z.coerce.number().int().min(2000).max(2100).optional(),
});
export type AllocationListQuery = z.infer<typeof allocationListQuerySchema>;

export const allocationListSchema = z
  .object({ items: z.array(budgetAllocationSchema) })
  .meta({ id: 'BudgetAllocationList' });
export type AllocationList = z.infer<typeof allocationListSchema>;

export const allocationRequestSchema = z
  .discriminatedUnion('method', [
    z.strictObject({
      method: z.literal('key'),
      keyId: z.uuid(),
      /** What to distribute; default: the state budget less what recipients outside the key hold. */
      amountCents: cents.optional(),
    }),
    z.strictObject({
      method: z.literal('posts_formula'),
      /** The date of the population figures (tolerated persons aged 18–27) to use. */
      referenceDate: inputDate,
      /** The strand's post rate to fund the posts at; default: its first rate. */
      rateCode: z
        .string()
        .regex(/^[a-z][a-z0-9_]{0,39}$/)
        .optional(),
      /** When the formula asks for more than the budget holds: scale every amount down in proportion. */
      scaleToBudget: z.boolean().default(false),
    }),
  ])
  .meta({ id: 'AllocationRequest' });
export type AllocationRequest = z.input<typeof allocationRequestSchema>;

export const allocationPreviewSchema = z
  .object({
    method: z.enum(['key', 'posts_formula']),
    budgetCents: z.number().int(),
    allocatedBeforeCents: z.number().int(),
    /** The sum of the amounts of this allocation. */
    distributedCents: z.number().int(),
    allocatedAfterCents: z.number().int(),
    remainingAfterCents: z.number().int(),
    /** false: the amounts do not fit the state budget (applying is refused with 409). */
    fitsBudget: z.boolean(),
    /** false: some recipient would get less than its grants already commit (applying is refused with 409). */
    coversCommitments: z.boolean(),
    lines: z.array(
      z.object({
        municipalityId: z.uuid(),
        municipalityName: z.string(),
        officialKey: z.string().nullable(),
        weight: z.string(),
        currentCents: z.number().int(),
        amountCents: z.number().int(),
        committedCents: z.number().int(),
      }),
    ),
    excluded: z.array(
      z.object({
        municipalityId: z.uuid(),
        municipalityName: z.string(),
        reason: z.enum(['not_alliance_member', 'no_population']),
      }),
    ),
  })
  .meta({ id: 'AllocationPreview' });
export type AllocationPreview = z.infer<typeof allocationPreviewSchema>;

export const setAllocationSchema = z
  .strictObject({ amountCents: cents.describe("The recipient's budget of the strand and year, in cents") })
  .meta({ id: 'SetBudgetAllocation' });

// --- Allocation keys and population figures -----------------------------------------------------------------

const officialKeyText = z.string().trim().min(1).max(20);

/** Entries as JSON, or a CSV upload (two columns: official key; value): exactly one of them. */
function oneSource(value: { csv?: string | undefined }, list: unknown[] | undefined, context: z.RefinementCtx) {
  if ((value.csv === undefined) === (list === undefined)) {
    context.addIssue({ code: 'custom', path: ['csv'], message: 'send either the entries or a CSV file, not both' });
  }
}

export const createAllocationKeySchema = z
  .strictObject({
    name: requiredText(200),
    referenceDate: inputDate,
    source: optionalText(1000),
    shares: z
      .array(z.strictObject({ officialKey: officialKeyText, share: z.string().trim().min(1).max(20) }))
      .max(MAX_ENTRIES)
      .optional(),
    csv: z.string().max(MAX_CSV_LENGTH).optional(),
  })
  .superRefine((value, context) => oneSource(value, value.shares, context))
  .meta({ id: 'CreateAllocationKey' });
export type CreateAllocationKey = z.input<typeof createAllocationKeySchema>;

export const keyParamsSchema = z.strictObject({ keyId: z.uuid() });

export const allocationKeySummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    referenceDate: isoDate,
    source: z.string().nullable(),
    recipients: z.number().int(),
    createdAt: isoDateTime,
  })
  .meta({ id: 'AllocationKeySummary' });

export const allocationKeySchema = allocationKeySummarySchema
  .extend({
    shares: z.array(
      z.object({
        municipalityId: z.uuid(),
        municipalityName: z.string(),
        officialKey: z.string().nullable(),
        share: z.string(),
      }),
    ),
  })
  .meta({ id: 'AllocationKey' });
export type AllocationKey = z.infer<typeof allocationKeySchema>;

export const allocationKeyListSchema = z
  .object({ items: z.array(allocationKeySummarySchema) })
  .meta({ id: 'AllocationKeyList' });
export type AllocationKeyList = z.infer<typeof allocationKeyListSchema>;

export const createPopulationSchema = z
  .strictObject({
    referenceDate: inputDate,
    source: optionalText(1000),
    figures: z
      .array(z.strictObject({ officialKey: officialKeyText, tolerated18To27: z.number().int().min(0).max(1_000_000) }))
      .max(MAX_ENTRIES)
      .optional(),
    csv: z.string().max(MAX_CSV_LENGTH).optional(),
  })
  .superRefine((value, context) => oneSource(value, value.figures, context))
  .meta({ id: 'CreateTargetPopulation' });
export type CreatePopulation = z.input<typeof createPopulationSchema>;

export const populationQuerySchema = z.strictObject({ referenceDate: inputDate.optional() });

export const populationSchema = z
  .object({
    /** The figures' date (the latest when none was asked for); null when there are none. */
    referenceDate: isoDate.nullable(),
    /** Every date figures exist for, newest first. */
    referenceDates: z.array(isoDate),
    items: z.array(
      z.object({
        municipalityId: z.uuid(),
        municipalityName: z.string(),
        officialKey: z.string().nullable(),
        allianceMember: z.boolean(),
        tolerated18To27: z.number().int(),
        source: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'TargetPopulation' });
export type Population = z.infer<typeof populationSchema>;

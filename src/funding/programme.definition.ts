// A funding programme's rules as data (a version of `funding_programme_version.definition`): runtime, budget,
// strands with their financing mode, rates and conditions, own contribution, payment and proof-of-use rules.
// The API validates a new version with this schema; rules (*.rules.ts) read numbers only from here, so that
// every number of domain.md sections 2 and 4 is configuration, not code. Amounts are integer cents, rates in
// basis points (1 % = 100 bp) so that no float ever touches money.
import { z } from 'zod';
import { inputDate } from '../platform/dates.ts';
import {
  STRAND_CODE_PATTERN,
  budgetDistributions,
  conditionSets,
  costCategories,
  financingModes,
  financingTypes,
} from './funding.codes.ts';

/** Integer cents, 0 … 10^13 (100 billion €): far above any programme, far below Number.MAX_SAFE_INTEGER. */
export const MAX_CENTS = 10_000_000_000_000;
export const cents = z.number().int().min(0).max(MAX_CENTS);
/** A rate in basis points: 0 … 10,000 (= 100 %). */
export const basisPoints = z.number().int().min(0).max(10_000);
export const budgetYear = z.number().int().min(2000).max(2100);
export const strandCode = z.string().regex(STRAND_CODE_PATTERN, 'a strand code like FB1');

const postRate = z.strictObject({
  /** e.g. "full_time", "half_time_assistant" */
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  label: z.string().min(1).max(120),
  /** the FTE this rate is for (1 = full time); the annual amount is prorated by FTE and months */
  fte: z.number().positive().max(1),
  /** the most that is funded per year for one such post */
  annualMaxCents: cents,
});

export const strandDefinitionSchema = z.strictObject({
  code: strandCode,
  name: z.string().min(1).max(200),
  financing: z.enum(financingModes),
  distribution: z.enum(budgetDistributions),
  /** cost categories a financing plan may use in this strand (FB4: teaching hours and exam fees only) */
  costCategories: z.array(z.enum(costCategories)).min(1),
  /** teaching_hours: the flat rate per teaching hour (FB4: 3,750 cents) */
  teachingHourRateCents: cents.optional(),
  /** exam fees funded at actual cost on top of the flat rate (FB4) */
  examFeesAtActualCost: z.boolean().default(false),
  /** posts: the rates per kind of post (KIM: full-time post 57,000 €, half-time assistant 22,500 €) */
  postRates: z.array(postRate).default([]),
  /** one-off set-up amount per new workstation (KIM: 5,700 €) */
  setupPerWorkstationCents: cents.optional(),
  /** the strand's budget over the whole runtime (FB5: 5 Mio €); decisions can never exceed it */
  capCents: cents.optional(),
  /** the state budget per budget year (FB6: 2.4 Mio € in 2019, 3.96 Mio € per year from 2020) */
  annualBudgets: z.array(z.strictObject({ budgetYear, amountCents: cents })).default([]),
  /** only municipalities that are alliance members ("Gemeinsam klappt's") may apply (FB6) */
  allianceMembersOnly: z.boolean().default(false),
  /** posts_formula: posts = max(minimumFte, population / personsPerPost), population = tolerated persons 18–27 */
  postsFormula: z
    .strictObject({
      personsPerPost: z.number().int().positive(),
      minimumFte: z.number().positive().max(100),
    })
    .optional(),
  /** FB5: anyone eligible (municipalities, providers) may propose, through calls of a steering committee */
  proposalsByCall: z.boolean().default(false),
});
export type StrandDefinition = z.infer<typeof strandDefinitionSchema>;

export const programmeDefinitionSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    shortName: z.string().min(1).max(60),
    /** legal basis, e.g. the guideline and its publication */
    legalBasis: z.string().max(1000).default(''),
    runtime: z.strictObject({ from: inputDate, to: inputDate }),
    /** the programme's total (Durchstarten: 50 Mio €) */
    totalBudgetCents: cents,
    strands: z.array(strandDefinitionSchema).min(1).max(30),
    ownContribution: z.strictObject({
      /** the default own contribution (Eigenanteil) of a recipient: 20 % = 2,000 bp */
      defaultRateBp: basisPoints,
      /** for municipalities under budget recovery (Haushaltssicherung): 10 % = 1,000 bp */
      budgetRecoveryRateBp: basisPoints,
    }),
    /** the financing types a decision may use, and the default */
    financingTypes: z.array(z.enum(financingTypes)).min(1),
    defaultFinancingType: z.enum(financingTypes),
    /** conditions attached to decisions (municipalities) and to forwarding contracts (providers) */
    conditions: z.strictObject({ decision: z.enum(conditionSets), forwarding: z.enum(conditionSets) }),
    /** payment requests only for amounts due within this many months (VV Nr. 7.2 zu §44 LHO: two months) */
    paymentDueWithinMonths: z.number().int().min(0).max(24),
    /** a cost line of the financial statement may exceed its plan by this much when offset elsewhere (20 %) */
    lineToleranceBp: basisPoints,
    /** receipts are kept this many years after the proof of use (5) */
    receiptRetentionYears: z.number().int().min(1).max(30),
    /** an interim statement per budget year is due by this month and day of the following year, e.g. "04-30" */
    interimStatementDue: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/),
    /** the final proof of use is due this many months after the end of the grant period */
    finalProofDueMonths: z.number().int().min(1).max(36),
  })
  .superRefine((definition, context) => {
    const codes = definition.strands.map((strand) => strand.code);
    codes.forEach((code, index) => {
      if (codes.indexOf(code) !== index) {
        context.addIssue({ code: 'custom', path: ['strands', index, 'code'], message: 'strand codes must be unique' });
      }
    });
    if (definition.runtime.to < definition.runtime.from) {
      context.addIssue({ code: 'custom', path: ['runtime', 'to'], message: 'the runtime ends before it starts' });
    }
    if (!definition.financingTypes.includes(definition.defaultFinancingType)) {
      context.addIssue({
        code: 'custom',
        path: ['defaultFinancingType'],
        message: 'the default must be one of financingTypes',
      });
    }
    definition.strands.forEach((strand, index) => {
      const problem = strandProblem(strand);
      if (problem)
        context.addIssue({ code: 'custom', path: ['strands', index, problem.path], message: problem.message });
    });
  })
  .meta({ id: 'ProgrammeDefinition' });
export type ProgrammeDefinition = z.infer<typeof programmeDefinitionSchema>;
export type ProgrammeDefinitionInput = z.input<typeof programmeDefinitionSchema>;

/** What a strand must define for its financing mode and distribution to be computable. */
function strandProblem(strand: StrandDefinition): { path: string; message: string } | null {
  if (strand.financing === 'teaching_hours' && strand.teachingHourRateCents === undefined) {
    return { path: 'teachingHourRateCents', message: 'a strand financed by teaching hours needs the rate per hour' };
  }
  if (strand.financing === 'posts' && strand.postRates.length === 0 && strand.distribution !== 'posts_formula') {
    return { path: 'postRates', message: 'a strand financed as posts needs at least one post rate' };
  }
  if (strand.distribution === 'posts_formula' && strand.postsFormula === undefined) {
    return { path: 'postsFormula', message: 'distribution by the post formula needs the formula' };
  }
  return null;
}

export function strandOf(definition: ProgrammeDefinition, code: string): StrandDefinition | undefined {
  return definition.strands.find((strand) => strand.code === code);
}

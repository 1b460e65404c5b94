// Programmes and their versions as the API shows them, the body of a new version, and the differences between
// two versions. Shared by the API and the web.
import { z } from 'zod';
import { isoDate, isoDateTime } from '../platform/dates.ts';
import { requiredText } from '../cases/case-work.schema.ts';
import { budgetDistributions, financingModes } from './funding.codes.ts';
import { programmeDefinitionSchema, type ProgrammeDefinition } from './programme.definition.ts';

/** The definition of a programme version (for the web, which imports only *.schema.ts). */
export type { ProgrammeDefinition };

export const MAX_VERSION = 1_000_000;

export const programmeParamsSchema = z.strictObject({ programmeId: z.uuid() });
export const programmeDetailQuerySchema = z.strictObject({
  /** The version whose definition to show; default: the current one. */
  version: z.coerce.number().int().min(1).max(MAX_VERSION).optional(),
});
export const programmeDiffQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(1).max(MAX_VERSION),
  to: z.coerce.number().int().min(1).max(MAX_VERSION),
});

const strandSummarySchema = z.object({
  code: z.string(),
  name: z.string(),
  financing: z.enum(financingModes),
  distribution: z.enum(budgetDistributions),
});

export const programmeSummarySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    /** The version new applications are made under. */
    currentVersion: z.number().int(),
    /** The programme record's version (ETag; If-Match of a new version). */
    version: z.number().int(),
    runtime: z.object({ from: isoDate, to: isoDate }),
    totalBudgetCents: z.number().int(),
    strands: z.array(strandSummarySchema),
    updatedAt: isoDateTime,
  })
  .meta({ id: 'ProgrammeSummary' });
export type ProgrammeSummary = z.infer<typeof programmeSummarySchema>;

export const programmeListSchema = z.object({ items: z.array(programmeSummarySchema) }).meta({ id: 'ProgrammeList' });
export type ProgrammeList = z.infer<typeof programmeListSchema>;

export const programmeVersionSummarySchema = z
  .object({
    version: z.number().int(),
    note: z.string().nullable(),
    createdAt: isoDateTime,
    createdByName: z.string().nullable(),
    current: z.boolean(),
    /** Decided grants under this version (null: the viewer does not see all municipalities' grants). */
    grantsDecided: z.number().int().nullable(),
  })
  .meta({ id: 'ProgrammeVersionSummary' });
export type ProgrammeVersionSummary = z.infer<typeof programmeVersionSummarySchema>;

export const programmeDetailSchema = programmeSummarySchema
  .extend({
    /** The version whose definition is shown (the current one unless another was asked for). */
    shownVersion: z.number().int(),
    /** The definition of that version. */
    definition: programmeDefinitionSchema,
    versions: z.array(programmeVersionSummarySchema),
  })
  .meta({ id: 'ProgrammeDetail' });
export type ProgrammeDetail = z.infer<typeof programmeDetailSchema>;

export const createProgrammeVersionSchema = z
  .strictObject({
    /** The complete definition of the new version (not a patch): every rule and number, validated as a whole. */
    definition: programmeDefinitionSchema,
    /** Why the programme changes (the change note shown with the version). */
    note: requiredText(2000),
  })
  .meta({ id: 'CreateProgrammeVersion' });
export type CreateProgrammeVersion = z.input<typeof createProgrammeVersionSchema>;

export const definitionChangeSchema = z
  .object({
    path: z.string(),
    kind: z.enum(['added', 'removed', 'changed']),
    before: z.unknown().optional(),
    after: z.unknown().optional(),
  })
  .meta({ id: 'ProgrammeDefinitionChange' });

export const programmeDiffSchema = z
  .object({
    programmeId: z.uuid(),
    from: z.number().int(),
    to: z.number().int(),
    changes: z.array(definitionChangeSchema),
  })
  .meta({ id: 'ProgrammeDiff' });
export type ProgrammeDiff = z.infer<typeof programmeDiffSchema>;

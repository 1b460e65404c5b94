// Data-subject rights: the Art. 15 export, erasure on request (Art. 17) and the municipality's deletion classes.
import { z } from 'zod';
import { retentionActions } from './retention.rules.ts';

export const dataSubjectParamsSchema = z.strictObject({ id: z.uuid() });

export const exportFormats = ['json', 'pdf'] as const;
export const exportQuerySchema = z.strictObject({
  format: z.enum(exportFormats).default('json').describe('json (complete, machine-readable) or pdf (German, readable)'),
});

/** The grounds of Art. 17(1) GDPR a request may rest on (the ledger records the ground, never free text). */
export const erasureGrounds = [
  'no_longer_necessary',
  'consent_withdrawn',
  'objection',
  'unlawfully_processed',
  'legal_obligation',
] as const;
export type ErasureGround = (typeof erasureGrounds)[number];

export const deleteParticipantSchema = z
  .strictObject({
    reason: z.enum(erasureGrounds).describe('The ground of Art. 17(1) GDPR (a: …, b: consent, c: objection, …)'),
  })
  .meta({ id: 'DeleteParticipant' });
export type DeleteParticipant = z.infer<typeof deleteParticipantSchema>;

export const deletionResultSchema = z
  .object({
    participantId: z.uuid(),
    action: z.enum(retentionActions),
    class: z.enum(['case_data', 'without_case']),
    ground: z.enum(erasureGrounds),
    ledgerSeq: z.number().int(),
    executedAt: z.iso.datetime(),
    /** The person's records erased (the record and records merged into it). */
    records: z.number().int(),
    /** Rows per table anonymised or deleted (the evidence kept in the deletion ledger). */
    rows: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'DeletionResult' });
export type DeletionResult = z.infer<typeof deletionResultSchema>;

// --- Deletion classes of the municipality ----------------------------------------------------------------------

const periodMonths = z.number().int().min(0).max(600).describe('Months after the start event (0–600)');

export const retentionRuleInputSchema = z.strictObject({
  periodMonths,
  action: z.enum(retentionActions),
  enabled: z.boolean(),
});

export const updateRetentionPolicySchema = z
  .strictObject({
    caseData: retentionRuleInputSchema.describe('After the end of the last case (exit or follow-up)'),
    consentBased: retentionRuleInputSchema.describe('After the revocation of the consent the data rest on'),
    withoutCase: retentionRuleInputSchema.describe('After the last change of a record that never got a case'),
  })
  .meta({ id: 'UpdateRetentionPolicy' });
export type UpdateRetentionPolicy = z.infer<typeof updateRetentionPolicySchema>;

export const retentionRuleSchema = z.object({
  periodMonths: z.number().int(),
  action: z.enum(retentionActions),
  enabled: z.boolean(),
  /** True when the municipality has not set this class: the default of the system applies. */
  isDefault: z.boolean(),
  minimumPeriodMonths: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
});

export const retentionPolicySchema = z
  .object({
    caseData: retentionRuleSchema,
    consentBased: retentionRuleSchema,
    withoutCase: retentionRuleSchema,
    version: z.number().int().min(1),
  })
  .meta({ id: 'RetentionPolicy' });
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

// --- Art. 15 export --------------------------------------------------------------------------------------------

const rowSchema = z.record(z.string(), z.unknown());

export const participantExportSchema = z
  .object({
    kind: z.literal('art15_access_report'),
    formatVersion: z.literal(1),
    generatedAt: z.iso.datetime(),
    controller: z.object({ organisationId: z.uuid(), name: z.string() }),
    dataSubject: z.object({ participantId: z.uuid(), number: z.string(), recordIds: z.array(z.uuid()) }),
    information: z.object({
      purposes: z.array(z.object({ purpose: z.string(), legalBasis: z.string() })),
      retention: z.array(z.object({ class: z.string(), rule: z.string() })),
      consentData: z.array(z.object({ purpose: z.string(), explanation: z.string() })),
      recipients: z.string(),
      source: z.string(),
      automatedDecisions: z.string(),
      rights: z.array(z.string()),
    }),
    /** Every table that holds the person's data, by table name; columns in camelCase, as stored. */
    tables: z.record(z.string(), z.array(rowSchema)),
    counts: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'ParticipantExport' });
export type ParticipantExport = z.infer<typeof participantExportSchema>;

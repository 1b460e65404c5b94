// Measure-career alerts and the municipality's rule settings: request and response shapes, shared by the API
// (validation, OpenAPI, response allow-lists) and the web app.
import { z } from 'zod';
import { cefrLevels } from '../participants/participant.codes.ts';
import { isoDate } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  dropoutReasons,
  enrolmentStatuses,
  offerTypes,
  schoolLadder,
  vocationalLadder,
} from '../offers/offer.codes.ts';
import { alertStatuses, careerRules } from './career.codes.ts';

// --- Settings -------------------------------------------------------------------------------------------------

const months = (max: number) => z.number().int().min(1).max(max);
const count = (min: number, max: number) => z.number().int().min(min).max(max);

/** The defaults of the issue ("Gemeinsam klappt's" working definition, domain.md §5). */
export const defaultCareerSettings = {
  no_progress: { enabled: true, minMeasures: 3, withinMonths: 24 },
  repeated_same_level: { enabled: true, minRepetitions: 2 },
  repeated_dropouts: { enabled: true, minDropouts: 2, withinMonths: 12, ignoredReasons: ['work', 'training'] },
  gap_after_measure: { enabled: true, months: 3 },
  long_without_qualification: { enabled: true, months: 24 },
} as const;

const uniqueReasons = z
  .array(z.enum(dropoutReasons))
  .max(dropoutReasons.length)
  .refine((list) => new Set(list).size === list.length, 'each reason only once');

/** The thresholds of each rule; a field left out takes its default. */
export const careerSettingsSchema = z
  .strictObject({
    no_progress: z
      .strictObject({
        enabled: z.boolean().default(defaultCareerSettings.no_progress.enabled),
        minMeasures: count(2, 20)
          .default(defaultCareerSettings.no_progress.minMeasures)
          .describe('Measures without a step up that raise the alert'),
        withinMonths: months(120).default(defaultCareerSettings.no_progress.withinMonths),
      })
      .prefault({}),
    repeated_same_level: z
      .strictObject({
        enabled: z.boolean().default(defaultCareerSettings.repeated_same_level.enabled),
        minRepetitions: count(2, 10)
          .default(defaultCareerSettings.repeated_same_level.minRepetitions)
          .describe('How often the same kind of offer at the same level'),
      })
      .prefault({}),
    repeated_dropouts: z
      .strictObject({
        enabled: z.boolean().default(defaultCareerSettings.repeated_dropouts.enabled),
        minDropouts: count(2, 10).default(defaultCareerSettings.repeated_dropouts.minDropouts),
        withinMonths: months(120).default(defaultCareerSettings.repeated_dropouts.withinMonths),
        ignoredReasons: uniqueReasons
          .default([...defaultCareerSettings.repeated_dropouts.ignoredReasons])
          .describe('Drop-out reasons that do not count (by default: took up work or training)'),
      })
      .prefault({}),
    gap_after_measure: z
      .strictObject({
        enabled: z.boolean().default(defaultCareerSettings.gap_after_measure.enabled),
        months: months(36)
          .default(defaultCareerSettings.gap_after_measure.months)
          .describe('Months without an active measure or a contact after the last measure ended'),
      })
      .prefault({}),
    long_without_qualification: z
      .strictObject({
        enabled: z.boolean().default(defaultCareerSettings.long_without_qualification.enabled),
        months: months(120)
          .default(defaultCareerSettings.long_without_qualification.months)
          .describe('Months spent in measures without a qualification'),
      })
      .prefault({}),
  })
  // No component id: with its defaults, the input and the output shape differ (the answer is CareerSettings).
  .describe('The thresholds of each rule; a field left out takes its default');
export type CareerSettings = z.output<typeof careerSettingsSchema>;
export type CareerSettingsInput = z.input<typeof careerSettingsSchema>;

/** The same shape as answered: every field present. */
export const careerSettingsOutputSchema = z
  .object({
    no_progress: z.object({ enabled: z.boolean(), minMeasures: z.number().int(), withinMonths: z.number().int() }),
    repeated_same_level: z.object({ enabled: z.boolean(), minRepetitions: z.number().int() }),
    repeated_dropouts: z.object({
      enabled: z.boolean(),
      minDropouts: z.number().int(),
      withinMonths: z.number().int(),
      ignoredReasons: z.array(z.enum(dropoutReasons)),
    }),
    gap_after_measure: z.object({ enabled: z.boolean(), months: z.number().int() }),
    long_without_qualification: z.object({ enabled: z.boolean(), months: z.number().int() }),
  })
  .meta({ id: 'CareerSettings' });

export const detectionCountsSchema = z
  .object({
    participants: z.number().int().nonnegative(),
    enrolments: z.number().int().nonnegative(),
    findings: z.number().int().nonnegative(),
    opened: z.number().int().nonnegative(),
    updated: z.number().int().nonnegative(),
    resolved: z.number().int().nonnegative(),
  })
  .meta({ id: 'CareerDetectionCounts' });

export const careerSettingsStateSchema = z
  .object({
    settings: careerSettingsOutputSchema,
    defaults: careerSettingsOutputSchema,
    /** 0 while the municipality uses the defaults (nothing stored yet). */
    version: z.number().int().nonnegative(),
    updatedAt: z.iso.datetime().nullable(),
    /** After a change: what the full run of the municipality with the new settings did. */
    detection: detectionCountsSchema.nullable(),
  })
  .meta({ id: 'CareerSettingsState' });
export type CareerSettingsState = z.infer<typeof careerSettingsStateSchema>;

// --- Alerts ---------------------------------------------------------------------------------------------------

export const alertDetailsSchema = z
  .object({
    count: z.number().int().optional(),
    withinMonths: z.number().int().optional(),
    firstOn: isoDate.optional(),
    lastOn: isoDate.optional(),
    offerType: z.enum(offerTypes).optional(),
    level: z.enum(cefrLevels).nullable().optional(),
    reasons: z.array(z.enum(dropoutReasons)).optional(),
    lastEndedOn: isoDate.optional(),
    lastContactOn: isoDate.nullable().optional(),
    months: z.number().int().optional(),
    days: z.number().int().optional(),
    rungs: z
      .object({
        language: z.enum(cefrLevels),
        school: z.enum(schoolLadder),
        vocational: z.enum(vocationalLadder),
      })
      .optional(),
  })
  .meta({ id: 'CareerAlertDetails' });
export type AlertDetails = z.infer<typeof alertDetailsSchema>;

export const alertEnrolmentSchema = z
  .object({
    id: z.uuid(),
    offerId: z.uuid(),
    offerTitle: z.string(),
    offerType: z.enum(offerTypes),
    providerId: z.uuid(),
    providerName: z.string(),
    status: z.enum(enrolmentStatuses),
    referredOn: isoDate,
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    dropoutReason: z.enum(dropoutReasons).nullable(),
  })
  .meta({ id: 'CareerAlertEnrolment' });
export type AlertEnrolment = z.infer<typeof alertEnrolmentSchema>;

export const alertSchema = z
  .object({
    id: z.uuid(),
    participantId: z.uuid(),
    rule: z.enum(careerRules),
    status: z.enum(alertStatuses),
    details: alertDetailsSchema,
    /** The enrolments that triggered it, in the order of the pattern (the first is its anchor). */
    enrolments: z.array(alertEnrolmentSchema),
    detectedAt: z.iso.datetime(),
    resolvedAt: z.iso.datetime().nullable(),
    handledAt: z.iso.datetime().nullable(),
    handledBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    plan: z.string().nullable(),
    dismissalReason: z.string().nullable(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'CareerAlert' });
export type Alert = z.infer<typeof alertSchema>;

export const alertListSchema = z.object({ items: z.array(alertSchema) }).meta({ id: 'CareerAlertList' });
export type AlertList = z.infer<typeof alertListSchema>;

export const participantAlertsQuerySchema = z.strictObject({
  status: z.enum(alertStatuses).optional().describe('Only alerts in this state (default: all)'),
});

export const alertParamsSchema = z.strictObject({ alertId: z.uuid() });
export const participantAlertParamsSchema = z.strictObject({ id: z.uuid() });

// Control characters have no place in a plan or a reason (PostgreSQL refuses NUL); line breaks and tabs may.
const CONTROL_EXCEPT_LINES = /(?![\n\r\t])\p{Cc}/u;
const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !CONTROL_EXCEPT_LINES.test(value), 'no control characters other than line breaks and tabs');

export const acknowledgeAlertSchema = z
  .strictObject({ plan: paragraph(4000).describe('What is planned about it (required)') })
  .meta({ id: 'AcknowledgeCareerAlert' });
export type AcknowledgeAlert = z.infer<typeof acknowledgeAlertSchema>;

export const dismissAlertSchema = z
  .strictObject({ reason: paragraph(2000).describe('Why the alert does not apply (required)') })
  .meta({ id: 'DismissCareerAlert' });
export type DismissAlert = z.infer<typeof dismissAlertSchema>;

// The caseload's list: open alerts of the cases the actor works on.
export const caseloadAlertSorts = ['detectedAt'] as const;
export const caseloadAlertsQuerySchema = listQuerySchema({
  sort: caseloadAlertSorts,
  defaultSort: '-detectedAt',
  filters: {
    rule: z.enum(careerRules).optional(),
    status: z.enum(alertStatuses).default('open'),
  },
});
export type CaseloadAlertsQuery = z.infer<typeof caseloadAlertsQuerySchema>;

export const caseloadAlertSchema = z
  .object({
    id: z.uuid(),
    rule: z.enum(careerRules),
    status: z.enum(alertStatuses),
    detectedAt: z.iso.datetime(),
    participant: z.object({ id: z.uuid(), number: z.string(), familyName: z.string(), givenNames: z.string() }),
    enrolmentCount: z.number().int().nonnegative(),
  })
  .meta({ id: 'CaseloadCareerAlert' });
export type CaseloadAlert = z.infer<typeof caseloadAlertSchema>;
export const caseloadAlertPageSchema = pageSchema(caseloadAlertSchema, 'CaseloadCareerAlertPage');
export type CaseloadAlertPage = z.infer<typeof caseloadAlertPageSchema>;

// --- Municipality-level view (aggregate: counts only, no personal data) ---------------------------------------

export const alertSummaryQuerySchema = z.strictObject({
  status: z.enum(alertStatuses).optional().describe('Count only alerts in this state (default: all but resolved)'),
});

const countRow = <T extends z.ZodType>(key: T) => z.object({ key, alerts: z.number().int().nonnegative() });

export const alertSummarySchema = z
  .object({
    total: z.number().int().nonnegative(),
    participants: z.number().int().nonnegative().describe('People with at least one counted alert'),
    byRule: z.array(countRow(z.enum(careerRules))),
    byStatus: z.array(countRow(z.enum(alertStatuses))),
    /** An alert counts once for each provider (offer type) among its triggering enrolments. */
    byProvider: z.array(
      z.object({ providerId: z.uuid(), providerName: z.string(), alerts: z.number().int().nonnegative() }),
    ),
    byOfferType: z.array(countRow(z.enum(offerTypes))),
    byRuleAndOfferType: z.array(
      z.object({ rule: z.enum(careerRules), offerType: z.enum(offerTypes), alerts: z.number().int().nonnegative() }),
    ),
  })
  .meta({ id: 'CareerAlertSummary' });
export type AlertSummary = z.infer<typeof alertSummarySchema>;

// The work on a case: needs assessments, the plan (goals and steps), contacts (FB1 coaching sessions are
// contacts with coaching = true), referrals to regular services, case conferences and documents.
// Shared by the API (validation, OpenAPI, response allow-lists) and the web forms.
import { z } from 'zod';
import { inputDate, inputDateTime, isoDate } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  accommodations,
  benefitKinds,
  cefrLevels,
  residenceStatuses,
  schoolQualifications,
  workPermissions,
} from '../participants/participant.codes.ts';
import {
  assessmentAreas,
  contactChannels,
  documentKinds,
  goalStatuses,
  referralOutcomes,
  referralServices,
  stepStatuses,
} from './case.codes.ts';

export const requiredText = (max: number) => z.string().trim().min(1).max(max);
/** Optional free text: blank means "not given" and is stored as null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional();

/** Every change names at least one field. */
export function notEmpty(value: object): boolean {
  return Object.keys(value).length > 0;
}
const NOTHING_TO_CHANGE = 'name at least one field to change';

// --- Needs assessment --------------------------------------------------------------------------------------

/**
 * Structured answers per area; each has needsSupport and notes, plus the facts the plan and reports use.
 * Built twice: for input (blank text becomes null) and for responses (no transforms, which cannot be encoded).
 */
function buildAreaSchemas(mode: 'input' | 'output') {
  const text = (max: number) => (mode === 'input' ? optionalText(max) : z.string().nullable().optional());
  const date = mode === 'input' ? inputDate : isoDate;
  const base = { needsSupport: z.boolean().describe('Support is needed in this area'), notes: text(2000) };
  return {
    language: z.strictObject({
      ...base,
      germanLevel: z.enum(cefrLevels).describe('German, CEFR level (A0 = none yet)'),
      literacySupport: z.boolean().optional().describe('Needs a literacy (Alpha) course'),
      otherLanguages: z
        .array(z.strictObject({ language: z.string().regex(/^[a-z]{2,3}$/), level: z.enum(cefrLevels) }))
        .max(10)
        .optional(),
    }),
    schooling: z.strictObject({
      ...base,
      highestQualification: z.enum(schoolQualifications),
      yearsOfSchooling: z.number().int().min(0).max(20).nullable().optional(),
      recognised: z.boolean().optional(),
    }),
    vocational: z.strictObject({
      ...base,
      workExperienceMonths: z.number().int().min(0).max(600).nullable().optional(),
      occupations: z.array(z.string().trim().min(1).max(120)).max(10).optional().describe('Occupations worked in'),
      vocationalGoal: text(300),
    }),
    health: z.strictObject({
      ...base,
      // Only whether health limits training or work: details are special-category data (Art. 9 GDPR) and stay
      // in the notes, if at all.
      limitsWorkOrTraining: z.boolean().optional(),
    }),
    childcare: z.strictObject({
      ...base,
      children: z.number().int().min(0).max(20),
      needsCare: z.boolean().describe('Childcare is needed to take part in measures'),
    }),
    housing: z.strictObject({
      ...base,
      accommodation: z.enum(accommodations),
      housingSecured: z.boolean().optional(),
    }),
    legal_status: z.strictObject({
      ...base,
      residenceStatus: z.enum(residenceStatuses).nullable().optional(),
      workPermission: z.enum(workPermissions).optional(),
      documentExpiry: date.nullable().optional(),
    }),
    finances: z.strictObject({
      ...base,
      benefits: z
        .array(z.enum(benefitKinds))
        .max(benefitKinds.length)
        .refine((values) => new Set(values).size === values.length, 'each entry only once')
        .optional(),
      debts: z.boolean().optional(),
    }),
  } satisfies Record<(typeof assessmentAreas)[number], z.ZodType>;
}

function buildAreasSchema(mode: 'input' | 'output') {
  const areas = buildAreaSchemas(mode);
  return z.strictObject({
    language: areas.language.optional(),
    schooling: areas.schooling.optional(),
    vocational: areas.vocational.optional(),
    health: areas.health.optional(),
    childcare: areas.childcare.optional(),
    housing: areas.housing.optional(),
    legal_status: areas.legal_status.optional(),
    finances: areas.finances.optional(),
  });
}

export const assessmentAreasSchema = buildAreasSchema('input')
  .refine(notEmpty, 'assess at least one area')
  .meta({ id: 'AssessmentAreas' });
export type AssessmentAreas = z.infer<typeof assessmentAreasSchema>;
/** The stored answers as the API returns them. */
export const assessmentAreasRecordSchema = buildAreasSchema('output').meta({ id: 'AssessmentAreasRecord' });

export const createAssessmentSchema = z
  .strictObject({ assessedOn: inputDate, areas: assessmentAreasSchema, notes: optionalText(20000) })
  .meta({ id: 'CreateAssessment' });
export type CreateAssessment = z.infer<typeof createAssessmentSchema>;

export const assessmentSchema = z
  .object({
    id: z.uuid(),
    assessedOn: isoDate,
    areas: assessmentAreasRecordSchema,
    /** Areas whose needsSupport is true, in the order of the code list. */
    supportAreas: z.array(z.enum(assessmentAreas)),
    notes: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Assessment' });
export type Assessment = z.infer<typeof assessmentSchema>;
export const listAssessmentsQuerySchema = listQuerySchema({
  sort: ['assessedOn'],
  defaultSort: '-assessedOn',
  filters: {},
});
export type ListAssessmentsQuery = z.infer<typeof listAssessmentsQuerySchema>;
export const assessmentPageSchema = pageSchema(assessmentSchema, 'AssessmentPage');
export type AssessmentPage = z.infer<typeof assessmentPageSchema>;

// --- Plan: goals and steps ---------------------------------------------------------------------------------

export const createGoalSchema = z
  .strictObject({
    title: requiredText(300),
    area: z.enum(assessmentAreas).nullable().optional().describe('The assessment area the goal addresses'),
    dueOn: inputDate.nullable().optional(),
  })
  .meta({ id: 'CreateGoal' });
export type CreateGoal = z.infer<typeof createGoalSchema>;

export const updateGoalSchema = createGoalSchema
  .partial()
  .extend({ status: z.enum(goalStatuses).optional() })
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateGoal' });
export type UpdateGoal = z.infer<typeof updateGoalSchema>;

export const createStepSchema = z
  .strictObject({
    title: requiredText(300),
    ownerUserId: z
      .uuid()
      .nullable()
      .optional()
      .describe('Who does it (an account of the municipality or a provider serving it)'),
    dueOn: inputDate.nullable().optional(),
  })
  .meta({ id: 'CreateStep' });
export type CreateStep = z.infer<typeof createStepSchema>;

export const updateStepSchema = createStepSchema
  .partial()
  .extend({
    status: z.enum(stepStatuses).optional(),
    doneOn: inputDate.nullable().optional().describe('With status done; defaults to today'),
  })
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateStep' });
export type UpdateStep = z.infer<typeof updateStepSchema>;

export const stepSchema = z
  .object({
    id: z.uuid(),
    goalId: z.uuid(),
    title: z.string(),
    ownerUserId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    dueOn: isoDate.nullable(),
    status: z.enum(stepStatuses),
    doneOn: isoDate.nullable(),
    overdue: z.boolean(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Step' });
export type Step = z.infer<typeof stepSchema>;

export const goalSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    area: z.enum(assessmentAreas).nullable(),
    dueOn: isoDate.nullable(),
    status: z.enum(goalStatuses),
    steps: z.array(stepSchema),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Goal' });
export type Goal = z.infer<typeof goalSchema>;

// --- Contacts ----------------------------------------------------------------------------------------------

export const createContactSchema = z
  .strictObject({
    occurredAt: inputDateTime,
    durationMinutes: z.number().int().min(0).max(1440).nullable().optional(),
    channel: z.enum(contactChannels),
    topic: requiredText(300),
    attendees: optionalText(1000).describe('Who took part besides the participant'),
    coaching: z.boolean().optional().describe('An FB1 coaching session (the case must include FB1)'),
    notes: optionalText(20000),
  })
  .meta({ id: 'CreateContact' });
export type CreateContact = z.infer<typeof createContactSchema>;

export const updateContactSchema = createContactSchema
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateContact' });
export type UpdateContact = z.infer<typeof updateContactSchema>;

export const contactSchema = z
  .object({
    id: z.uuid(),
    occurredAt: z.iso.datetime(),
    durationMinutes: z.number().int().nullable(),
    channel: z.enum(contactChannels),
    topic: z.string(),
    attendees: z.string().nullable(),
    coaching: z.boolean(),
    notes: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof contactSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listContactsQuerySchema = listQuerySchema({
  sort: ['occurredAt'],
  defaultSort: '-occurredAt',
  filters: {
    channel: z.enum(contactChannels).optional(),
    coaching: booleanQuery.optional(),
    from: inputDateTime.optional().describe('Contacts at or after this time'),
    to: inputDateTime.optional().describe('Contacts before this time'),
  },
});
export type ListContactsQuery = z.infer<typeof listContactsQuerySchema>;
export const contactPageSchema = pageSchema(contactSchema, 'ContactPage');
export type ContactPage = z.infer<typeof contactPageSchema>;

// --- Referrals ---------------------------------------------------------------------------------------------

export const createReferralSchema = z
  .strictObject({
    service: z.enum(referralServices),
    referredOn: inputDate,
    description: optionalText(2000),
  })
  .meta({ id: 'CreateReferral' });
export type CreateReferral = z.infer<typeof createReferralSchema>;

export const updateReferralSchema = createReferralSchema
  .partial()
  .extend({
    outcome: z.enum(referralOutcomes).optional(),
    outcomeOn: inputDate.nullable().optional().describe('When the outcome became known; defaults to today'),
    outcomeNotes: optionalText(2000),
  })
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateReferral' });
export type UpdateReferral = z.infer<typeof updateReferralSchema>;

export const referralSchema = z
  .object({
    id: z.uuid(),
    service: z.enum(referralServices),
    referredOn: isoDate,
    description: z.string().nullable(),
    outcome: z.enum(referralOutcomes),
    outcomeOn: isoDate.nullable(),
    outcomeNotes: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof referralSchema>;

export const listReferralsQuerySchema = listQuerySchema({
  sort: ['referredOn'],
  defaultSort: '-referredOn',
  filters: { service: z.enum(referralServices).optional(), outcome: z.enum(referralOutcomes).optional() },
});
export type ListReferralsQuery = z.infer<typeof listReferralsQuerySchema>;
export const referralPageSchema = pageSchema(referralSchema, 'ReferralPage');
export type ReferralPage = z.infer<typeof referralPageSchema>;

// --- Case conferences --------------------------------------------------------------------------------------

export const createConferenceSchema = z
  .strictObject({
    heldOn: inputDate,
    attendees: requiredText(2000).describe('Who took part (roles or organisations)'),
    findings: optionalText(20000),
    agreements: optionalText(20000),
  })
  .meta({ id: 'CreateConference' });
export type CreateConference = z.infer<typeof createConferenceSchema>;

export const updateConferenceSchema = createConferenceSchema
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateConference' });
export type UpdateConference = z.infer<typeof updateConferenceSchema>;

export const conferenceSchema = z
  .object({
    id: z.uuid(),
    heldOn: isoDate,
    attendees: z.string(),
    findings: z.string().nullable(),
    agreements: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Conference' });
export type Conference = z.infer<typeof conferenceSchema>;

export const listConferencesQuerySchema = listQuerySchema({ sort: ['heldOn'], defaultSort: '-heldOn', filters: {} });
export type ListConferencesQuery = z.infer<typeof listConferencesQuerySchema>;
export const conferencePageSchema = pageSchema(conferenceSchema, 'ConferencePage');
export type ConferencePage = z.infer<typeof conferencePageSchema>;

// --- Documents ---------------------------------------------------------------------------------------------

/** The form fields of an upload (multipart/form-data: these fields and one part "file"). */
export const documentUploadFieldsSchema = z
  .strictObject({
    title: requiredText(200),
    kind: z.enum(documentKinds),
  })
  .meta({ id: 'DocumentUploadFields' });
export type DocumentUploadFields = z.infer<typeof documentUploadFieldsSchema>;

/**
 * The upload as OpenAPI describes it (multipart/form-data). The server reads the form itself and then checks
 * this shape, with "file" standing for the file's digest.
 */
export const documentUploadSchema = documentUploadFieldsSchema
  .extend({ file: z.string().min(1).meta({ format: 'binary', description: 'The file (one part)' }) })
  .meta({ id: 'DocumentUpload' });

export const documentSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    kind: z.enum(documentKinds),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int().nonnegative(),
    sha256: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Document' });
export type CaseDocument = z.infer<typeof documentSchema>;

export const listDocumentsQuerySchema = listQuerySchema({
  sort: ['createdAt', 'title'],
  defaultSort: '-createdAt',
  filters: { kind: z.enum(documentKinds).optional() },
});
export type ListDocumentsQuery = z.infer<typeof listDocumentsQuerySchema>;
export const documentPageSchema = pageSchema(documentSchema, 'DocumentPage');
export type DocumentPage = z.infer<typeof documentPageSchema>;

// --- Parameters --------------------------------------------------------------------------------------------

export const goalParamsSchema = z.strictObject({ id: z.uuid(), goalId: z.uuid() });
export const stepParamsSchema = z.strictObject({ id: z.uuid(), stepId: z.uuid() });
export const contactParamsSchema = z.strictObject({ id: z.uuid(), contactId: z.uuid() });
export const referralParamsSchema = z.strictObject({ id: z.uuid(), referralId: z.uuid() });
export const conferenceParamsSchema = z.strictObject({ id: z.uuid(), conferenceId: z.uuid() });
export const documentParamsSchema = z.strictObject({ id: z.uuid(), documentId: z.uuid() });

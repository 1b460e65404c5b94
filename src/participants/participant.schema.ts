// Participants (Teilnehmende): the record, its sub-records (residence statuses, languages, schooling,
// consents), search, the duplicate check and merging, blocking. Shared by the API and the web app.
//
// The schemas check shape and format (every field, all at once); rules that need the stored record or the
// clock (birth date not in the future, precision with a birth date, overlapping statuses) are checked in the
// service, which again lists every problem with its field.
import { z } from 'zod';
import { eligibilityOutcomes } from '../cases/case.codes.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  accommodations,
  benefitKinds,
  birthDatePrecisions,
  cefrLevels,
  consentPurposes,
  genders,
  residenceStatuses,
  schoolQualifications,
  strands,
  workPermissions,
} from './participant.codes.ts';
import { municipalityEligibilityOverrideSchema } from './programme-policy.ts';

import { inputDate, isoDate } from '../platform/dates.ts';

// ISO 3166-1 alpha-2 codes known to the Unicode CLDR (which includes XK, Kosovo), plus XX: stateless or
// unknown nationality (a user-assigned code of ISO 3166, as ICAO uses XX… for stateless persons).
// Regions that are not countries are refused.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);
const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code)) return false;
  if (code === 'XX') return true;
  return !NOT_COUNTRIES.has(code) && regionNames.of(code) !== code;
}

export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code in capitals, e.g. "AF"')
  .refine(isCountryCode, 'not an ISO 3166-1 country code (XX = stateless or unknown)');

/** ISO 639-1 or 639-3 code, lower case. Rare languages (ISO 639-3) are common among refugees, so any code of that form is accepted. */
export const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}$/, 'an ISO 639 language code in lower case, e.g. "ar", "prs"');

// Control characters have no place in names or notes (and PostgreSQL refuses NUL in text): one-line fields
// refuse them all, multi-line fields allow line breaks and tabs.
const CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_LINES = /(?![\n\r\t])\p{Cc}/u;
const line = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !CONTROL.test(value), 'no control characters');
const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !CONTROL_EXCEPT_LINES.test(value), 'no control characters other than line breaks and tabs');

const requiredText = (max: number, multiline = false) => (multiline ? paragraph(max) : line(max)).min(1);
/** Optional free text: null (or leaving it out) means "not given"; a given text is not blank. */
const optionalText = (max: number, multiline = false) => requiredText(max, multiline).nullable().optional();
const uniqueList = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((values) => new Set(values).size === values.length, 'each entry only once');

// --- Sub-records ------------------------------------------------------------------------------------------

export const residenceStatusInputSchema = z
  .strictObject({
    status: z.enum(residenceStatuses),
    legalParagraph: optionalText(120).describe('As written on the document; defaults to the paragraph of the status'),
    validFrom: inputDate,
    validTo: inputDate.nullable().optional().describe('Empty while the status holds'),
    documentExpiry: inputDate.nullable().optional(),
    notes: optionalText(2000, true),
  })
  .meta({ id: 'NewResidenceStatus' });
export type ResidenceStatusInput = z.infer<typeof residenceStatusInputSchema>;

export const residenceStatusCorrectionSchema = residenceStatusInputSchema
  .partial()
  .meta({ id: 'ResidenceStatusCorrection' });
export type ResidenceStatusCorrection = z.infer<typeof residenceStatusCorrectionSchema>;

export const residenceStatusSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(residenceStatuses),
    legalParagraph: z.string().nullable(),
    validFrom: isoDate,
    validTo: isoDate.nullable(),
    documentExpiry: isoDate.nullable(),
    notes: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ResidenceStatus' });
export type ResidenceStatusRecord = z.infer<typeof residenceStatusSchema>;

export const languageInputSchema = z
  .strictObject({
    language: languageCode,
    level: z.enum(cefrLevels),
    evidenceDate: inputDate.nullable().optional(),
    evidence: optionalText(200).describe('Certificate, placement test, self-assessment, …'),
  })
  .meta({ id: 'NewLanguage' });
export type LanguageInput = z.infer<typeof languageInputSchema>;
export const languageCorrectionSchema = languageInputSchema.partial().meta({ id: 'LanguageCorrection' });
export type LanguageCorrection = z.infer<typeof languageCorrectionSchema>;

export const languageSchema = z
  .object({
    id: z.uuid(),
    language: z.string(),
    level: z.enum(cefrLevels),
    evidenceDate: isoDate.nullable(),
    evidence: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Language' });
export type LanguageRecord = z.infer<typeof languageSchema>;

export const schoolingInputSchema = z
  .strictObject({
    country: countryCode.nullable().optional(),
    years: z.number().int().min(0).max(20).nullable().optional(),
    qualification: z.enum(schoolQualifications),
    recognised: z.boolean().optional(),
    notes: optionalText(2000, true),
  })
  .meta({ id: 'NewSchooling' });
export type SchoolingInput = z.infer<typeof schoolingInputSchema>;
export const schoolingCorrectionSchema = schoolingInputSchema.partial().meta({ id: 'SchoolingCorrection' });
export type SchoolingCorrection = z.infer<typeof schoolingCorrectionSchema>;

export const schoolingSchema = z
  .object({
    id: z.uuid(),
    country: z.string().nullable(),
    years: z.number().int().nullable(),
    qualification: z.enum(schoolQualifications),
    recognised: z.boolean(),
    notes: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Schooling' });
export type SchoolingRecord = z.infer<typeof schoolingSchema>;

export const consentInputSchema = z
  .strictObject({
    purpose: z.enum(consentPurposes),
    scope: requiredText(2000, true).describe('What exactly the person agreed to'),
    givenOn: inputDate,
    documentId: z.uuid().nullable().optional().describe('The signed form: a document of one of the person’s cases'),
  })
  .meta({ id: 'NewConsent' });
export type ConsentInput = z.infer<typeof consentInputSchema>;

export const consentRevocationSchema = z.strictObject({ revokedOn: inputDate }).meta({ id: 'ConsentRevocation' });
export type ConsentRevocation = z.infer<typeof consentRevocationSchema>;

export const consentSchema = z
  .object({
    id: z.uuid(),
    purpose: z.enum(consentPurposes),
    scope: z.string(),
    givenOn: isoDate,
    revokedOn: isoDate.nullable(),
    documentId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Consent' });
export type ConsentRecord = z.infer<typeof consentSchema>;

// --- The participant ----------------------------------------------------------------------------------------

const participantFields = {
  familyName: requiredText(200),
  givenNames: line(200).optional().describe('Empty when the person has only one name'),
  familyNameOriginal: optionalText(200).describe('In the original script (Arabic, Cyrillic, …)'),
  givenNamesOriginal: optionalText(200),
  birthDate: inputDate
    .nullable()
    .optional()
    .describe('With precision month or year, the first day of the month or year is stored'),
  birthDatePrecision: z.enum(birthDatePrecisions).nullable().optional(),
  gender: z.enum(genders).optional(),
  countriesOfOrigin: uniqueList(countryCode, 10).optional(),
  nationalities: uniqueList(countryCode, 5).optional(),
  phone: optionalText(40).refine(
    (value) => value == null || /^[0-9+()/ .-]{3,40}$/.test(value),
    'digits, spaces and + ( ) / . - only',
  ),
  email: z.email().max(254).nullable().optional(),
  street: optionalText(200),
  postcode: z
    .string()
    .regex(/^[0-9]{5}$/, 'a German postcode has 5 digits')
    .nullable()
    .optional(),
  city: optionalText(120),
  cityDistrict: optionalText(120).describe('Stadtbezirk or Stadtteil, for local planning'),
  accommodation: z.enum(accommodations).optional(),
  workPermission: z.enum(workPermissions).optional(),
  benefits: uniqueList(z.enum(benefitKinds), benefitKinds.length).optional(),
  excludedOffender: z.boolean().optional().describe('Classed as a dangerous or serious offender (programme exclusion)'),
  vocationalExperience: optionalText(4000, true),
  restricted: z.boolean().optional().describe('"Anvertraut": only the assigned staff may see the record'),
};

export const createParticipantSchema = z
  .strictObject({
    ...participantFields,
    externalId: optionalText(100).describe('Id in the system the record comes from'),
    residenceStatuses: z.array(residenceStatusInputSchema).max(20).optional(),
    languages: z.array(languageInputSchema).max(20).optional(),
    schooling: z.array(schoolingInputSchema).max(20).optional(),
    consents: z.array(consentInputSchema).max(20).optional(),
    reviewedCandidateIds: z
      .array(z.uuid())
      .max(100)
      .optional()
      .describe('Ids of the duplicate candidates the user has looked at and found to be other people'),
  })
  .meta({ id: 'CreateParticipant' });
export type CreateParticipant = z.infer<typeof createParticipantSchema>;

export const updateParticipantSchema = z.strictObject(participantFields).partial().meta({ id: 'UpdateParticipant' });
export type UpdateParticipant = z.infer<typeof updateParticipantSchema>;

export const participantSchema = z
  .object({
    id: z.uuid(),
    number: z.string().describe('Pseudonymous number, e.g. TN-000123'),
    externalId: z.string().nullable(),
    familyName: z.string(),
    givenNames: z.string(),
    familyNameOriginal: z.string().nullable(),
    givenNamesOriginal: z.string().nullable(),
    birthDate: isoDate.nullable(),
    birthDatePrecision: z.enum(birthDatePrecisions).nullable(),
    gender: z.enum(genders),
    countriesOfOrigin: z.array(z.string()),
    nationalities: z.array(z.string()),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    street: z.string().nullable(),
    postcode: z.string().nullable(),
    city: z.string().nullable(),
    cityDistrict: z.string().nullable(),
    accommodation: z.enum(accommodations),
    workPermission: z.enum(workPermissions),
    benefits: z.array(z.enum(benefitKinds)),
    excludedOffender: z.boolean(),
    vocationalExperience: z.string().nullable(),
    restricted: z.boolean(),
    blockedAt: z.iso.datetime().nullable().describe('Blocked (gesperrt, Art. 18 GDPR): read-only while set'),
    blockedReason: z.string().nullable(),
    mergedIntoId: z.uuid().nullable().describe('Set when the record was merged into another one (read-only)'),
    anonymisedAt: z.iso.datetime().nullable(),
    isDemo: z.boolean(),
    currentResidenceStatus: residenceStatusSchema.nullable().describe('The status valid today'),
    residenceStatuses: z.array(residenceStatusSchema).describe('The history, oldest first'),
    languages: z.array(languageSchema),
    schooling: z.array(schoolingSchema),
    consents: z.array(consentSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Participant' });
export type Participant = z.infer<typeof participantSchema>;

export const participantIdParamsSchema = z.strictObject({ id: z.uuid() });
export const subRecordParamsSchema = z.strictObject({ id: z.uuid(), recordId: z.uuid() });

// --- Search -------------------------------------------------------------------------------------------------

export const participantSorts = ['familyName', 'number', 'birthDate', 'createdAt', 'updatedAt'] as const;
export type ParticipantSort = (typeof participantSorts)[number];

const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listParticipantsQuerySchema = listQuerySchema({
  sort: participantSorts,
  defaultSort: 'familyName',
  filters: {
    q: line(200)
      .min(1)
      .optional()
      .describe('A number ("TN-000123", exact) or names: every word must match a name (spelling variants too)'),
    birthDate: inputDate.optional().describe('Matches also records whose date is known only to the month or year'),
    birthYear: z.coerce.number().int().min(1900).max(2100).optional(),
    residenceStatus: z.enum(residenceStatuses).optional().describe('The status valid today'),
    gender: z.enum(genders).optional(),
    cityDistrict: line(120).min(1).optional(),
    hasOpenCase: booleanParam.optional(),
    blocked: booleanParam.optional(),
    includeMerged: booleanParam.optional().describe('Also records merged into others (default: no)'),
  },
});
export type ListParticipantsQuery = z.infer<typeof listParticipantsQuerySchema>;

export const participantSummarySchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    familyName: z.string(),
    givenNames: z.string(),
    birthDate: isoDate.nullable(),
    birthDatePrecision: z.enum(birthDatePrecisions).nullable(),
    gender: z.enum(genders),
    currentResidenceStatus: z.enum(residenceStatuses).nullable(),
    openCaseCount: z.number().int().min(0),
    restricted: z.boolean(),
    blocked: z.boolean(),
    mergedIntoId: z.uuid().nullable(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'ParticipantSummary' });
export type ParticipantSummary = z.infer<typeof participantSummarySchema>;

export const participantPageSchema = pageSchema(participantSummarySchema, 'ParticipantPage');
export type ParticipantPage = z.infer<typeof participantPageSchema>;

// --- Duplicates and merging ---------------------------------------------------------------------------------

export const duplicateCheckSchema = z
  .strictObject({
    familyName: requiredText(200),
    givenNames: line(200).optional(),
    familyNameOriginal: optionalText(200),
    givenNamesOriginal: optionalText(200),
    birthDate: inputDate.nullable().optional(),
    birthDatePrecision: z.enum(birthDatePrecisions).nullable().optional(),
  })
  .meta({ id: 'DuplicateCheck' });
export type DuplicateCheck = z.infer<typeof duplicateCheckSchema>;

export const duplicateCandidateSchema = z
  .union([
    z.object({
      id: z.uuid(),
      restricted: z.literal(false),
      score: z.number(),
      reasons: z.array(z.string()).describe('Why the record looks like the same person'),
      participant: participantSummarySchema,
    }),
    z.object({
      id: z.uuid().describe('To acknowledge it in reviewedCandidateIds; ask the assigned staff about it'),
      restricted: z.literal(true).describe('A record you may not see: only its likeness is shown'),
      score: z.number(),
    }),
  ])
  .meta({ id: 'DuplicateCandidate' });
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;

export const duplicateCandidatesSchema = z
  .object({ candidates: z.array(duplicateCandidateSchema) })
  .meta({ id: 'DuplicateCandidates' });

export const mergeParticipantSchema = z
  .strictObject({ duplicateId: z.uuid().describe('The record to merge into this one; it stays, read-only') })
  .meta({ id: 'MergeParticipant' });

// --- Blocking -----------------------------------------------------------------------------------------------

export const blockParticipantSchema = z
  .strictObject({ reason: requiredText(1000, true).describe('Why processing is restricted (Art. 18 GDPR)') })
  .meta({ id: 'BlockParticipant' });
export const unblockParticipantSchema = z.strictObject({}).meta({ id: 'UnblockParticipant' });

// --- Eligibility --------------------------------------------------------------------------------------------

export const programmes = ['diaa'] as const;
export type Programme = (typeof programmes)[number];

export const eligibilityQuerySchema = z.strictObject({
  strand: z.enum(strands),
  on: inputDate.optional().describe('The day of the decision; default today'),
  programme: z.enum(programmes).default('diaa'),
});
export type EligibilityQuery = z.infer<typeof eligibilityQuerySchema>;

const eligibilityReasonSchema = z.object({
  rule: z.string(),
  effect: z.enum(['met', 'not_met', 'excepted', 'uncertain']),
  code: z.string().describe('Machine code for the message, e.g. "age.too_old"'),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});

export const eligibilityDecisionSchema = z
  .object({
    participantId: z.uuid(),
    outcome: z.enum(eligibilityOutcomes),
    reasons: z.array(eligibilityReasonSchema).describe('Every rule with its effect, met ones included'),
    evaluatedOn: isoDate,
    strand: z.enum(strands),
    programme: z.string(),
  })
  .meta({ id: 'EligibilityDecision' });
export type EligibilityDecisionResponse = z.infer<typeof eligibilityDecisionSchema>;

export const eligibilityPolicySchema = z
  .object({
    programme: z.string(),
    minAge: z.number().int(),
    maxAge: z.number().int(),
    admittedStatuses: z.array(z.enum(residenceStatuses)),
    excludeStateReceptionFacility: z.boolean(),
    excludeOffenders: z.boolean(),
    strands: z.record(z.enum(strands), z.object({ excludeWorkBan: z.boolean() })),
  })
  .meta({ id: 'EligibilityPolicy' });

export const municipalityEligibilityPolicySchema = z
  .object({
    municipalityId: z.uuid(),
    override: municipalityEligibilityOverrideSchema
      .nullable()
      .describe('The municipality’s own settings; null = defaults'),
    defaults: eligibilityPolicySchema.describe('The programme’s rules (DiAA guideline)'),
    effective: eligibilityPolicySchema.describe('What eligibility decisions use'),
    version: z.number().int().positive(),
  })
  .meta({ id: 'MunicipalityEligibilityPolicy' });
export type MunicipalityEligibilityPolicy = z.infer<typeof municipalityEligibilityPolicySchema>;

export const setEligibilityPolicySchema = z
  .strictObject({ override: municipalityEligibilityOverrideSchema.nullable() })
  .meta({ id: 'SetMunicipalityEligibilityPolicy' });
export type SetEligibilityPolicy = z.infer<typeof setEligibilityPolicySchema>;

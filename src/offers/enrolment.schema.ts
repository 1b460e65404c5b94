// Enrolments of participants in offers: request and response shapes, shared by the API and the web forms.
import { z } from 'zod';
import { optionalText } from '../cases/case-work.schema.ts';
import { eligibilityOutcomes } from '../cases/case.codes.ts';
import { cefrLevels, schoolQualifications } from '../participants/participant.codes.ts';
import { inputDate, isoDate } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import {
  dropoutReasons,
  enrolmentStatuses,
  examResults,
  offerStatuses,
  offerStrands,
  offerTypes,
} from './offer.codes.ts';

const version = z.number().int().positive();

export const enrolmentParamsSchema = z.strictObject({ enrolmentId: z.uuid() });

export const createEnrolmentSchema = z
  .strictObject({
    offerId: z.uuid(),
    caseId: z.uuid().nullable().optional().describe('The case the referral is made from, if any'),
    referredOn: inputDate.optional().describe('Default today'),
    startsOn: inputDate
      .nullable()
      .optional()
      .describe("Planned start; default the offer's start (or the referral day) when a seat is given"),
    endsOn: inputDate.nullable().optional().describe('Planned end'),
    exceptionJustification: optionalText(2000).describe(
      'For a strand offer whose eligibility fails only on the age rule: the documented, justified exception',
    ),
  })
  .meta({ id: 'CreateEnrolment' });
export type CreateEnrolment = z.infer<typeof createEnrolmentSchema>;

const hours = z
  .number()
  .min(0)
  .max(10000)
  .refine((value) => Math.abs(Math.round(value * 10) - value * 10) < 1e-6, 'at most one decimal');

export const updateEnrolmentSchema = z
  .strictObject({
    status: z.enum(enrolmentStatuses).optional(),
    startsOn: inputDate.nullable().optional(),
    endsOn: inputDate.nullable().optional().describe('With completed or dropped_out: defaults to today'),
    dropoutReason: z.enum(dropoutReasons).nullable().optional().describe('Required with dropped_out'),
    dropoutNotes: optionalText(2000),
    sessionsPlanned: z.number().int().min(0).max(5000).nullable().optional(),
    sessionsAttended: z.number().int().min(0).max(5000).nullable().optional(),
    hoursAttended: hours.nullable().optional(),
    attendanceConfirmed: z
      .boolean()
      .optional()
      .describe('true: the signed-in user confirms the attendance today (the provider); false: withdraws it'),
    certificate: z.boolean().optional(),
    examResult: z.enum(examResults).nullable().optional(),
    cefrLevelReached: z.enum(cefrLevels).nullable().optional(),
    schoolQualificationReached: z.enum(schoolQualifications).nullable().optional(),
    vocationalQualificationReached: z.boolean().optional(),
    nextStep: optionalText(1000),
  })
  .refine((value) => Object.keys(value).length > 0, 'name at least one field to change')
  .meta({ id: 'UpdateEnrolment' });
export type UpdateEnrolment = z.infer<typeof updateEnrolmentSchema>;

export const enrolmentSchema = z
  .object({
    id: z.uuid(),
    participant: z.object({
      id: z.uuid(),
      number: z.string(),
      familyName: z.string(),
      givenNames: z.string(),
    }),
    offer: z.object({
      id: z.uuid(),
      title: z.string(),
      type: z.enum(offerTypes),
      strand: z.enum(offerStrands).nullable(),
      place: z.string(),
      status: z.enum(offerStatuses),
      provider: z.object({ id: z.uuid(), name: z.string() }),
    }),
    caseId: z.uuid().nullable(),
    referredOn: isoDate,
    startsOn: isoDate.nullable(),
    endsOn: isoDate.nullable(),
    status: z.enum(enrolmentStatuses),
    /** Place on the waiting list (1 = next), for waiting enrolments. */
    waitingPosition: z.number().int().positive().nullable(),
    /** A seat is free for this waiting enrolment: it may be activated now. */
    seatAvailable: z.boolean(),
    dropoutReason: z.enum(dropoutReasons).nullable(),
    dropoutNotes: z.string().nullable(),
    attendance: z.object({
      sessionsPlanned: z.number().int().nullable(),
      sessionsAttended: z.number().int().nullable(),
      hoursAttended: z.number().nullable(),
      confirmedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
      confirmedOn: isoDate.nullable(),
    }),
    results: z.object({
      certificate: z.boolean(),
      examResult: z.enum(examResults).nullable(),
      cefrLevelReached: z.enum(cefrLevels).nullable(),
      schoolQualificationReached: z.enum(schoolQualifications).nullable(),
      vocationalQualificationReached: z.boolean(),
    }),
    nextStep: z.string().nullable(),
    eligibility: z
      .object({
        outcome: z.enum(eligibilityOutcomes),
        exceptionJustification: z.string().nullable(),
      })
      .nullable()
      .describe('The eligibility decision at enrolment, for strand offers'),
    isDemo: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version,
  })
  .meta({ id: 'Enrolment' });
export type Enrolment = z.infer<typeof enrolmentSchema>;

export const enrolmentSortFields = ['referredOn', 'startsOn', 'createdAt'] as const;
export type EnrolmentSortField = (typeof enrolmentSortFields)[number];

export const listEnrolmentsQuerySchema = listQuerySchema({
  sort: enrolmentSortFields,
  defaultSort: '-referredOn',
  filters: { status: z.enum(enrolmentStatuses).optional() },
});
export type ListEnrolmentsQuery = z.infer<typeof listEnrolmentsQuerySchema>;
export const enrolmentPageSchema = pageSchema(enrolmentSchema, 'EnrolmentPage');
export type EnrolmentPage = z.infer<typeof enrolmentPageSchema>;

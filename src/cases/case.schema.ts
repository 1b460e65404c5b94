// Cases (Fallakten): intake, eligibility, assignments, exit and follow-up, and the full case view.
// Shared by the API (validation, OpenAPI, response allow-lists) and the web forms.
import { z } from 'zod';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { strands } from '../participants/participant.codes.ts';
import { assignmentRoles, caseOutcomes, caseStatuses, eligibilityOutcomes } from './case.codes.ts';
import { inputDate, isoDate } from '../platform/dates.ts';
import { assessmentSchema, goalSchema, notEmpty, optionalText } from './case-work.schema.ts';

/** Programmes a case can run under; the eligibility policy of each lives in participants/programme-policy.ts. */
export const caseProgrammes = ['diaa'] as const;
export type CaseProgramme = (typeof caseProgrammes)[number];

const strandList = z
  .array(z.enum(strands))
  .min(1)
  .max(strands.length)
  .refine((values) => new Set(values).size === values.length, 'each strand only once');

export const createCaseSchema = z
  .strictObject({
    programme: z.enum(caseProgrammes).default('diaa'),
    teamId: z.uuid().describe('The team responsible; its participation managers see the case'),
    openedOn: inputDate,
    intakeOn: inputDate.nullable().optional().describe('The first interview (Erstgespräch)'),
    intakeNotes: optionalText(20000),
    strands: strandList.describe('The funding strands the person is meant for (FB1…FB6)'),
    exceptionJustification: optionalText(4000).describe(
      'Documented reason to admit the person as an exception (only the age rule can be waived)',
    ),
    restricted: z.boolean().optional().describe('"Anvertraut": only the assigned staff may see the case'),
  })
  .meta({ id: 'CreateCase' });
export type CreateCase = z.infer<typeof createCaseSchema>;

export const updateCaseSchema = z
  .strictObject({
    teamId: z.uuid().optional(),
    intakeOn: inputDate.nullable().optional(),
    intakeNotes: optionalText(20000),
    strands: strandList.optional(),
    exceptionJustification: optionalText(4000),
    restricted: z.boolean().optional(),
  })
  .refine(notEmpty, 'name at least one field to change')
  .meta({ id: 'UpdateCase' });
export type UpdateCase = z.infer<typeof updateCaseSchema>;

export const exitCaseSchema = z
  .strictObject({
    exitedOn: inputDate,
    outcome: z.enum(caseOutcomes),
    notes: optionalText(4000),
  })
  .meta({ id: 'ExitCase' });
export type ExitCase = z.infer<typeof exitCaseSchema>;

export const followUpSchema = z
  .strictObject({
    followedUpOn: inputDate,
    outcome: z.enum(caseOutcomes).describe('The situation 6 months after exit'),
    notes: optionalText(4000),
  })
  .meta({ id: 'FollowUp' });
export type FollowUp = z.infer<typeof followUpSchema>;

export const createAssignmentSchema = z
  .strictObject({
    role: z.enum(assignmentRoles),
    userId: z.uuid(),
  })
  .meta({ id: 'CreateAssignment' });
export type CreateAssignment = z.infer<typeof createAssignmentSchema>;

export const assignmentSchema = z
  .object({
    id: z.uuid(),
    role: z.enum(assignmentRoles),
    userId: z.uuid(),
    displayName: z.string(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime().nullable(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'Assignment' });
export type Assignment = z.infer<typeof assignmentSchema>;

/** The most accounts the list of assignable users returns (a municipality's staff and its providers' coaches). */
export const ASSIGNABLE_USERS_LIMIT = 200;

// No `.meta({ id })` on querystring schemas: @fastify/swagger cannot resolve a $ref among query parameters.
export const assignableUsersQuerySchema = z.strictObject({
  role: z.enum(assignmentRoles).describe('The role to fill on the case'),
});
export type AssignableUsersQuery = z.infer<typeof assignableUsersQuerySchema>;

/** An account that may hold a role on a case: names only, never participant data. */
export const assignableUserSchema = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    organisationName: z.string(),
    role: z.enum(assignmentRoles),
    currentlyAssigned: z.boolean().describe('Holds this role on the case now'),
  })
  .meta({ id: 'AssignableUser' });
export type AssignableUser = z.infer<typeof assignableUserSchema>;

export const assignableUserListSchema = z
  .object({
    items: z.array(assignableUserSchema).describe(`Sorted by display name; at most ${ASSIGNABLE_USERS_LIMIT}`),
    truncated: z.boolean().describe('More accounts qualify than the list holds'),
  })
  .meta({ id: 'AssignableUserList' });
export type AssignableUserList = z.infer<typeof assignableUserListSchema>;

/** One reason of the eligibility decision of one strand (see participants/eligibility.rules.ts). */
export const eligibilityReasonSchema = z
  .object({
    strand: z.enum(strands),
    rule: z.string().describe('age, residence_status, state_reception_facility, offender, work_ban, …'),
    effect: z.enum(['met', 'not_met', 'excepted', 'uncertain']).describe('uncertain: staff should verify'),
    code: z.string().describe('Machine code for the message, e.g. age.too_old'),
    params: z.record(z.string(), z.union([z.string(), z.number()])).describe('Values for the message'),
  })
  .meta({ id: 'CaseEligibilityReason' });
export type EligibilityReason = z.infer<typeof eligibilityReasonSchema>;

export const eligibilitySchema = z
  .object({
    decision: z.enum(eligibilityOutcomes).nullable(),
    reasons: z.array(eligibilityReasonSchema),
    checkedAt: z.iso.datetime().nullable(),
    lostAt: z.iso.datetime().nullable().describe('Since when the person is no longer eligible'),
  })
  .meta({ id: 'CaseEligibility' });
export type CaseEligibility = z.infer<typeof eligibilitySchema>;

export const caseWarningSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('eligibility_lost'), since: z.iso.datetime() }),
    z.object({ kind: z.literal('follow_up_due'), dueOn: isoDate }),
    z.object({ kind: z.literal('follow_up_overdue'), dueOn: isoDate }),
    z.object({ kind: z.literal('steps_overdue'), count: z.number().int().positive(), oldestDueOn: isoDate }),
  ])
  .meta({ id: 'CaseWarning' });

export const caseParticipantSchema = z
  .object({
    id: z.uuid(),
    number: z.string(),
    familyName: z.string(),
    givenNames: z.string(),
    restricted: z.boolean(),
    blocked: z.boolean(),
    mergedIntoId: z.uuid().nullable(),
  })
  .meta({ id: 'CaseParticipant' });

const exitSchema = z.object({
  exitedOn: isoDate,
  outcome: z.enum(caseOutcomes),
  notes: z.string().nullable(),
});

const followUpStateSchema = z.object({
  dueOn: isoDate,
  state: z.enum(['due', 'overdue']).nullable().describe('Whether the follow-up shows as a task today'),
  followedUpOn: isoDate.nullable(),
  outcome: z.enum(caseOutcomes).nullable(),
  notes: z.string().nullable(),
});

/** The fields of a case itself, as lists show them. */
const caseFields = {
  id: z.uuid(),
  participantId: z.uuid(),
  programme: z.string(),
  teamId: z.uuid().nullable(),
  openedOn: isoDate,
  intakeOn: isoDate.nullable(),
  strands: z.array(z.enum(strands)),
  restricted: z.boolean(),
  status: z.enum(caseStatuses),
  eligibility: eligibilitySchema,
  exitedOn: isoDate.nullable(),
  exitOutcome: z.enum(caseOutcomes).nullable(),
  followUpDueOn: isoDate.nullable(),
  followedUpOn: isoDate.nullable(),
  version: z.number().int().positive(),
};

export const caseSummarySchema = z.object(caseFields).meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseSchema = z
  .object({
    ...caseFields,
    participant: caseParticipantSchema,
    intakeNotes: z.string().nullable(),
    exceptionJustification: z.string().nullable(),
    exit: exitSchema.nullable(),
    followUp: followUpStateSchema.nullable(),
    assignments: z.object({
      current: z.array(assignmentSchema),
      history: z.array(assignmentSchema).describe('Ended assignments, most recent first'),
    }),
    latestAssessment: assessmentSchema.nullable(),
    goals: z.array(goalSchema),
    counts: z.object({
      assessments: z.number().int().nonnegative(),
      goals: z.number().int().nonnegative(),
      contacts: z.number().int().nonnegative(),
      referrals: z.number().int().nonnegative(),
      conferences: z.number().int().nonnegative(),
      documents: z.number().int().nonnegative(),
    }),
    activeMeasures: z.number().int().nonnegative(),
    lastContactAt: z.iso.datetime().nullable(),
    warnings: z.array(caseWarningSchema),
    writable: z
      .boolean()
      .describe('Plan and contact work is possible (case not exited, participant neither blocked nor merged)'),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Case' });
export type Case = z.infer<typeof caseSchema>;

export const listParticipantCasesQuerySchema = listQuerySchema({
  sort: ['openedOn'],
  defaultSort: '-openedOn',
  filters: {
    programme: z.enum(caseProgrammes).optional(),
    open: z
      .enum(['true', 'false'])
      .transform((value) => value === 'true')
      .optional()
      .describe('true: only cases not exited; false: only exited cases'),
  },
});
export type ListParticipantCasesQuery = z.infer<typeof listParticipantCasesQuerySchema>;
export const casePageSchema = pageSchema(caseSummarySchema, 'CasePage');
export type CasePage = z.infer<typeof casePageSchema>;

export const caseIdParamsSchema = z.strictObject({ id: z.uuid() });
export const participantCasesParamsSchema = z.strictObject({ participantId: z.uuid() });
export const assignmentParamsSchema = z.strictObject({ id: z.uuid(), assignmentId: z.uuid() });

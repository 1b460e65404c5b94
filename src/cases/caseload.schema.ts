// Views over cases: my caseload (with due tasks, lost eligibility, overdue follow-ups) and the timeline of
// everything that happened to a participant. Shared by the API and the web app.
import { z } from 'zod';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { strands } from '../participants/participant.codes.ts';
import { assignmentRoles, caseloadScopes, caseStatuses, warningKinds } from './case.codes.ts';
import { caseProgrammes } from './case.schema.ts';
import { isoDate } from '../platform/dates.ts';

export const caseloadSorts = ['participantName', 'openedOn', 'nextDueOn', 'lastContactAt'] as const;
export type CaseloadSort = (typeof caseloadSorts)[number];

/** A comma-separated list of codes ("a,b"), each from the allow-list, each once. */
function codeList<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(500)
    .transform((raw) => raw.split(',').map((value) => value.trim()))
    .pipe(
      z
        .array(z.enum(values))
        .min(1)
        .refine((list) => new Set(list).size === list.length, 'each value only once'),
    )
    .describe(`One or more of ${values.join(', ')}, separated by commas`);
}

export const caseloadQuerySchema = listQuerySchema({
  sort: caseloadSorts,
  defaultSort: 'nextDueOn',
  filters: {
    scope: z
      .enum(caseloadScopes)
      .default('own')
      .describe("own: cases assigned to me; team: my teams' cases (participation managers)"),
    status: codeList(caseStatuses).optional(),
    warning: codeList(warningKinds).optional().describe('Cases showing at least one of these warnings'),
    programme: z.enum(caseProgrammes).optional(),
    strand: z.enum(strands).optional(),
  },
});
export type CaseloadQuery = z.infer<typeof caseloadQuerySchema>;

export const caseloadItemSchema = z
  .object({
    caseId: z.uuid(),
    participant: z.object({
      id: z.uuid(),
      number: z.string(),
      familyName: z.string(),
      givenNames: z.string(),
    }),
    programme: z.string(),
    strands: z.array(z.enum(strands)),
    openedOn: isoDate,
    status: z.enum(caseStatuses),
    restricted: z.boolean(),
    assignments: z.array(z.object({ role: z.enum(assignmentRoles), userId: z.uuid(), displayName: z.string() })),
    nextDueStep: z
      .object({ id: z.uuid(), title: z.string(), dueOn: isoDate })
      .nullable()
      .describe('The open step due first (overdue ones included)'),
    nextDueOn: isoDate.nullable().describe('The first due date: of the next step or of the follow-up'),
    overdueSteps: z.number().int().nonnegative(),
    openAlerts: z.number().int().nonnegative().describe("Open measure-career alerts of the case's participant"),
    eligibilityLost: z.boolean(),
    eligibilityLostAt: z.iso.datetime().nullable(),
    followUpDueOn: isoDate.nullable(),
    followUp: z.enum(['due', 'overdue']).nullable().describe('The follow-up shows as a task today'),
    lastContactAt: z.iso.datetime().nullable(),
    warnings: z.array(z.enum(warningKinds)),
  })
  .meta({ id: 'CaseloadItem' });
export type CaseloadItem = z.infer<typeof caseloadItemSchema>;

export const caseloadPageSchema = pageSchema(caseloadItemSchema, 'CaseloadPage');
export type CaseloadPage = z.infer<typeof caseloadPageSchema>;

// --- Timeline ----------------------------------------------------------------------------------------------

export const timelineKinds = [
  'participant_created',
  'residence_status',
  'language_added',
  'schooling_added',
  'consent_given',
  'consent_revoked',
  'case_opened',
  'case_exited',
  'case_followed_up',
  'assessment',
  'goal',
  'step',
  'contact',
  'referral',
  'conference',
  'document',
  'assignment_started',
  'assignment_ended',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export const timelineQuerySchema = listQuerySchema({
  sort: ['at'],
  defaultSort: '-at',
  filters: { kind: codeList(timelineKinds).optional() },
});
export type TimelineQuery = z.infer<typeof timelineQuerySchema>;

export const timelineEventSchema = z
  .object({
    id: z.uuid().describe('Stable id of the event (not of the record)'),
    kind: z.enum(timelineKinds),
    at: z.iso.datetime().describe('When it happened; for events known only by day, the start of that day'),
    on: isoDate.nullable().describe('The day, when only the day is known'),
    caseId: z.uuid().nullable(),
    recordId: z.uuid().describe('The record the event comes from (case, contact, …)'),
    summary: z.string().describe('A short label: a title, a code or a topic; never notes'),
    actorUserId: z.uuid().nullable(),
  })
  .meta({ id: 'TimelineEvent' });
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const timelinePageSchema = pageSchema(timelineEventSchema, 'TimelinePage');
export type TimelinePage = z.infer<typeof timelinePageSchema>;

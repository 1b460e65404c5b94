// The forms of the contacts log, referrals, case conferences, exit and follow-up, and how they become
// requests, checked with the shared schemas. Pure: no I/O (the current time is passed in).
import { caseOutcomes, contactChannels, referralOutcomes, referralServices } from '../../../cases/case.codes.ts';
import type { CaseOutcome, ContactChannel, ReferralOutcome, ReferralService } from '../../../cases/case.codes.ts';
import { exitCaseSchema, followUpSchema, type ExitCase, type FollowUp } from '../../../cases/case.schema.ts';
import {
  createConferenceSchema,
  createContactSchema,
  createReferralSchema,
  updateReferralSchema,
  type CreateConference,
  type CreateContact,
  type CreateReferral,
  type Referral,
  type UpdateReferral,
} from '../../../cases/case-work.schema.ts';
import {
  collectProblems,
  issuesOf,
  optional,
  wholeNumber,
  type Checked,
  type FieldKind,
  type Issue,
} from './form-problems.ts';
import { isCalendarDate, localDateOf, localTimeOf, toOffsetDateTime } from './format.ts';

function dateIssue(field: string, value: string, required: boolean): Issue[] {
  if (value === '') return required ? [{ field, code: 'required' }] : [];
  return isCalendarDate(value) ? [] : [{ field, code: 'invalid_format' }];
}

// --- Contacts ---------------------------------------------------------------------------------------------

export interface ContactValues {
  date: string;
  time: string;
  durationMinutes: string;
  channel: ContactChannel | '';
  topic: string;
  attendees: string;
  coaching: boolean;
  notes: string;
}

export const CONTACT_FIELDS = {
  date: 'date',
  time: 'time',
  durationMinutes: 'number',
  channel: 'choice',
  topic: 'text',
  attendees: 'text',
  coaching: 'flag',
  notes: 'text',
} as const satisfies Record<keyof ContactValues, FieldKind>;
export type ContactField = keyof typeof CONTACT_FIELDS;
const CONTACT_ORDER: readonly ContactField[] = [
  'date',
  'time',
  'durationMinutes',
  'channel',
  'topic',
  'attendees',
  'coaching',
  'notes',
];

/** A new contact starts now, in person; a coaching session when the case is one (FB1 only). */
export function newContactValues(now: Date, coaching: boolean): ContactValues {
  return {
    date: localDateOf(now),
    time: localTimeOf(now),
    durationMinutes: '',
    channel: 'in_person',
    topic: '',
    attendees: '',
    coaching,
    notes: '',
  };
}

/** The server names the instant "occurredAt"; the form has a date and a time for it. */
function contactField(path: string): ContactField | undefined {
  const head = path.split('.')[0] ?? '';
  if (head === 'occurredAt') return 'date';
  return head in CONTACT_FIELDS ? (head as ContactField) : undefined;
}

export function contactProblems(issues: readonly Issue[]) {
  return collectProblems(issues, CONTACT_FIELDS, CONTACT_ORDER, contactField);
}

export function toCreateContact(values: ContactValues): Checked<CreateContact, ContactField> {
  const local: Issue[] = [...dateIssue('date', values.date, true)];
  if (!/^\d{2}:\d{2}$/.test(values.time))
    local.push({ field: 'time', code: values.time === '' ? 'required' : 'invalid_format' });
  const occurredAt = toOffsetDateTime(values.date, values.time);
  const parsed = createContactSchema.safeParse({
    occurredAt: occurredAt ?? '',
    durationMinutes: wholeNumber(values.durationMinutes),
    channel: values.channel === '' ? undefined : values.channel,
    topic: values.topic,
    attendees: optional(values.attendees),
    coaching: values.coaching,
    notes: optional(values.notes),
  });
  const problems = contactProblems([
    ...local,
    // A broken date or time is named at its own field above, not again as "occurredAt".
    ...(parsed.success ? [] : issuesOf(parsed.error)).filter(
      (issue) => !(local.length > 0 && issue.field === 'occurredAt'),
    ),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export { contactChannels as CONTACT_CHANNELS };

// --- Referrals --------------------------------------------------------------------------------------------

export interface ReferralValues {
  service: ReferralService | '';
  referredOn: string;
  description: string;
}

export const REFERRAL_FIELDS = { service: 'choice', referredOn: 'date', description: 'text' } as const satisfies Record<
  keyof ReferralValues,
  FieldKind
>;
export type ReferralField = keyof typeof REFERRAL_FIELDS;
const REFERRAL_ORDER: readonly ReferralField[] = ['service', 'referredOn', 'description'];

export function newReferralValues(today: string): ReferralValues {
  return { service: '', referredOn: today, description: '' };
}

export function referralProblems(issues: readonly Issue[]) {
  return collectProblems(issues, REFERRAL_FIELDS, REFERRAL_ORDER);
}

export function toCreateReferral(values: ReferralValues): Checked<CreateReferral, ReferralField> {
  const parsed = createReferralSchema.safeParse({
    service: values.service === '' ? undefined : values.service,
    referredOn: values.referredOn,
    description: optional(values.description),
  });
  const problems = referralProblems([
    ...dateIssue('referredOn', values.referredOn, true),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export interface OutcomeValues {
  outcome: ReferralOutcome;
  outcomeOn: string;
  outcomeNotes: string;
}

export const OUTCOME_FIELDS = { outcome: 'choice', outcomeOn: 'date', outcomeNotes: 'text' } as const satisfies Record<
  keyof OutcomeValues,
  FieldKind
>;
export type OutcomeField = keyof typeof OUTCOME_FIELDS;
const OUTCOME_ORDER: readonly OutcomeField[] = ['outcome', 'outcomeOn', 'outcomeNotes'];

/** Recording an outcome starts from the referral's current one, dated today when it has no date yet. */
export function outcomeValuesOf(referral: Referral, today: string): OutcomeValues {
  return {
    outcome: referral.outcome,
    outcomeOn: referral.outcomeOn ?? today,
    outcomeNotes: referral.outcomeNotes ?? '',
  };
}

export function outcomeProblems(issues: readonly Issue[]) {
  return collectProblems(issues, OUTCOME_FIELDS, OUTCOME_ORDER);
}

/** Only what differs from the referral; "pending" has no outcome date. */
export function toRecordOutcome(values: OutcomeValues, referral: Referral): Checked<UpdateReferral, OutcomeField> {
  const changes: Record<string, unknown> = {};
  const pending = values.outcome === 'pending';
  if (values.outcome !== referral.outcome) changes.outcome = values.outcome;
  const outcomeOn = pending || values.outcomeOn === '' ? null : values.outcomeOn;
  if (outcomeOn !== referral.outcomeOn) changes.outcomeOn = outcomeOn;
  if (optional(values.outcomeNotes) !== (referral.outcomeNotes ?? null))
    changes.outcomeNotes = optional(values.outcomeNotes);
  const local = pending ? [] : dateIssue('outcomeOn', values.outcomeOn, false);
  if (Object.keys(changes).length === 0 && local.length === 0) return { ok: true, body: {} };
  const parsed = updateReferralSchema.safeParse(changes);
  const problems = outcomeProblems([...local, ...(parsed.success ? [] : issuesOf(parsed.error))]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export { referralOutcomes as REFERRAL_OUTCOMES, referralServices as REFERRAL_SERVICES };

// --- Case conferences -------------------------------------------------------------------------------------

export interface ConferenceValues {
  heldOn: string;
  attendees: string;
  findings: string;
  agreements: string;
}

export const CONFERENCE_FIELDS = {
  heldOn: 'date',
  attendees: 'text',
  findings: 'text',
  agreements: 'text',
} as const satisfies Record<keyof ConferenceValues, FieldKind>;
export type ConferenceField = keyof typeof CONFERENCE_FIELDS;
const CONFERENCE_ORDER: readonly ConferenceField[] = ['heldOn', 'attendees', 'findings', 'agreements'];

export function newConferenceValues(today: string): ConferenceValues {
  return { heldOn: today, attendees: '', findings: '', agreements: '' };
}

export function conferenceProblems(issues: readonly Issue[]) {
  return collectProblems(issues, CONFERENCE_FIELDS, CONFERENCE_ORDER);
}

export function toCreateConference(values: ConferenceValues): Checked<CreateConference, ConferenceField> {
  const parsed = createConferenceSchema.safeParse({
    heldOn: values.heldOn,
    attendees: values.attendees,
    findings: optional(values.findings),
    agreements: optional(values.agreements),
  });
  const problems = conferenceProblems([
    ...dateIssue('heldOn', values.heldOn, true),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

// --- Exit and follow-up -----------------------------------------------------------------------------------

export interface ExitValues {
  date: string;
  outcome: CaseOutcome | '';
  notes: string;
}

export const EXIT_FIELDS = { date: 'date', outcome: 'choice', notes: 'text' } as const satisfies Record<
  keyof ExitValues,
  FieldKind
>;
export type ExitField = keyof typeof EXIT_FIELDS;
const EXIT_ORDER: readonly ExitField[] = ['date', 'outcome', 'notes'];

export function newExitValues(today: string): ExitValues {
  return { date: today, outcome: '', notes: '' };
}

/** The server names the date exitedOn (exit) or followedUpOn (follow-up); the forms call it "date". */
function exitField(path: string): ExitField | undefined {
  const head = path.split('.')[0] ?? '';
  if (head === 'exitedOn' || head === 'followedUpOn') return 'date';
  return head in EXIT_FIELDS ? (head as ExitField) : undefined;
}

export function exitProblems(issues: readonly Issue[]) {
  return collectProblems(issues, EXIT_FIELDS, EXIT_ORDER, exitField);
}

function outcomeCode(value: CaseOutcome | ''): CaseOutcome | undefined {
  return value === '' ? undefined : value;
}

export function toExitCase(values: ExitValues): Checked<ExitCase, ExitField> {
  const parsed = exitCaseSchema.safeParse({
    exitedOn: values.date,
    outcome: outcomeCode(values.outcome),
    notes: optional(values.notes),
  });
  const problems = exitProblems([
    ...dateIssue('date', values.date, true),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export function toFollowUp(values: ExitValues): Checked<FollowUp, ExitField> {
  const parsed = followUpSchema.safeParse({
    followedUpOn: values.date,
    outcome: outcomeCode(values.outcome),
    notes: optional(values.notes),
  });
  const problems = exitProblems([
    ...dateIssue('date', values.date, true),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export { caseOutcomes as CASE_OUTCOMES };

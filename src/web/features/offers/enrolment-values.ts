// The enrolment forms as plain values (what the fields hold), checked against the shared schemas before
// sending, and the server's field errors mapped back onto the fields. Pure: no I/O, no React.
import {
  createEnrolmentSchema,
  updateEnrolmentSchema,
  type CreateEnrolment,
  type Enrolment,
  type UpdateEnrolment,
} from '../../../offers/enrolment.schema.ts';
import {
  collectProblems,
  optional,
  wholeNumber,
  type Checked,
  type FieldKind,
  type FieldProblem,
  type Issue,
} from '../cases/form-problems.ts';
import { changed, check, decimal } from './offer-values.ts';

// --- Enrolling a person ------------------------------------------------------------------------------------

export interface EnrolValues {
  offerId: string;
  referredOn: string;
  startsOn: string;
  endsOn: string;
  exceptionJustification: string;
}
export type EnrolField = keyof EnrolValues;
const enrolFieldKinds: Record<EnrolField, FieldKind> = {
  offerId: 'choice',
  referredOn: 'date',
  startsOn: 'date',
  endsOn: 'date',
  exceptionJustification: 'text',
};
export const ENROL_FIELDS = Object.keys(enrolFieldKinds) as EnrolField[];

export function newEnrolValues(today: string): EnrolValues {
  return { offerId: '', referredOn: today, startsOn: '', endsOn: '', exceptionJustification: '' };
}

export function toCreateEnrolment(values: EnrolValues): Checked<CreateEnrolment, EnrolField> {
  const date = (value: string) => (value === '' ? undefined : value);
  const body = {
    offerId: values.offerId,
    referredOn: date(values.referredOn),
    startsOn: date(values.startsOn),
    endsOn: date(values.endsOn),
    exceptionJustification: optional(values.exceptionJustification) ?? undefined,
  };
  return check(createEnrolmentSchema, body, enrolFieldKinds, ENROL_FIELDS);
}

export function enrolProblemsOf(issues: readonly Issue[]): FieldProblem<EnrolField>[] {
  return collectProblems(issues, enrolFieldKinds, ENROL_FIELDS);
}

// --- Changing an enrolment ---------------------------------------------------------------------------------

export interface EnrolmentValues {
  status: string;
  startsOn: string;
  endsOn: string;
  dropoutReason: string;
  dropoutNotes: string;
  sessionsPlanned: string;
  sessionsAttended: string;
  hoursAttended: string;
  attendanceConfirmed: boolean;
  certificate: boolean;
  examResult: string;
  cefrLevelReached: string;
  schoolQualificationReached: string;
  vocationalQualificationReached: boolean;
  nextStep: string;
}
/** The form's fields; the server's "results" and "attendance" problems land on their first field. */
export type EnrolmentField = keyof EnrolmentValues;
const enrolmentFieldKinds: Record<EnrolmentField, FieldKind> = {
  status: 'choice',
  startsOn: 'date',
  endsOn: 'date',
  dropoutReason: 'choice',
  dropoutNotes: 'text',
  sessionsPlanned: 'number',
  sessionsAttended: 'number',
  hoursAttended: 'number',
  attendanceConfirmed: 'flag',
  certificate: 'flag',
  examResult: 'choice',
  cefrLevelReached: 'choice',
  schoolQualificationReached: 'choice',
  vocationalQualificationReached: 'flag',
  nextStep: 'text',
};
export const ENROLMENT_FIELDS = Object.keys(enrolmentFieldKinds) as EnrolmentField[];

export function enrolmentValuesOf(enrolment: Enrolment): EnrolmentValues {
  const text = (value: string | number | null) => (value === null ? '' : String(value));
  return {
    status: enrolment.status,
    startsOn: text(enrolment.startsOn),
    endsOn: text(enrolment.endsOn),
    dropoutReason: enrolment.dropoutReason ?? '',
    dropoutNotes: text(enrolment.dropoutNotes),
    sessionsPlanned: text(enrolment.attendance.sessionsPlanned),
    sessionsAttended: text(enrolment.attendance.sessionsAttended),
    hoursAttended: text(enrolment.attendance.hoursAttended),
    attendanceConfirmed: enrolment.attendance.confirmedBy !== null,
    certificate: enrolment.results.certificate,
    examResult: enrolment.results.examResult ?? '',
    cefrLevelReached: enrolment.results.cefrLevelReached ?? '',
    schoolQualificationReached: enrolment.results.schoolQualificationReached ?? '',
    vocationalQualificationReached: enrolment.results.vocationalQualificationReached,
    nextStep: text(enrolment.nextStep),
  };
}

function enrolmentBody(values: EnrolmentValues) {
  const choice = (value: string) => (value === '' ? null : value);
  return {
    status: values.status,
    startsOn: choice(values.startsOn),
    endsOn: choice(values.endsOn),
    dropoutReason: choice(values.dropoutReason),
    dropoutNotes: optional(values.dropoutNotes),
    sessionsPlanned: wholeNumber(values.sessionsPlanned),
    sessionsAttended: wholeNumber(values.sessionsAttended),
    hoursAttended: decimal(values.hoursAttended),
    attendanceConfirmed: values.attendanceConfirmed,
    certificate: values.certificate,
    examResult: choice(values.examResult),
    cefrLevelReached: choice(values.cefrLevelReached),
    schoolQualificationReached: choice(values.schoolQualificationReached),
    vocationalQualificationReached: values.vocationalQualificationReached,
    nextStep: optional(values.nextStep),
  };
}

/**
 * The changes against the stored enrolment; an empty body means nothing changed. Changed attendance figures
 * lose their confirmation on the server: the offer's provider (`confirms`) confirms them again with the change
 * while the box stays ticked; everybody else never sends the confirmation (it is the provider's).
 */
export function toUpdateEnrolment(
  values: EnrolmentValues,
  enrolment: Enrolment,
  confirms: boolean,
): Checked<UpdateEnrolment, EnrolmentField> {
  const { attendanceConfirmed, ...next } = enrolmentBody(values);
  const { attendanceConfirmed: wasConfirmed, ...stored } = enrolmentBody(enrolmentValuesOf(enrolment));
  const body: Record<string, unknown> = changed(next, stored);
  const figures = ['sessionsPlanned', 'sessionsAttended', 'hoursAttended'].some((key) => key in body);
  if (confirms && (attendanceConfirmed !== wasConfirmed || (figures && attendanceConfirmed))) {
    body.attendanceConfirmed = attendanceConfirmed;
  }
  if (Object.keys(body).length === 0) return { ok: true, body: {} };
  return check(updateEnrolmentSchema, body, enrolmentFieldKinds, ENROLMENT_FIELDS);
}

export function enrolmentProblemsOf(issues: readonly Issue[]): FieldProblem<EnrolmentField>[] {
  return collectProblems(issues, enrolmentFieldKinds, ENROLMENT_FIELDS, (path) => {
    if (path === 'results') return 'certificate';
    if (path === 'attendance' || path.startsWith('attendance.')) return 'sessionsAttended';
    const head = path.split('.')[0] ?? '';
    return head in enrolmentFieldKinds ? (head as EnrolmentField) : undefined;
  });
}

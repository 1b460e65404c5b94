// The intake form (the case's own fields) and how it becomes PATCH /cases/:id: only what differs from the
// loaded case (the audit log records the changed fields). Pure: no I/O.
import { strands, type Strand } from '../../../participants/participant.codes.ts';
import { updateCaseSchema, type Case, type UpdateCase } from '../../../cases/case.schema.ts';
import { collectProblems, issuesOf, optional, type Checked, type FieldKind } from './form-problems.ts';
import { isCalendarDate } from './format.ts';

export interface IntakeValues {
  intakeOn: string;
  intakeNotes: string;
  teamId: string;
  strands: Strand[];
  restricted: boolean;
  exceptionJustification: string;
}

export const INTAKE_FIELDS = {
  intakeOn: 'date',
  teamId: 'choice',
  strands: 'choice',
  intakeNotes: 'text',
  exceptionJustification: 'text',
  restricted: 'flag',
} as const satisfies Record<keyof IntakeValues, FieldKind>;
export type IntakeField = keyof typeof INTAKE_FIELDS;
export const INTAKE_ORDER: readonly IntakeField[] = [
  'intakeOn',
  'teamId',
  'strands',
  'intakeNotes',
  'exceptionJustification',
  'restricted',
];

export function intakeValuesOf(
  record: Case,
  exceptionJustification: string | null = record.exceptionJustification,
): IntakeValues {
  return {
    intakeOn: record.intakeOn ?? '',
    intakeNotes: record.intakeNotes ?? '',
    teamId: record.teamId ?? '',
    strands: strands.filter((strand) => record.strands.includes(strand)),
    restricted: record.restricted,
    exceptionJustification: exceptionJustification ?? '',
  };
}

/** The changes, checked with the shared schema; an empty body means nothing was changed. */
export function toCaseUpdate(values: IntakeValues, record: Case): Checked<UpdateCase, IntakeField> {
  const before = intakeValuesOf(record);
  const changes: Record<string, unknown> = {};
  if (values.intakeOn !== before.intakeOn) changes.intakeOn = values.intakeOn === '' ? null : values.intakeOn;
  if (optional(values.intakeNotes) !== optional(before.intakeNotes)) changes.intakeNotes = optional(values.intakeNotes);
  if (values.teamId !== before.teamId && values.teamId !== '') changes.teamId = values.teamId;
  if (values.strands.join() !== before.strands.join()) changes.strands = values.strands;
  if (values.restricted !== before.restricted) changes.restricted = values.restricted;
  if (optional(values.exceptionJustification) !== optional(before.exceptionJustification)) {
    changes.exceptionJustification = optional(values.exceptionJustification);
  }
  const local = [];
  if (values.intakeOn !== '' && !isCalendarDate(values.intakeOn))
    local.push({ field: 'intakeOn', code: 'invalid_format' });
  if (values.strands.length === 0) local.push({ field: 'strands', code: 'too_small' });
  if (values.teamId === '' && before.teamId !== '') local.push({ field: 'teamId', code: 'required' });
  if (Object.keys(changes).length === 0 && local.length === 0) return { ok: true, body: {} };
  const parsed = updateCaseSchema.safeParse(changes);
  const issues = [...local, ...(parsed.success ? [] : issuesOf(parsed.error).filter((issue) => issue.field !== ''))];
  const problems = collectProblems(issues, INTAKE_FIELDS, INTAKE_ORDER);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

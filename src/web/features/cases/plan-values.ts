// The plan's forms (goal, step) and how they become requests: creating sends what is filled in, changing
// sends only what differs from the loaded version. Checked with the shared schemas. Pure: no I/O.
import {
  assessmentAreas,
  goalStatuses,
  stepStatuses,
  type AssessmentArea,
  type GoalStatus,
  type StepStatus,
} from '../../../cases/case.codes.ts';
import {
  createGoalSchema,
  createStepSchema,
  updateGoalSchema,
  updateStepSchema,
  type CreateGoal,
  type CreateStep,
  type Goal,
  type Step,
  type UpdateGoal,
  type UpdateStep,
} from '../../../cases/case-work.schema.ts';
import { collectProblems, issuesOf, type Checked, type FieldKind, type Issue } from './form-problems.ts';
import { isCalendarDate } from './format.ts';

export interface GoalValues {
  title: string;
  area: AssessmentArea | '';
  dueOn: string;
  status: GoalStatus;
}

export const GOAL_FIELDS = { title: 'text', area: 'choice', dueOn: 'date', status: 'choice' } as const satisfies Record<
  keyof GoalValues,
  FieldKind
>;
export type GoalField = keyof typeof GOAL_FIELDS;
const GOAL_ORDER: readonly GoalField[] = ['title', 'area', 'dueOn', 'status'];

export const EMPTY_GOAL: GoalValues = { title: '', area: '', dueOn: '', status: 'open' };

export function goalValuesOf(goal: Goal): GoalValues {
  return { title: goal.title, area: goal.area ?? '', dueOn: goal.dueOn ?? '', status: goal.status };
}

function dateIssues(fields: Record<string, string>): Issue[] {
  return Object.entries(fields)
    .filter(([, value]) => value !== '' && !isCalendarDate(value))
    .map(([field]) => ({ field, code: 'invalid_format' }));
}

export function goalProblems(issues: readonly Issue[]) {
  return collectProblems(issues, GOAL_FIELDS, GOAL_ORDER);
}

export function toCreateGoal(values: GoalValues): Checked<CreateGoal, GoalField> {
  const parsed = createGoalSchema.safeParse({
    title: values.title,
    area: values.area === '' ? null : values.area,
    dueOn: values.dueOn === '' ? null : values.dueOn,
  });
  const problems = goalProblems([
    ...dateIssues({ dueOn: values.dueOn }),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

/** Only the fields that differ from the goal; an empty body means nothing was changed. */
export function toUpdateGoal(values: GoalValues, goal: Goal): Checked<UpdateGoal, GoalField> {
  const before = goalValuesOf(goal);
  const changes: Record<string, unknown> = {};
  if (values.title.trim() !== before.title) changes.title = values.title;
  if (values.area !== before.area) changes.area = values.area === '' ? null : values.area;
  if (values.dueOn !== before.dueOn) changes.dueOn = values.dueOn === '' ? null : values.dueOn;
  if (values.status !== before.status) changes.status = values.status;
  const local = dateIssues({ dueOn: values.dueOn });
  if (Object.keys(changes).length === 0 && local.length === 0) return { ok: true, body: {} };
  const parsed = updateGoalSchema.safeParse(changes);
  const problems = goalProblems([...local, ...(parsed.success ? [] : issuesOf(parsed.error))]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export interface StepValues {
  title: string;
  ownerUserId: string;
  dueOn: string;
  status: StepStatus;
  doneOn: string;
}

export const STEP_FIELDS = {
  title: 'text',
  ownerUserId: 'choice',
  dueOn: 'date',
  status: 'choice',
  doneOn: 'date',
} as const satisfies Record<keyof StepValues, FieldKind>;
export type StepField = keyof typeof STEP_FIELDS;
const STEP_ORDER: readonly StepField[] = ['title', 'ownerUserId', 'dueOn', 'status', 'doneOn'];

export const EMPTY_STEP: StepValues = { title: '', ownerUserId: '', dueOn: '', status: 'open', doneOn: '' };

export function stepValuesOf(step: Step): StepValues {
  return {
    title: step.title,
    ownerUserId: step.ownerUserId ?? '',
    dueOn: step.dueOn ?? '',
    status: step.status,
    doneOn: step.doneOn ?? '',
  };
}

export function stepProblems(issues: readonly Issue[]) {
  return collectProblems(issues, STEP_FIELDS, STEP_ORDER);
}

export function toCreateStep(values: StepValues): Checked<CreateStep, StepField> {
  const parsed = createStepSchema.safeParse({
    title: values.title,
    ownerUserId: values.ownerUserId === '' ? null : values.ownerUserId,
    dueOn: values.dueOn === '' ? null : values.dueOn,
  });
  const problems = stepProblems([
    ...dateIssues({ dueOn: values.dueOn }),
    ...(parsed.success ? [] : issuesOf(parsed.error)),
  ]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

/**
 * Only what differs from the step. The day it was done goes only with the status "done" (the server sets today
 * when none is given); leaving "done" clears it.
 */
export function toUpdateStep(values: StepValues, step: Step): Checked<UpdateStep, StepField> {
  const before = stepValuesOf(step);
  const changes: Record<string, unknown> = {};
  if (values.title.trim() !== before.title) changes.title = values.title;
  if (values.ownerUserId !== before.ownerUserId)
    changes.ownerUserId = values.ownerUserId === '' ? null : values.ownerUserId;
  if (values.dueOn !== before.dueOn) changes.dueOn = values.dueOn === '' ? null : values.dueOn;
  if (values.status !== before.status) changes.status = values.status;
  if (values.status === 'done' && values.doneOn !== before.doneOn && values.doneOn !== '')
    changes.doneOn = values.doneOn;
  const local = dateIssues({ dueOn: values.dueOn, ...(values.status === 'done' ? { doneOn: values.doneOn } : {}) });
  if (Object.keys(changes).length === 0 && local.length === 0) return { ok: true, body: {} };
  const parsed = updateStepSchema.safeParse(changes);
  const problems = stepProblems([...local, ...(parsed.success ? [] : issuesOf(parsed.error))]);
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, body: parsed.data };
}

export { assessmentAreas as GOAL_AREAS, goalStatuses as GOAL_STATUSES, stepStatuses as STEP_STATUSES };

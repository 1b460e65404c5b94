// The needs assessment and the plan of a case: goals (open → achieved or dropped) and their steps (owner, due
// date, done). An exited case accepts none of these any more (409).
import type { Actor } from '../access/access.rules.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  assertVersion,
  caseContext,
  fieldsOf,
  readCasePart,
  today,
  writeCasePart,
  type CaseContext,
  type CaseServiceOptions,
  type RequestMeta,
} from './case.context.ts';
import { presentAssessment, presentGoal, presentStep } from './case.presenter.ts';
import type { CaseRow } from './case.repository.ts';
import {
  findGoal,
  findStep,
  insertAssessment,
  insertGoal,
  insertStep,
  isPossibleStepOwner,
  listAssessmentPage,
  listSteps,
  updateGoal,
  updateStep,
  type StepRow,
} from './case-plan.repository.ts';
import type {
  Assessment,
  AssessmentPage,
  CreateAssessment,
  CreateGoal,
  CreateStep,
  Goal,
  ListAssessmentsQuery,
  Step,
  UpdateGoal,
  UpdateStep,
} from './case-work.schema.ts';

function bodyError(field: string, code: string, message: string): FieldError {
  return { in: 'body', field, code, message };
}

function assertNoProblems(problems: readonly FieldError[], message: string): void {
  if (problems.length > 0) throw new AppError('validation_failed', message, { fieldErrors: [...problems] });
}

/** The first day of the case: its intake, when that came before the formal opening. */
function caseStart(row: CaseRow): string {
  return row.intake_on !== null && row.intake_on < row.opened_on ? row.intake_on : row.opened_on;
}

function notInFuture(ctx: CaseContext, field: string, value: string | null | undefined): FieldError[] {
  return value != null && value > today(ctx) ? [bodyError(field, 'in_future', 'must not be in the future')] : [];
}

export function createCasePlanService(options: CaseServiceOptions) {
  const ctx = caseContext(options);

  return {
    async addAssessment(actor: Actor | null, caseId: string, input: CreateAssessment, meta: RequestMeta) {
      return writeCasePart<Assessment>(ctx, actor, caseId, 'assessment', meta, async (trx, record, who) => {
        const problems = notInFuture(ctx, 'assessedOn', input.assessedOn);
        const start = caseStart(record.row);
        if (input.assessedOn < start) {
          problems.push(bodyError('assessedOn', 'before_case', `must not be before the case began (${start})`));
        }
        assertNoProblems(problems, 'The assessment is not valid.');
        const row = await insertAssessment(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          assessed_on: input.assessedOn,
          areas: JSON.stringify(input.areas),
          notes: input.notes ?? null,
        });
        return {
          result: presentAssessment(row),
          action: 'create',
          // The areas assessed are field names; their answers are not named.
          changedFields: [
            'assessment.assessedOn',
            ...Object.keys(input.areas).map((area) => `assessment.areas.${area}`),
            ...(input.notes ? ['assessment.notes'] : []),
          ],
          partId: row.id,
        };
      });
    },

    async listAssessments(actor: Actor | null, caseId: string, query: ListAssessmentsQuery, meta: RequestMeta) {
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      return readCasePart<AssessmentPage>(ctx, actor, caseId, meta, async (trx) => {
        const rows = await listAssessmentPage(trx, caseId, {
          direction: order.direction,
          after: position,
          limit: query.limit + 1,
        });
        const page = toPage(
          rows,
          query.limit,
          query.sort,
          (row) => ({ value: row.assessed_on, id: row.id }),
          presentAssessment,
        );
        return { result: page, details: { view: 'assessments', count: page.items.length, filters: '' } };
      });
    },

    async addGoal(actor: Actor | null, caseId: string, input: CreateGoal, meta: RequestMeta) {
      return writeCasePart<Goal>(ctx, actor, caseId, 'goal', meta, async (trx, record, who) => {
        const row = await insertGoal(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          title: input.title,
          area: input.area ?? null,
          due_on: input.dueOn ?? null,
        });
        return {
          result: presentGoal(row, [], today(ctx)),
          action: 'create',
          changedFields: fieldsOf('goal', input),
          partId: row.id,
        };
      });
    },

    async updateGoal(
      actor: Actor | null,
      caseId: string,
      goalId: string,
      expectedVersion: number,
      input: UpdateGoal,
      meta: RequestMeta,
    ) {
      return writeCasePart<Goal>(ctx, actor, caseId, 'goal', meta, async (trx) => {
        const goal = await findGoal(trx, caseId, goalId);
        if (!goal) throw new AppError('not_found', 'No such goal in this case.');
        assertVersion(goal, expectedVersion, 'goal');
        const changes: Parameters<typeof updateGoal>[3] = {};
        if (input.title !== undefined) changes.title = input.title;
        if (input.area !== undefined) changes.area = input.area;
        if (input.dueOn !== undefined) changes.due_on = input.dueOn;
        if (input.status !== undefined) changes.status = input.status;
        const updated = await updateGoal(trx, goalId, expectedVersion, changes, ctx.now());
        if (!updated) throw new AppError('precondition_failed', 'The goal was changed by someone else; reload it.');
        const steps = (await listSteps(trx, caseId)).filter((step) => step.goal_id === goalId);
        return {
          result: presentGoal(updated, steps, today(ctx)),
          action: 'update',
          changedFields: fieldsOf('goal', input),
          partId: goalId,
        };
      });
    },

    async addStep(actor: Actor | null, caseId: string, goalId: string, input: CreateStep, meta: RequestMeta) {
      return writeCasePart<Step>(ctx, actor, caseId, 'step', meta, async (trx, record, who) => {
        const goal = await findGoal(trx, caseId, goalId);
        if (!goal) throw new AppError('not_found', 'No such goal in this case.');
        const problems: FieldError[] = [];
        if (input.ownerUserId && !(await isPossibleStepOwner(trx, input.ownerUserId, record.row.municipality_id))) {
          problems.push(ownerProblem());
        }
        assertNoProblems(problems, 'The step is not valid.');
        const id = await insertStep(trx, {
          municipality_id: record.row.municipality_id,
          case_id: caseId,
          participant_id: record.row.participant_id,
          created_by: who.userId,
          goal_id: goalId,
          title: input.title,
          owner_user_id: input.ownerUserId ?? null,
          due_on: input.dueOn ?? null,
        });
        const row = await findStep(trx, caseId, id);
        if (!row) throw new Error('step vanished in its own transaction');
        return {
          result: presentStep(row, today(ctx)),
          action: 'create',
          changedFields: fieldsOf('step', input),
          partId: id,
        };
      });
    },

    async updateStep(
      actor: Actor | null,
      caseId: string,
      stepId: string,
      expectedVersion: number,
      input: UpdateStep,
      meta: RequestMeta,
    ) {
      return writeCasePart<Step>(ctx, actor, caseId, 'step', meta, async (trx, record) => {
        const step = await findStep(trx, caseId, stepId);
        if (!step) throw new AppError('not_found', 'No such step in this case.');
        assertVersion(step, expectedVersion, 'step');
        const problems: FieldError[] = [];
        if (input.ownerUserId && !(await isPossibleStepOwner(trx, input.ownerUserId, record.row.municipality_id))) {
          problems.push(ownerProblem());
        }
        const changes = stepChanges(ctx, step, input, problems);
        assertNoProblems(problems, 'The change is not valid.');
        if (!(await updateStep(trx, stepId, expectedVersion, changes, ctx.now()))) {
          throw new AppError('precondition_failed', 'The step was changed by someone else; reload it.');
        }
        const updated = await findStep(trx, caseId, stepId);
        if (!updated) throw new Error('step vanished in its own transaction');
        return {
          result: presentStep(updated, today(ctx)),
          action: 'update',
          changedFields: fieldsOf('step', { ...input, doneOn: changes.done_on }),
          partId: stepId,
        };
      });
    },
  };
}

function ownerProblem(): FieldError {
  return bodyError(
    'ownerUserId',
    'not_possible',
    'the owner must be an active account of this municipality or of a provider serving it',
  );
}

/** The columns a step change writes: done_on follows the status (set when done, default today; else empty). */
function stepChanges(ctx: CaseContext, step: StepRow, input: UpdateStep, problems: FieldError[]) {
  const changes: Parameters<typeof updateStep>[3] = {};
  if (input.title !== undefined) changes.title = input.title;
  if (input.ownerUserId !== undefined) changes.owner_user_id = input.ownerUserId;
  if (input.dueOn !== undefined) changes.due_on = input.dueOn;
  const status = input.status ?? step.status;
  if (input.status !== undefined) changes.status = input.status;
  if (status === 'done') {
    const doneOn = input.doneOn ?? step.done_on ?? today(ctx);
    problems.push(...notInFuture(ctx, 'doneOn', doneOn));
    if (doneOn !== step.done_on) changes.done_on = doneOn;
  } else if (input.doneOn != null) {
    problems.push(bodyError('doneOn', 'only_when_done', 'a step has a done date only with status done'));
  } else if (step.done_on !== null) {
    changes.done_on = null;
  }
  return changes;
}

export type CasePlanService = ReturnType<typeof createCasePlanService>;

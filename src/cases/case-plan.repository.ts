// SQL of the needs assessments and the plan (goals and steps) of a case. Every function runs inside a tenant
// transaction; rows are looked up together with their case id.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { CaseAssessmentTable, CaseGoalTable, CaseStepTable } from './case.table.ts';
import { bump, keysetCondition, type ChildKeys, type Keyset } from './case-work.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Assessments -------------------------------------------------------------------------------------------

export type AssessmentRow = Selectable<CaseAssessmentTable>;

export async function insertAssessment(
  db: Db,
  values: ChildKeys & { assessed_on: string; areas: string; notes: string | null },
): Promise<AssessmentRow> {
  return db.insertInto('case_assessment').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Newest first: by the day of the assessment, then by when it was recorded. */
export async function listAssessments(db: Db, caseId: string, limit?: number): Promise<AssessmentRow[]> {
  let query = db
    .selectFrom('case_assessment')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('assessed_on', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc');
  if (limit !== undefined) query = query.limit(limit);
  return query.execute();
}

export async function listAssessmentPage(db: Db, caseId: string, keyset: Keyset): Promise<AssessmentRow[]> {
  return db
    .selectFrom('case_assessment as x')
    .selectAll('x')
    .where('x.case_id', '=', caseId)
    .where(keysetCondition(sql`x.assessed_on`, 'date', keyset))
    .orderBy('x.assessed_on', keyset.direction)
    .orderBy('x.id', keyset.direction)
    .limit(keyset.limit)
    .execute();
}

// --- Goals and steps ---------------------------------------------------------------------------------------

export type GoalRow = Selectable<CaseGoalTable>;
export type StepRow = Selectable<CaseStepTable> & { owner_name: string | null };

export async function insertGoal(
  db: Db,
  values: ChildKeys & { title: string; area: string | null; due_on: string | null },
): Promise<GoalRow> {
  return db.insertInto('case_goal').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findGoal(db: Db, caseId: string, goalId: string): Promise<GoalRow | undefined> {
  return db
    .selectFrom('case_goal')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', goalId)
    .executeTakeFirst();
}

export async function updateGoal(
  db: Db,
  goalId: string,
  expectedVersion: number,
  changes: Partial<Pick<GoalRow, 'title' | 'area' | 'due_on' | 'status'>>,
  now: Date,
): Promise<GoalRow | undefined> {
  return db
    .updateTable('case_goal')
    .set({ ...changes, ...bump, updated_at: now })
    .where('id', '=', goalId)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

export async function listGoals(db: Db, caseId: string): Promise<GoalRow[]> {
  return db
    .selectFrom('case_goal')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

function steps(db: Db) {
  return db
    .selectFrom('case_step as s')
    .leftJoin('app_user as u', 'u.id', 's.owner_user_id')
    .selectAll('s')
    .select('u.display_name as owner_name');
}

export async function listSteps(db: Db, caseId: string): Promise<StepRow[]> {
  return steps(db)
    .where('s.case_id', '=', caseId)
    .orderBy(sql`s.due_on asc nulls last`)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .execute();
}

export async function findStep(db: Db, caseId: string, stepId: string): Promise<StepRow | undefined> {
  return steps(db).where('s.case_id', '=', caseId).where('s.id', '=', stepId).executeTakeFirst();
}

export async function insertStep(
  db: Db,
  values: ChildKeys & { goal_id: string; title: string; owner_user_id: string | null; due_on: string | null },
): Promise<string> {
  const row = await db.insertInto('case_step').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateStep(
  db: Db,
  stepId: string,
  expectedVersion: number,
  changes: Partial<Pick<StepRow, 'title' | 'owner_user_id' | 'due_on' | 'status' | 'done_on'>>,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('case_step')
    .set({ ...changes, ...bump, updated_at: now })
    .where('id', '=', stepId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Whether an account may own a step: active, of the municipality or of a provider serving it. */
export async function isPossibleStepOwner(db: Db, userId: string, municipalityId: string): Promise<boolean> {
  const row = await db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select('u.id')
    .where('u.id', '=', userId)
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.or([
        eb.and([eb('o.kind', '=', 'municipality'), eb('o.id', '=', municipalityId)]),
        eb.and([
          eb('o.kind', '=', 'provider'),
          eb.exists(
            eb
              .selectFrom('provider_municipality as pm')
              .select('pm.provider_id')
              .whereRef('pm.provider_id', '=', 'o.id')
              .where('pm.served_municipality_id', '=', municipalityId),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

// SQL of cases: the case row with the facts access needs, assignments, the participant facts a case shows,
// the accounts that may be assigned, and the municipality's eligibility policy. Every function runs inside a
// tenant transaction (row-level security limits it to the municipality).
import { sql, type Expression, type Kysely, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { activeReferralOutcomes, type CaseVisibility } from './case.rules.ts';
import type { ParticipantCaseTable } from './case.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type CaseRow = Selectable<ParticipantCaseTable>;

/** A case with what access and writes need to know about it and its participant. */
export interface CaseRecord {
  row: CaseRow;
  participant: ParticipantFactsRow;
  /** Users currently assigned. */
  assignedUserIds: string[];
}

export interface ParticipantFactsRow {
  id: string;
  number: string;
  family_name: string;
  given_names: string;
  restricted: boolean;
  blocked_at: Date | null;
  merged_into_id: string | null;
  anonymised_at: Date | null;
}

const participantColumns = [
  'p.id',
  'p.number',
  'p.family_name',
  'p.given_names',
  'p.restricted',
  'p.blocked_at',
  'p.merged_into_id',
  'p.anonymised_at',
] as const;

/** Users with a current assignment on a case, as an SQL array expression over the alias `c`. */
export const currentAssigneesOf = sql<string[]>`coalesce((select array_agg(a.user_id order by a.user_id)
    from case_assignment a where a.municipality_id = c.municipality_id and a.case_id = c.id
      and a.ended_at is null), '{}')`;

/** The SQL form of `isVisible` (case.rules.ts) over the aliases `c` (case) and `p` (participant). */
export function visibleCondition(visibility: CaseVisibility): Expression<SqlBool> {
  const assigned = sql<boolean>`exists (select 1 from case_assignment va where va.municipality_id = c.municipality_id
      and va.case_id = c.id and va.ended_at is null and va.user_id = ${visibility.userId}::uuid)`;
  const grants: Expression<SqlBool>[] = [];
  if (visibility.everything) grants.push(sql<SqlBool>`true`);
  if (visibility.teamIds.length > 0) {
    grants.push(sql<SqlBool>`c.team_id = any(${[...visibility.teamIds]}::uuid[])`);
  }
  if (visibility.assigned) grants.push(assigned);
  if (grants.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`((not (c.restricted or p.restricted)) or ${assigned}) and (${sql.join(grants, sql` or `)})`;
}

function caseWithParticipant(db: Db) {
  return db
    .selectFrom('participant_case as c')
    .innerJoin('participant as p', (join) =>
      join.onRef('p.municipality_id', '=', 'c.municipality_id').onRef('p.id', '=', 'c.participant_id'),
    );
}

type CaseRecordRow = CaseRow & {
  p_id: string;
  p_number: string;
  p_family_name: string;
  p_given_names: string;
  p_restricted: boolean;
  p_blocked_at: Date | null;
  p_merged_into_id: string | null;
  p_anonymised_at: Date | null;
  assigned_user_ids: string[];
};

function toRecord(row: CaseRecordRow): CaseRecord {
  const {
    p_id,
    p_number,
    p_family_name,
    p_given_names,
    p_restricted,
    p_blocked_at,
    p_merged_into_id,
    p_anonymised_at,
    assigned_user_ids,
    ...caseRow
  } = row;
  return {
    row: caseRow,
    participant: {
      id: p_id,
      number: p_number,
      family_name: p_family_name,
      given_names: p_given_names,
      restricted: p_restricted,
      blocked_at: p_blocked_at,
      merged_into_id: p_merged_into_id,
      anonymised_at: p_anonymised_at,
    },
    assignedUserIds: assigned_user_ids,
  };
}

/** What the derived status needs (case.rules.ts deriveCaseStatus), as SQL over the alias `c`. */
export const statusFactColumns = {
  assessment_count: sql<number>`(select count(*)::int from case_assessment x
      where x.municipality_id = c.municipality_id and x.case_id = c.id)`,
  goal_count: sql<number>`(select count(*)::int from case_goal x
      where x.municipality_id = c.municipality_id and x.case_id = c.id)`,
  active_measures: sql<number>`(select count(*)::int from case_referral x
      where x.municipality_id = c.municipality_id and x.case_id = c.id
        and x.outcome = any(${[...activeReferralOutcomes]}::text[]))`,
};

function selectCaseRecord(db: Db) {
  return caseWithParticipant(db)
    .selectAll('c')
    .select([
      'p.id as p_id',
      'p.number as p_number',
      'p.family_name as p_family_name',
      'p.given_names as p_given_names',
      'p.restricted as p_restricted',
      'p.blocked_at as p_blocked_at',
      'p.merged_into_id as p_merged_into_id',
      'p.anonymised_at as p_anonymised_at',
      currentAssigneesOf.as('assigned_user_ids'),
    ]);
}

export async function findCase(db: Db, id: string): Promise<CaseRecord | undefined> {
  const row = await selectCaseRecord(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/**
 * Locks the case row for the rest of the transaction, so that writes to one case run one after another
 * (an exit and a new contact cannot cross; assignments replace each other in order).
 */
export async function lockCase(db: Db, id: string): Promise<CaseRecord | undefined> {
  const row = await selectCaseRecord(db).where('c.id', '=', id).forUpdate('c').executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

/** Share-locks the participant: it cannot be blocked, merged or changed until the transaction ends. */
export async function lockParticipantShared(db: Db, participantId: string): Promise<void> {
  await db.selectFrom('participant').select('id').where('id', '=', participantId).forShare().execute();
}

export async function findParticipantFacts(db: Db, participantId: string) {
  return db
    .selectFrom('participant as p')
    .select(participantColumns)
    .select([
      sql<string[]>`coalesce((select array_agg(distinct a.user_id) from case_assignment a
        where a.municipality_id = p.municipality_id and a.participant_id = p.id and a.ended_at is null), '{}')`.as(
        'assigned_user_ids',
      ),
      sql<string[]>`coalesce((select array_agg(distinct c.team_id) from participant_case c
        where c.municipality_id = p.municipality_id and c.participant_id = p.id and c.team_id is not null), '{}')`.as(
        'team_ids',
      ),
    ])
    .where('p.id', '=', participantId)
    .executeTakeFirst();
}
export type ParticipantAccessRow = NonNullable<Awaited<ReturnType<typeof findParticipantFacts>>>;

export type NewCase = Omit<
  ParticipantCaseTable,
  | 'id'
  | 'version'
  | 'created_at'
  | 'updated_at'
  | 'strands'
  | 'restricted'
  | 'is_demo'
  | 'eligibility_reasons'
  | 'exited_on'
  | 'exit_outcome'
  | 'exit_notes'
  | 'follow_up_due_on'
  | 'followed_up_on'
  | 'follow_up_outcome'
  | 'follow_up_notes'
  | 'eligibility_lost_at'
> & { strands: string[]; restricted: boolean; eligibility_reasons: string };

export async function insertCase(db: Db, values: NewCase): Promise<string> {
  const row = await db.insertInto('participant_case').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export type CaseChanges = Partial<
  Pick<
    ParticipantCaseTable,
    | 'team_id'
    | 'intake_on'
    | 'intake_notes'
    | 'exception_justification'
    | 'eligibility_decision'
    | 'eligibility_checked_at'
    | 'eligibility_lost_at'
    | 'exited_on'
    | 'exit_outcome'
    | 'exit_notes'
    | 'follow_up_due_on'
    | 'followed_up_on'
    | 'follow_up_outcome'
    | 'follow_up_notes'
  > & { strands: string[]; restricted: boolean; eligibility_reasons: string }
>;

/** Changes the case when its version still matches; false when someone changed it first. */
export async function updateCase(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: CaseChanges,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('participant_case')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: now })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Stores a re-evaluated eligibility. The version moves only when the decision or its reasons changed, so that
 * a nightly check that finds nothing new does not invalidate the ETag a user is editing with.
 */
export async function storeEligibility(
  db: Db,
  id: string,
  values: { decision: string; reasons: string; checkedAt: Date; lostAt: Date | null; changed: boolean },
): Promise<void> {
  await db
    .updateTable('participant_case')
    .set({
      eligibility_decision: values.decision as CaseRow['eligibility_decision'],
      eligibility_reasons: values.reasons,
      eligibility_checked_at: values.checkedAt,
      eligibility_lost_at: values.lostAt,
      ...(values.changed ? { version: sql<number>`version + 1`, updated_at: values.checkedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** Open cases of a participant, locked (eligibility re-evaluation changes them). */
export async function lockOpenCasesOfParticipant(db: Db, participantId: string): Promise<CaseRow[]> {
  return db
    .selectFrom('participant_case')
    .selectAll()
    .where('participant_id', '=', participantId)
    .where('exited_on', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The participants of the municipality that have open cases (the nightly re-evaluation walks them). */
export async function participantsWithOpenCases(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('participant_case')
    .select('participant_id')
    .distinct()
    .where('exited_on', 'is', null)
    .orderBy('participant_id')
    .execute();
  return rows.map((row) => row.participant_id);
}

/** Every municipality (tenant); organisations are not tenant data. */
export async function listMunicipalityIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('organisation')
    .select('id')
    .where('kind', '=', 'municipality')
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function teamExists(db: Db, teamId: string): Promise<boolean> {
  const row = await db.selectFrom('team').select('id').where('id', '=', teamId).executeTakeFirst();
  return row !== undefined;
}

// --- Lists -------------------------------------------------------------------------------------------------

export interface ParticipantCasesFilter {
  participantId: string;
  visibility: CaseVisibility;
  programme?: string | undefined;
  open?: boolean | undefined;
  direction: 'asc' | 'desc';
  after?: { value: string; id: string } | undefined;
  limit: number;
}

export async function listParticipantCases(db: Db, filter: ParticipantCasesFilter) {
  let query = selectCaseRecord(db)
    .where('c.participant_id', '=', filter.participantId)
    .where(visibleCondition(filter.visibility));
  if (filter.programme) query = query.where('c.programme', '=', filter.programme);
  if (filter.open !== undefined) query = query.where('c.exited_on', filter.open ? 'is' : 'is not', null);
  if (filter.after) {
    const op = sql.raw(filter.direction === 'asc' ? '>' : '<');
    query = query.where(
      sql<SqlBool>`(c.opened_on, c.id) ${op} (${filter.after.value}::date, ${filter.after.id}::uuid)`,
    );
  }
  const rows = await query
    .select([
      statusFactColumns.assessment_count.as('assessment_count'),
      statusFactColumns.goal_count.as('goal_count'),
      statusFactColumns.active_measures.as('active_measures'),
    ])
    .orderBy('c.opened_on', filter.direction)
    .orderBy('c.id', filter.direction)
    .limit(filter.limit)
    .execute();
  return rows.map(({ assessment_count, goal_count, active_measures, ...row }) => ({
    ...toRecord(row),
    statusFacts: { assessmentCount: assessment_count, goalCount: goal_count, activeMeasures: active_measures },
  }));
}

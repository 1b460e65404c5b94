// SQL of the assignments of a case (participation managers and coaches, with history) and of the accounts that
// may be assigned. Accounts and organisations are not tenant data; assignments are.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { AssignmentRole } from './case.codes.ts';
import type { CaseAssignmentTable } from './case.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

// --- Assignments -------------------------------------------------------------------------------------------

export type AssignmentRow = Selectable<CaseAssignmentTable> & { display_name: string };

export async function listAssignments(db: Db, caseId: string): Promise<AssignmentRow[]> {
  return db
    .selectFrom('case_assignment as a')
    .innerJoin('app_user as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select('u.display_name')
    .where('a.case_id', '=', caseId)
    .orderBy('a.started_at', 'desc')
    .orderBy('a.id')
    .execute();
}

export async function findAssignment(db: Db, caseId: string, id: string): Promise<AssignmentRow | undefined> {
  return db
    .selectFrom('case_assignment as a')
    .innerJoin('app_user as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select('u.display_name')
    .where('a.case_id', '=', caseId)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

/** Ends the current assignment of a role; returns the ended row's id, if there was one. */
export async function endCurrentAssignment(
  db: Db,
  caseId: string,
  role: AssignmentRole,
  at: Date,
): Promise<string | undefined> {
  const row = await db
    .updateTable('case_assignment')
    // Never before it started: the start may come from another clock (the database's default, another instance).
    .set({ ended_at: sql<Date>`greatest(${at}, started_at)`, updated_at: at, version: sql<number>`version + 1` })
    .where('case_id', '=', caseId)
    .where('role', '=', role)
    .where('ended_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function endAssignment(db: Db, id: string, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('case_assignment')
    // Never before it started: the start may come from another clock (the database's default, another instance).
    .set({ ended_at: sql<Date>`greatest(${at}, started_at)`, updated_at: at, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertAssignment(
  db: Db,
  values: {
    municipality_id: string;
    case_id: string;
    participant_id: string;
    user_id: string;
    role: AssignmentRole;
    started_at: Date;
    created_by: string | null;
  },
): Promise<string> {
  const row = await db.insertInto('case_assignment').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** What decides whether an account may be assigned: status, roles, organisation, municipalities it serves. */
export async function findAssigneeFacts(db: Db, userId: string) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.status',
      'u.display_name',
      'u.organisation_id',
      'o.kind as organisation_kind',
      sql<string[]>`coalesce((select array_agg(r.role) from user_role r where r.user_id = u.id), '{}')`.as('roles'),
      sql<string[]>`coalesce((select array_agg(pm.served_municipality_id) from provider_municipality pm
        where pm.provider_id = o.id), '{}')`.as('served_municipality_ids'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/**
 * The accounts that may hold a role on a case of this municipality, with the facts `assigneeProblems` decides
 * on (the service checks each row with it, so that the list and an assignment never disagree). Pre-filtered in
 * SQL by the same conditions: active, holding the role, and of the municipality or (coaches) of a provider
 * serving it. Ordered by name; `limit` rows at most.
 */
export async function listAssigneeCandidates(db: Db, municipalityId: string, role: AssignmentRole, limit: number) {
  return db
    .selectFrom('app_user as u')
    .innerJoin('organisation as o', 'o.id', 'u.organisation_id')
    .select([
      'u.id',
      'u.status',
      'u.display_name',
      'u.organisation_id',
      'o.name as organisation_name',
      'o.kind as organisation_kind',
      sql<string[]>`coalesce((select array_agg(r.role) from user_role r where r.user_id = u.id), '{}')`.as('roles'),
      sql<string[]>`coalesce((select array_agg(pm.served_municipality_id) from provider_municipality pm
        where pm.provider_id = o.id), '{}')`.as('served_municipality_ids'),
    ])
    .where('u.status', '=', 'active')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_role as r')
          .select('r.user_id')
          .whereRef('r.user_id', '=', 'u.id')
          .where('r.role', '=', role),
      ),
    )
    .where((eb) => {
      const ownMunicipality = eb.and([eb('o.kind', '=', 'municipality'), eb('o.id', '=', municipalityId)]);
      if (role !== 'coach') return ownMunicipality;
      return eb.or([
        ownMunicipality,
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
      ]);
    })
    .orderBy('u.display_name')
    .orderBy('u.id')
    .limit(limit)
    .execute();
}

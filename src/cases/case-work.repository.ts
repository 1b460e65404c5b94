// SQL of the work on a case: contacts, referrals, conferences, and the counts the case view shows; the keyset
// helpers every list of the area uses. Assessments and the plan are in case-plan.repository.ts, documents in
// case-document.repository.ts.
// Every function runs inside a tenant transaction; rows are always looked up together with their case id, so
// that a child of another case can never be reached through this case's URL.
import { sql, type Kysely, type RawBuilder, type Selectable, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { activeReferralOutcomes } from './case.rules.ts';
import type { CaseConferenceTable, CaseContactTable, CaseReferralTable } from './case.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The columns every child row gets from its case. */
export interface ChildKeys {
  municipality_id: string;
  case_id: string;
  participant_id: string;
  created_by: string | null;
}

/** A keyset position: the sort value of the last row and its id. */
export interface Keyset {
  direction: 'asc' | 'desc';
  after?: { value: string | number | null; id: string } | undefined;
  limit: number;
}

/** "After this position" in an order by (value, id); the cursor's value is cast to the column's type. */
export function keysetCondition(
  value: RawBuilder<unknown>,
  type: 'timestamptz' | 'date' | 'text',
  keyset: Keyset,
): RawBuilder<SqlBool> {
  if (!keyset.after) return sql<SqlBool>`true`;
  const op = sql.raw(keyset.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${value}, x.id) ${op} (cast(${keyset.after.value} as ${sql.raw(type)}), ${keyset.after.id}::uuid)`;
}

export const bump = { version: sql<number>`version + 1` };

/** The tables of the work on a case that are found and changed the same way. */
type WorkTable = 'case_contact' | 'case_referral' | 'case_conference';

/** One row of a work table, looked up together with its case id. */
async function findWork<Row>(db: Db, table: WorkTable, caseId: string, id: string): Promise<Row | undefined> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)}
                                   where case_id = ${caseId} and id = ${id}`.execute(db);
  return rows[0];
}

/** Changes a work row if it still has the expected version (optimistic concurrency); undefined otherwise. */
async function updateWork<Row>(
  db: Db,
  table: WorkTable,
  id: string,
  expectedVersion: number,
  changes: Record<string, unknown>,
  now: Date,
): Promise<Row | undefined> {
  const assignments = Object.entries(changes)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const { rows } = await sql<Row>`update ${sql.table(table)}
      set ${sql.join([...assignments, sql`version = version + 1`, sql`updated_at = ${now}`])}
      where id = ${id} and version = ${expectedVersion}
      returning *`.execute(db);
  return rows[0];
}

/**
 * A timestamp as cursor text with all its microseconds: a JavaScript Date keeps only milliseconds, and a cursor
 * rounded to them would skip rows that differ below a millisecond.
 */
export function cursorTime(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

// --- Contacts ----------------------------------------------------------------------------------------------

export type ContactRow = Selectable<CaseContactTable>;
export type ContactValues = Pick<
  ContactRow,
  'occurred_at' | 'duration_minutes' | 'channel' | 'topic' | 'attendees' | 'coaching' | 'notes'
>;

export async function insertContact(db: Db, values: ChildKeys & ContactValues): Promise<ContactRow> {
  return db.insertInto('case_contact').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findContact(db: Db, caseId: string, id: string): Promise<ContactRow | undefined> {
  return findWork<ContactRow>(db, 'case_contact', caseId, id);
}

export async function updateContact(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: Partial<ContactValues>,
  now: Date,
): Promise<ContactRow | undefined> {
  return updateWork<ContactRow>(db, 'case_contact', id, expectedVersion, changes, now);
}

export interface ContactFilter {
  channel?: string | undefined;
  coaching?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listContacts(db: Db, caseId: string, filter: ContactFilter, keyset: Keyset) {
  let query = db
    .selectFrom('case_contact as x')
    .selectAll('x')
    .select(cursorTime(sql`x.occurred_at`).as('sort_key'))
    .where('x.case_id', '=', caseId);
  if (filter.channel) query = query.where('x.channel', '=', filter.channel as ContactRow['channel']);
  if (filter.coaching !== undefined) query = query.where('x.coaching', '=', filter.coaching);
  if (filter.from) query = query.where('x.occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('x.occurred_at', '<', filter.to);
  return query
    .where(keysetCondition(sql`x.occurred_at`, 'timestamptz', keyset))
    .orderBy('x.occurred_at', keyset.direction)
    .orderBy('x.id', keyset.direction)
    .limit(keyset.limit)
    .execute();
}

// --- Referrals ---------------------------------------------------------------------------------------------

export type ReferralRow = Selectable<CaseReferralTable>;
export type ReferralValues = Pick<
  ReferralRow,
  'service' | 'referred_on' | 'description' | 'outcome' | 'outcome_on' | 'outcome_notes'
>;

export async function insertReferral(
  db: Db,
  values: ChildKeys & Pick<ReferralRow, 'service' | 'referred_on' | 'description'>,
): Promise<ReferralRow> {
  return db.insertInto('case_referral').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findReferral(db: Db, caseId: string, id: string): Promise<ReferralRow | undefined> {
  return findWork<ReferralRow>(db, 'case_referral', caseId, id);
}

export async function updateReferral(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: Partial<ReferralValues>,
  now: Date,
): Promise<ReferralRow | undefined> {
  return updateWork<ReferralRow>(db, 'case_referral', id, expectedVersion, changes, now);
}

export async function listReferrals(
  db: Db,
  caseId: string,
  filter: { service?: string | undefined; outcome?: string | undefined },
  keyset: Keyset,
) {
  let query = db.selectFrom('case_referral as x').selectAll('x').where('x.case_id', '=', caseId);
  if (filter.service) query = query.where('x.service', '=', filter.service as ReferralRow['service']);
  if (filter.outcome) query = query.where('x.outcome', '=', filter.outcome as ReferralRow['outcome']);
  return query
    .where(keysetCondition(sql`x.referred_on`, 'date', keyset))
    .orderBy('x.referred_on', keyset.direction)
    .orderBy('x.id', keyset.direction)
    .limit(keyset.limit)
    .execute();
}

// --- Conferences -------------------------------------------------------------------------------------------

export type ConferenceRow = Selectable<CaseConferenceTable>;
export type ConferenceValues = Pick<ConferenceRow, 'held_on' | 'attendees' | 'findings' | 'agreements'>;

export async function insertConference(db: Db, values: ChildKeys & ConferenceValues): Promise<ConferenceRow> {
  return db.insertInto('case_conference').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function findConference(db: Db, caseId: string, id: string): Promise<ConferenceRow | undefined> {
  return findWork<ConferenceRow>(db, 'case_conference', caseId, id);
}

export async function updateConference(
  db: Db,
  id: string,
  expectedVersion: number,
  changes: Partial<ConferenceValues>,
  now: Date,
): Promise<ConferenceRow | undefined> {
  return updateWork<ConferenceRow>(db, 'case_conference', id, expectedVersion, changes, now);
}

export async function listConferences(db: Db, caseId: string, keyset: Keyset) {
  return db
    .selectFrom('case_conference as x')
    .selectAll('x')
    .where('x.case_id', '=', caseId)
    .where(keysetCondition(sql`x.held_on`, 'date', keyset))
    .orderBy('x.held_on', keyset.direction)
    .orderBy('x.id', keyset.direction)
    .limit(keyset.limit)
    .execute();
}

// --- Counts ------------------------------------------------------------------------------------------------

export interface CaseCounts {
  assessments: number;
  goals: number;
  contacts: number;
  referrals: number;
  conferences: number;
  documents: number;
  activeMeasures: number;
  lastContactAt: Date | null;
}

export async function countCaseWork(db: Db, caseId: string): Promise<CaseCounts> {
  const { rows } = await sql<{
    assessments: number;
    goals: number;
    contacts: number;
    referrals: number;
    conferences: number;
    documents: number;
    active_measures: number;
    last_contact_at: Date | null;
  }>`select
      (select count(*)::int from case_assessment where case_id = ${caseId}) as assessments,
      (select count(*)::int from case_goal where case_id = ${caseId}) as goals,
      (select count(*)::int from case_contact where case_id = ${caseId}) as contacts,
      (select count(*)::int from case_referral where case_id = ${caseId}) as referrals,
      (select count(*)::int from case_conference where case_id = ${caseId}) as conferences,
      (select count(*)::int from case_document where case_id = ${caseId}) as documents,
      (select count(*)::int from case_referral where case_id = ${caseId}
         and outcome = any(${[...activeReferralOutcomes]}::text[])) as active_measures,
      (select max(occurred_at) from case_contact where case_id = ${caseId}) as last_contact_at`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('count query returned no row');
  return {
    assessments: row.assessments,
    goals: row.goals,
    contacts: row.contacts,
    referrals: row.referrals,
    conferences: row.conferences,
    documents: row.documents,
    activeMeasures: row.active_measures,
    lastContactAt: row.last_contact_at,
  };
}

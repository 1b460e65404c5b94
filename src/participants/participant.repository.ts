// SQL of the participant record: numbers, the record itself, the facts that decide access, and search.
// Every function runs inside a tenant transaction (withTenant): row-level security limits it to one
// municipality; the explicit municipality conditions are there for the indexes.
import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { Database } from '../database.ts';
import type { ParticipantReach } from './participant-access.rules.ts';
import type { ResidenceStatus } from './participant.codes.ts';
import type { ParticipantTable } from './participant.table.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type ParticipantRow = Selectable<ParticipantTable>;
export type ParticipantValues = Omit<
  Insertable<ParticipantTable>,
  'id' | 'version' | 'created_at' | 'updated_at' | 'municipality_id' | 'number'
>;

/** The next pseudonymous number of the municipality; the counter row is locked until the transaction ends. */
export async function nextParticipantNumber(db: Db, municipalityId: string): Promise<number> {
  const row = await db
    .insertInto('participant_number_counter')
    .values({ municipality_id: municipalityId, last_value: 1 })
    .onConflict((oc) =>
      oc.column('municipality_id').doUpdateSet({ last_value: sql<number>`participant_number_counter.last_value + 1` }),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return row.last_value;
}

export function formatParticipantNumber(value: number): string {
  return `TN-${String(value).padStart(6, '0')}`;
}

export async function insertParticipant(
  db: Db,
  municipalityId: string,
  number: string,
  values: ParticipantValues,
): Promise<ParticipantRow> {
  return db
    .insertInto('participant')
    .values({ ...values, municipality_id: municipalityId, number })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * One record. `lock`: 'update' before changing it (writers queue instead of overwriting each other);
 * 'share' for writes elsewhere that depend on it not being blocked meanwhile (cases).
 */
export async function findParticipant(
  db: Db,
  id: string,
  lock?: 'update' | 'share',
): Promise<ParticipantRow | undefined> {
  let query = db.selectFrom('participant').selectAll().where('id', '=', id);
  if (lock === 'update') query = query.forUpdate();
  if (lock === 'share') query = query.forShare();
  return query.executeTakeFirst();
}

/** Changes the record when the version still matches and counts the change; false = someone else was first. */
export async function updateParticipantRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<ParticipantValues> & { merged_into_id?: string | null; blocked_at?: Date | null },
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('participant')
    .set({ ...values, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface AccessFacts {
  assignedUserIds: string[];
  teamIds: string[];
}

/** Users with a current assignment on a case of the participant, and the teams of the participant's cases. */
export async function accessFactsOf(db: Db, participantIds: readonly string[]): Promise<Map<string, AccessFacts>> {
  const facts = new Map<string, AccessFacts>(participantIds.map((id) => [id, { assignedUserIds: [], teamIds: [] }]));
  if (participantIds.length === 0) return facts;
  const rows = await sql<{ participant_id: string; assigned: string[]; teams: string[] }>`
    select c.participant_id,
           coalesce(array_agg(distinct a.user_id) filter (where a.user_id is not null), '{}') as assigned,
           coalesce(array_agg(distinct c.team_id) filter (where c.team_id is not null), '{}') as teams
      from participant_case c
      left join case_assignment a
        on a.municipality_id = c.municipality_id and a.case_id = c.id and a.ended_at is null
     where c.participant_id = any(${[...participantIds]}::uuid[])
     group by c.participant_id`.execute(db);
  for (const row of rows.rows) facts.set(row.participant_id, { assignedUserIds: row.assigned, teamIds: row.teams });
  return facts;
}

/** The current-assignment test of the list query, the SQL twin of "assignedUserIds includes the user". */
function assignedTo(userId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from case_assignment a
      join participant_case c on c.municipality_id = a.municipality_id and c.id = a.case_id
     where c.municipality_id = p.municipality_id and c.participant_id = p.id
       and a.user_id = ${userId}::uuid and a.ended_at is null)`;
}

/** The SQL twin of reachCovers (participant-access.rules.ts): which rows the actor may see. */
export function reachCondition(reach: ParticipantReach): RawBuilder<SqlBool> {
  const assigned = assignedTo(reach.userId);
  const ways: RawBuilder<SqlBool>[] = [];
  if (reach.wholeMunicipality) ways.push(sql<SqlBool>`true`);
  if (reach.assigned) ways.push(assigned);
  if (reach.teamIds.length > 0) {
    ways.push(sql<SqlBool>`exists (
      select 1 from participant_case c
       where c.municipality_id = p.municipality_id and c.participant_id = p.id
         and c.team_id = any(${[...reach.teamIds]}::uuid[]))`);
  }
  // Enrolments with providers do not exist yet: scope "organisation" reaches no participant until they do.
  const anyWay = ways.length > 0 ? sql<SqlBool>`(${sql.join(ways, sql` or `)})` : sql<SqlBool>`false`;
  return sql<SqlBool>`(p.municipality_id = ${reach.municipalityId}::uuid
    and (not p.restricted or ${assigned}) and ${anyWay})`;
}

/** The residence status valid on a day (the history never overlaps; the latest start wins if it did). */
function currentStatus(today: string): RawBuilder<ResidenceStatus | null> {
  return sql<ResidenceStatus | null>`(
    select s.status from participant_residence_status s
     where s.municipality_id = p.municipality_id and s.participant_id = p.id
       and s.valid_from <= ${today}::date and (s.valid_to is null or s.valid_to >= ${today}::date)
     order by s.valid_from desc limit 1)`;
}

function openCaseCount(): RawBuilder<number> {
  return sql<number>`(
    select count(*)::int from participant_case c
     where c.municipality_id = p.municipality_id and c.participant_id = p.id and c.exited_on is null)`;
}

/**
 * Sort keys: never null (keyset pagination compares them as rows) and of one type each. Timestamps as
 * fixed-width text with microseconds, so that the cursor keeps the database's full precision.
 */
export const sortKeys = {
  familyName: sql<string>`lower(p.family_name)`,
  number: sql<string>`lpad(substr(p.number, 4), 12, '0')`,
  birthDate: sql<string>`coalesce(to_char(p.birth_date, 'YYYY-MM-DD'), '0000-00-00')`,
  createdAt: sql<string>`to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
  updatedAt: sql<string>`to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
} as const;
export type SortKey = keyof typeof sortKeys;

export interface ParticipantSearch {
  reach: ParticipantReach;
  today: string;
  number?: string | undefined;
  /** One group of keys per query word: the record's name keys must overlap every group. */
  nameKeyGroups?: readonly (readonly string[])[] | undefined;
  birthDate?: string | undefined;
  birthYear?: number | undefined;
  residenceStatus?: ResidenceStatus | undefined;
  gender?: string | undefined;
  cityDistrict?: string | undefined;
  hasOpenCase?: boolean | undefined;
  blocked?: boolean | undefined;
  includeMerged?: boolean | undefined;
  sort: { field: SortKey; direction: 'asc' | 'desc' };
  after?: { value: string | number | null; id: string } | undefined;
  limit: number;
}

export interface ParticipantSummaryRow {
  id: string;
  number: string;
  family_name: string;
  given_names: string;
  birth_date: string | null;
  birth_date_precision: ParticipantRow['birth_date_precision'];
  gender: ParticipantRow['gender'];
  current_status: ResidenceStatus | null;
  open_case_count: number;
  restricted: boolean;
  blocked_at: Date | null;
  merged_into_id: string | null;
  version: number;
  sort_key: string;
}

/**
 * Whether a stored birth date (with its precision) can be the given day: a date known only to the month or
 * year matches every day of it.
 */
function birthDateMatches(day: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(case p.birth_date_precision
      when 'day' then p.birth_date = ${day}::date
      when 'month' then p.birth_date = date_trunc('month', ${day}::date)::date
      when 'year' then p.birth_date = date_trunc('year', ${day}::date)::date
      else false end)`;
}

export async function searchParticipants(db: Db, search: ParticipantSearch): Promise<ParticipantSummaryRow[]> {
  const key = sortKeys[search.sort.field];
  let query = db
    .selectFrom('participant as p')
    .select([
      'p.id',
      'p.number',
      'p.family_name',
      'p.given_names',
      'p.birth_date',
      'p.birth_date_precision',
      'p.gender',
      'p.restricted',
      'p.blocked_at',
      'p.merged_into_id',
      'p.version',
    ])
    .select([
      currentStatus(search.today).as('current_status'),
      openCaseCount().as('open_case_count'),
      key.as('sort_key'),
    ])
    .where(reachCondition(search.reach));
  if (!search.includeMerged) query = query.where('p.merged_into_id', 'is', null);
  if (search.number !== undefined) query = query.where('p.number', '=', search.number);
  for (const group of search.nameKeyGroups ?? []) {
    query = query.where(sql<SqlBool>`p.name_keys && ${[...group]}::text[]`);
  }
  if (search.birthDate !== undefined) query = query.where(birthDateMatches(search.birthDate));
  if (search.birthYear !== undefined) {
    query = query.where(sql<SqlBool>`extract(year from p.birth_date) = ${search.birthYear}`);
  }
  if (search.residenceStatus !== undefined) {
    query = query.where(sql<SqlBool>`${currentStatus(search.today)} = ${search.residenceStatus}`);
  }
  if (search.gender !== undefined) query = query.where(sql<SqlBool>`p.gender = ${search.gender}`);
  if (search.cityDistrict !== undefined) {
    query = query.where(sql<SqlBool>`lower(p.city_district) = lower(${search.cityDistrict})`);
  }
  if (search.hasOpenCase !== undefined) {
    query = query.where(sql<SqlBool>`(${openCaseCount()} > 0) = ${search.hasOpenCase}`);
  }
  if (search.blocked !== undefined) {
    query = query.where(sql<SqlBool>`(p.blocked_at is not null) = ${search.blocked}`);
  }
  if (search.after) {
    const op = sql.raw(search.sort.direction === 'asc' ? '>' : '<');
    query = query.where(sql<SqlBool>`(${key}, p.id) ${op} (${search.after.value}, ${search.after.id}::uuid)`);
  }
  const direction = sql.raw(search.sort.direction);
  return query
    .orderBy(sql`${key} ${direction}`)
    .orderBy(sql`p.id ${direction}`)
    .limit(search.limit)
    .execute();
}

/** Summaries of given records (duplicate candidates), with the same computed facts as the search. */
export async function participantSummaries(
  db: Db,
  ids: readonly string[],
  today: string,
): Promise<ParticipantSummaryRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('participant as p')
    .select([
      'p.id',
      'p.number',
      'p.family_name',
      'p.given_names',
      'p.birth_date',
      'p.birth_date_precision',
      'p.gender',
      'p.restricted',
      'p.blocked_at',
      'p.merged_into_id',
      'p.version',
    ])
    .select([
      currentStatus(today).as('current_status'),
      openCaseCount().as('open_case_count'),
      sortKeys.number.as('sort_key'),
    ])
    .where('p.id', 'in', [...ids])
    .execute();
}

export interface DuplicatePreselection {
  municipalityId: string;
  nameKeys: readonly string[];
  birthDate: string | null;
  limit: number;
}

/**
 * Records that may be the same person: sharing a name key (GIN index) and with a compatible birth date — the
 * same or a neighbouring year, or unknown on either side (refugees' dates are often estimated or set to
 * 1 January). The scoring in participant-names.rules.ts decides; this only keeps the candidates few.
 */
export async function preselectDuplicates(db: Db, query: DuplicatePreselection): Promise<ParticipantRow[]> {
  if (query.nameKeys.length === 0) return [];
  let select = db
    .selectFrom('participant as p')
    .selectAll('p')
    .where('p.municipality_id', '=', query.municipalityId)
    .where('p.merged_into_id', 'is', null)
    .where('p.anonymised_at', 'is', null)
    .where(sql<SqlBool>`p.name_keys && ${[...query.nameKeys]}::text[]`);
  if (query.birthDate !== null) {
    select = select.where(
      sql<SqlBool>`(p.birth_date is null
        or abs(extract(year from p.birth_date) - extract(year from ${query.birthDate}::date)) <= 1)`,
    );
  }
  return select.orderBy('p.created_at').orderBy('p.id').limit(query.limit).execute();
}

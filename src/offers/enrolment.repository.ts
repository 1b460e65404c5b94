// SQL of enrolments. Every function runs inside a tenant transaction. An enrolment is always read together with
// what its answer and its access check need: the person's name and number, the offer and its provider, who
// confirmed the attendance, and its place on the waiting list.
import {
  sql,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  type Updateable,
} from 'kysely';
import type { Database } from '../database.ts';
import type { EnrolmentStatus, OfferStatus, OfferStrand, OfferType } from './offer.codes.ts';
import type { EnrolmentSortField } from './enrolment.schema.ts';
import type { EnrolmentTable } from './offer.table.ts';
import type { EnrolmentReach } from './enrolment-access.rules.ts';

type Db = Kysely<Database>;

export type EnrolmentRow = Selectable<EnrolmentTable> & {
  participant_number: string;
  participant_family_name: string;
  participant_given_names: string;
  participant_restricted: boolean;
  offer_title: string;
  offer_type: OfferType;
  offer_strand: OfferStrand | null;
  offer_place: string;
  offer_status: OfferStatus;
  offer_capacity: number | null;
  provider_id: string;
  provider_name: string;
  confirmed_by_name: string | null;
  /** 1-based place in the offer's queue, for waiting enrolments. */
  waiting_position: number | null;
  /** Active enrolments of the offer. */
  offer_active: number;
};

/** The current-assignment test: the user is assigned to a case of the enrolment's participant. */
function assignedTo(userId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (
    select 1 from case_assignment a
      join participant_case c on c.municipality_id = a.municipality_id and c.id = a.case_id
     where c.municipality_id = e.municipality_id and c.participant_id = e.participant_id
       and a.user_id = ${userId}::uuid and a.ended_at is null)`;
}

/** The SQL twin of enrolmentReachCovers (enrolment-access.rules.ts): which enrolments the actor may see. */
function reachCondition(reach: EnrolmentReach): RawBuilder<SqlBool> {
  const assigned = assignedTo(reach.userId);
  const ways: RawBuilder<SqlBool>[] = [];
  if (reach.wholeMunicipality) ways.push(sql<SqlBool>`true`);
  if (reach.assigned) ways.push(assigned);
  if (reach.providerId !== null) ways.push(sql<SqlBool>`f.provider_id = ${reach.providerId}::uuid`);
  const anyWay = ways.length > 0 ? sql<SqlBool>`(${sql.join(ways, sql` or `)})` : sql<SqlBool>`false`;
  return sql<SqlBool>`(e.municipality_id = ${reach.municipalityId}::uuid
    and (not p.restricted or ${assigned}) and ${anyWay})`;
}

function enrolmentQuery(db: Db) {
  return db
    .selectFrom('enrolment as e')
    .innerJoin('participant as p', (join) =>
      join.onRef('p.municipality_id', '=', 'e.municipality_id').onRef('p.id', '=', 'e.participant_id'),
    )
    .innerJoin('offer as f', (join) =>
      join.onRef('f.municipality_id', '=', 'e.municipality_id').onRef('f.id', '=', 'e.offer_id'),
    )
    .innerJoin('organisation as o', 'o.id', 'f.provider_id')
    .leftJoin('app_user as u', 'u.id', 'e.attendance_confirmed_by')
    .selectAll('e')
    .select([
      'p.number as participant_number',
      'p.family_name as participant_family_name',
      'p.given_names as participant_given_names',
      'p.restricted as participant_restricted',
      'f.title as offer_title',
      'f.type as offer_type',
      'f.strand as offer_strand',
      'f.place as offer_place',
      'f.status as offer_status',
      'f.capacity as offer_capacity',
      'f.provider_id as provider_id',
      'o.name as provider_name',
      'u.display_name as confirmed_by_name',
      sql<number | null>`case when e.status = 'waiting' then (
        select count(*)::int from enrolment w
         where w.municipality_id = e.municipality_id and w.offer_id = e.offer_id and w.status = 'waiting'
           and (w.queued_at, w.id) <= (e.queued_at, e.id)) end`.as('waiting_position'),
      sql<number>`(select count(*)::int from enrolment a
         where a.municipality_id = e.municipality_id and a.offer_id = e.offer_id and a.status = 'active')`.as(
        'offer_active',
      ),
    ]);
}

export async function findEnrolment(db: Db, enrolmentId: string): Promise<EnrolmentRow | undefined> {
  return enrolmentQuery(db).where('e.id', '=', enrolmentId).executeTakeFirst();
}

/** Locks the enrolment row (after the participant and the offer: the area's lock order). */
export async function lockEnrolment(db: Db, enrolmentId: string): Promise<{ version: number } | undefined> {
  return db.selectFrom('enrolment').select('version').where('id', '=', enrolmentId).forUpdate().executeTakeFirst();
}

export async function insertEnrolment(db: Db, values: Insertable<EnrolmentTable>): Promise<string> {
  const row = await db.insertInto('enrolment').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEnrolment(
  db: Db,
  enrolmentId: string,
  changes: Updateable<EnrolmentTable>,
  at: Date,
): Promise<void> {
  await db
    .updateTable('enrolment')
    .set({ ...changes, version: sql<number>`version + 1`, updated_at: at })
    .where('id', '=', enrolmentId)
    .execute();
}

/** The providers of a person's enrolments (who the person is "enrolled with", for the access check). */
export async function providersOfParticipant(db: Db, participantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('enrolment as e')
    .innerJoin('offer as f', (join) =>
      join.onRef('f.municipality_id', '=', 'e.municipality_id').onRef('f.id', '=', 'e.offer_id'),
    )
    .select('f.provider_id')
    .distinct()
    .where('e.participant_id', '=', participantId)
    .execute();
  return rows.map((row) => row.provider_id);
}

/** Whether the person has a current enrolment (waiting or active) in the offer. */
export async function hasCurrentEnrolment(db: Db, participantId: string, offerId: string): Promise<boolean> {
  const row = await db
    .selectFrom('enrolment')
    .select('id')
    .where('participant_id', '=', participantId)
    .where('offer_id', '=', offerId)
    .where('status', 'in', ['waiting', 'active'])
    .executeTakeFirst();
  return row !== undefined;
}

const enrolmentSortKeys: Record<EnrolmentSortField, RawBuilder<string>> = {
  referredOn: sql<string>`to_char(e.referred_on, 'YYYY-MM-DD')`,
  startsOn: sql<string>`coalesce(to_char(e.starts_on, 'YYYY-MM-DD'), '9999-12-31')`,
  createdAt: sql<string>`to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
};

export interface EnrolmentSearch {
  reach: EnrolmentReach;
  participantId?: string | undefined;
  offerId?: string | undefined;
  status?: EnrolmentStatus | undefined;
  sort: { field: EnrolmentSortField; direction: 'asc' | 'desc' };
  after?: { value: string | number | null; id: string } | undefined;
  limit: number;
}

export async function searchEnrolments(
  db: Db,
  search: EnrolmentSearch,
): Promise<(EnrolmentRow & { sort_key: string })[]> {
  const key = enrolmentSortKeys[search.sort.field];
  let query = enrolmentQuery(db).select(key.as('sort_key')).where(reachCondition(search.reach));
  if (search.participantId) query = query.where('e.participant_id', '=', search.participantId);
  if (search.offerId) query = query.where('e.offer_id', '=', search.offerId);
  if (search.status) query = query.where('e.status', '=', search.status);
  const direction = search.sort.direction;
  if (search.after) {
    const op = sql.raw(direction === 'asc' ? '>' : '<');
    query = query.where(sql<SqlBool>`(${key}, e.id) ${op} (${search.after.value}, ${search.after.id}::uuid)`);
  }
  return query.orderBy(key, direction).orderBy('e.id', direction).limit(search.limit).execute();
}

/** A case of the person (the referral's case), with the exception its eligibility was admitted by. */
export async function findCaseOf(
  db: Db,
  caseId: string,
  participantId: string,
): Promise<{ id: string; exception_justification: string | null } | undefined> {
  return db
    .selectFrom('participant_case')
    .select(['id', 'exception_justification'])
    .where('id', '=', caseId)
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
}

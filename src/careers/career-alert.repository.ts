// SQL of the alerts as people read and handle them: one person's alerts with the enrolments that triggered them,
// the open alerts of the cases an actor works on (keyset pages), the handling of one alert (If-Match), and the
// municipality's counts by rule, state, provider and offer type (no personal data).
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { DropoutReason, EnrolmentStatus, OfferType } from '../offers/offer.codes.ts';
import type { AlertStatus, CareerRule } from './career.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AlertRow {
  id: string;
  participant_id: string;
  rule: CareerRule;
  status: AlertStatus;
  anchor_enrolment_id: string;
  enrolment_ids: string[];
  details: unknown;
  detected_at: Date;
  resolved_at: Date | null;
  handled_at: Date | null;
  handled_by: string | null;
  handled_by_name: string | null;
  plan: string | null;
  dismissal_reason: string | null;
  version: number;
}

const alertColumns = sql`a.id, a.participant_id, a.rule, a.status, a.anchor_enrolment_id, a.enrolment_ids, a.details,
  a.detected_at, a.resolved_at, a.handled_at, a.handled_by, u.display_name as handled_by_name, a.plan,
  a.dismissal_reason, a.version`;

export async function findAlert(db: Db, id: string, lock = false): Promise<AlertRow | undefined> {
  const { rows } = await sql<AlertRow>`
    select ${alertColumns} from measure_career_alert a left join app_user u on u.id = a.handled_by
     where a.id = ${id}::uuid ${lock ? sql`for update of a` : sql``}`.execute(db);
  return rows[0];
}

export async function alertsOfParticipant(
  db: Db,
  participantId: string,
  status: AlertStatus | undefined,
): Promise<AlertRow[]> {
  const { rows } = await sql<AlertRow>`
    select ${alertColumns} from measure_career_alert a left join app_user u on u.id = a.handled_by
     where a.participant_id = ${participantId}::uuid
       ${status === undefined ? sql`` : sql`and a.status = ${status}`}
     order by case a.status when 'open' then 0 when 'acknowledged' then 1 else 2 end, a.detected_at desc, a.id`.execute(
    db,
  );
  return rows;
}

export interface AlertEnrolmentRow {
  id: string;
  offer_id: string;
  offer_title: string;
  offer_type: OfferType;
  provider_id: string;
  provider_name: string;
  status: EnrolmentStatus;
  referred_on: string;
  starts_on: string | null;
  ends_on: string | null;
  dropout_reason: DropoutReason | null;
}

/** The enrolments (with offer and provider) of these ids; ids of enrolments deleted since are left out. */
export async function alertEnrolments(db: Db, ids: readonly string[]): Promise<Map<string, AlertEnrolmentRow>> {
  const found = new Map<string, AlertEnrolmentRow>();
  if (ids.length === 0) return found;
  const { rows } = await sql<AlertEnrolmentRow>`
    select e.id, e.offer_id, o.title as offer_title, o.type as offer_type, o.provider_id, p.name as provider_name,
           e.status, e.referred_on, e.starts_on, e.ends_on, e.dropout_reason
      from enrolment e
      join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
      join organisation p on p.id = o.provider_id
     where e.id = any(${[...new Set(ids)]}::uuid[])`.execute(db);
  for (const row of rows) found.set(row.id, row);
  return found;
}

/** Acknowledges (with a plan) or dismisses (with a reason) at the version the client saw; false = stale. */
export async function handleAlert(
  db: Db,
  id: string,
  expectedVersion: number,
  change: { status: 'acknowledged'; plan: string } | { status: 'dismissed'; reason: string },
  userId: string,
): Promise<boolean> {
  const result = await sql`
    update measure_career_alert
       set status = ${change.status},
           plan = ${change.status === 'acknowledged' ? change.plan : sql`plan`},
           dismissal_reason = ${change.status === 'dismissed' ? change.reason : null},
           handled_by = ${userId}::uuid, handled_at = now(), version = version + 1, updated_at = now()
     where id = ${id}::uuid and version = ${expectedVersion}`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}

export interface CaseloadAlertFilter {
  userId: string;
  /** Cases of these teams count too (participation managers); restricted people only when assigned. */
  teamIds: readonly string[];
  status: AlertStatus;
  rule?: CareerRule | undefined;
  direction: 'asc' | 'desc';
  after?: { value: string; id: string } | undefined;
  limit: number;
}

export interface CaseloadAlertRow {
  id: string;
  rule: CareerRule;
  status: AlertStatus;
  detected_at: Date;
  participant_id: string;
  number: string;
  family_name: string;
  given_names: string;
  enrolment_count: number;
  sort_key: string;
}

/** Alerts of the people whose cases the actor works on: assigned now, or (not restricted) of the actor's teams. */
export async function caseloadAlerts(db: Db, filter: CaseloadAlertFilter): Promise<CaseloadAlertRow[]> {
  const sortKey = sql<string>`(to_char(a.detected_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') collate "C")`;
  const conditions: RawBuilder<SqlBool>[] = [sql<SqlBool>`a.status = ${filter.status}`];
  if (filter.rule) conditions.push(sql<SqlBool>`a.rule = ${filter.rule}`);
  if (filter.after) {
    const op = sql.raw(filter.direction === 'asc' ? '>' : '<');
    conditions.push(sql<SqlBool>`(${sortKey}, a.id) ${op} (${filter.after.value}, ${filter.after.id}::uuid)`);
  }
  const direction = sql.raw(filter.direction);
  const { rows } = await sql<CaseloadAlertRow>`
    select a.id, a.rule, a.status, a.detected_at, a.participant_id, p.number, p.family_name, p.given_names,
           cardinality(a.enrolment_ids) as enrolment_count, ${sortKey} as sort_key
      from measure_career_alert a
      join participant p on p.municipality_id = a.municipality_id and p.id = a.participant_id
     where ${sql.join(conditions, sql` and `)}
       and exists (
         select 1 from participant_case c
          where c.municipality_id = a.municipality_id and c.participant_id = a.participant_id
            and (exists (select 1 from case_assignment s where s.municipality_id = c.municipality_id
                           and s.case_id = c.id and s.ended_at is null and s.user_id = ${filter.userId}::uuid)
                 or (c.team_id = any(${[...filter.teamIds]}::uuid[]) and not c.restricted and not p.restricted)))
     order by sort_key ${direction}, a.id ${direction}
     limit ${filter.limit + 1}`.execute(db);
  return rows;
}

export interface CountRow {
  key: string;
  name: string | null;
  rule: CareerRule | null;
  alerts: number;
}

/** Counts of the municipality's alerts in these states: by rule, state, provider, offer type, rule × offer type. */
export async function alertCounts(
  db: Db,
  statuses: readonly AlertStatus[],
): Promise<{ total: number; participants: number; rows: (CountRow & { dimension: string })[] }> {
  const { rows } = await sql<CountRow & { dimension: string }>`
    with counted as (
      select municipality_id, id, participant_id, rule, status, enrolment_ids from measure_career_alert
       where status = any(${[...statuses]}::text[])
    ), linked as (
      select distinct c.id, c.rule, o.provider_id, o.type
        from counted c
        cross join lateral unnest(c.enrolment_ids) as t(enrolment_id)
        join enrolment e on e.municipality_id = c.municipality_id and e.id = t.enrolment_id
        join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
    )
    select 'total' as dimension, 'total' as key, null as name, null as rule, count(*)::int as alerts from counted
    union all
    select 'participants', 'participants', null, null, count(distinct participant_id)::int from counted
    union all
    select 'rule', rule, null, null, count(*)::int from counted group by rule
    union all
    select 'status', status, null, null, count(*)::int from counted group by status
    union all
    select 'provider', l.provider_id::text, min(org.name), null, count(distinct l.id)::int
      from linked l join organisation org on org.id = l.provider_id group by l.provider_id
    union all
    select 'type', type, null, null, count(distinct id)::int from linked group by type
    union all
    select 'rule_type', type, null, rule, count(distinct id)::int from linked group by rule, type`.execute(db);
  const total = rows.find((row) => row.dimension === 'total')?.alerts ?? 0;
  const participants = rows.find((row) => row.dimension === 'participants')?.alerts ?? 0;
  return {
    total,
    participants,
    rows: rows.filter((row) => row.dimension !== 'total' && row.dimension !== 'participants'),
  };
}

// SQL of the views over cases: the caseload (one row per case with its due tasks and warnings) and the
// timeline of a participant (every event from every table, newest first). Keyset-paginated on a text sort key
// computed here, so that the cursor carries exactly what the database compares.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { AssignmentRole, CaseStatus, WarningKind } from './case.codes.ts';
import { activeReferralOutcomes, CASE_TIME_ZONE, FOLLOW_UP_LEAD_DAYS, type CaseVisibility } from './case.rules.ts';
import { visibleCondition } from './case.repository.ts';
import type { TimelineKind } from './caseload.schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface CaseloadFilter {
  visibility: CaseVisibility;
  /** own: cases with a current assignment of the user; team: cases of these teams. */
  scope: { kind: 'own'; userId: string } | { kind: 'team'; teamIds: readonly string[] };
  statuses?: readonly CaseStatus[] | undefined;
  warnings?: readonly WarningKind[] | undefined;
  programme?: string | undefined;
  strand?: string | undefined;
  today: string;
  sort: 'participantName' | 'openedOn' | 'nextDueOn' | 'lastContactAt';
  direction: 'asc' | 'desc';
  after?: { value: string; id: string } | undefined;
  limit: number;
}

export interface CaseloadRow {
  id: string;
  participant_id: string;
  number: string;
  family_name: string;
  given_names: string;
  programme: string;
  strands: string[];
  opened_on: string;
  restricted: boolean;
  participant_restricted: boolean;
  team_id: string | null;
  exited_on: string | null;
  followed_up_on: string | null;
  follow_up_due_on: string | null;
  eligibility_lost_at: Date | null;
  assessment_count: number;
  goal_count: number;
  active_measures: number;
  assignments: { role: AssignmentRole; userId: string; displayName: string }[];
  next_step_id: string | null;
  next_step_title: string | null;
  next_step_due_on: string | null;
  next_due_on: string | null;
  overdue_steps: number;
  /** Open measure-career alerts of the case's participant (careers area). */
  open_alerts: number;
  open_step_due_dates: (string | null)[];
  last_contact_at: Date | null;
  status: CaseStatus;
  sort_key: string;
}

/** The sort keys as text; dates and times in a fixed-width form that sorts like the values (collation "C"). */
const sortKeys = {
  participantName: sql`lower(p.family_name || ', ' || p.given_names)`,
  openedOn: sql`(to_char(c.opened_on, 'YYYY-MM-DD') collate "C")`,
  // Without anything due, a case sorts after every date.
  nextDueOn: sql`(coalesce(to_char(least(ns.due_on, case when c.followed_up_on is null then c.follow_up_due_on end),
      'YYYY-MM-DD'), '9999-12-31') collate "C")`,
  // Without any contact, a case sorts before every time.
  lastContactAt: sql`(coalesce(to_char(lc.last_contact_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      '0000') collate "C")`,
} as const;

/** The SQL form of deriveCaseStatus (case.rules.ts) over the facts of the innermost query (alias b). */
const statusExpression = sql<CaseStatus>`case
    when b.followed_up_on is not null then 'followed_up'
    when b.exited_on is not null then 'exited'
    when b.active_measures > 0 then 'in_measures'
    when b.goal_count > 0 then 'planned'
    when b.assessment_count > 0 then 'assessed'
    else 'open' end`;

/** The SQL form of caseWarnings (case.rules.ts): whether a case shows a warning of this kind today. */
function warningCondition(kind: WarningKind, today: string): RawBuilder<SqlBool> {
  switch (kind) {
    case 'eligibility_lost':
      return sql<SqlBool>`x.eligibility_lost_at is not null`;
    case 'follow_up_due':
      return sql<SqlBool>`(x.follow_up_due_on is not null and x.followed_up_on is null
        and ${today}::date <= x.follow_up_due_on and ${today}::date >= x.follow_up_due_on - ${FOLLOW_UP_LEAD_DAYS}::int)`;
    case 'follow_up_overdue':
      return sql<SqlBool>`(x.follow_up_due_on is not null and x.followed_up_on is null and x.follow_up_due_on < ${today}::date)`;
    case 'steps_overdue':
      return sql<SqlBool>`x.overdue_steps > 0`;
  }
}

export async function listCaseload(db: Db, filter: CaseloadFilter): Promise<CaseloadRow[]> {
  const scope =
    filter.scope.kind === 'own'
      ? sql<SqlBool>`exists (select 1 from case_assignment sa where sa.municipality_id = c.municipality_id
          and sa.case_id = c.id and sa.ended_at is null and sa.user_id = ${filter.scope.userId}::uuid)`
      : sql<SqlBool>`c.team_id = any(${[...filter.scope.teamIds]}::uuid[])`;
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filter.statuses) conditions.push(sql<SqlBool>`x.status = any(${[...filter.statuses]}::text[])`);
  else conditions.push(sql<SqlBool>`x.status <> 'followed_up'`);
  if (filter.warnings) {
    conditions.push(
      sql<SqlBool>`(${sql.join(
        filter.warnings.map((kind) => warningCondition(kind, filter.today)),
        sql` or `,
      )})`,
    );
  }
  if (filter.after) {
    const op = sql.raw(filter.direction === 'asc' ? '>' : '<');
    conditions.push(sql<SqlBool>`(x.sort_key, x.id) ${op} (${filter.after.value}, ${filter.after.id}::uuid)`);
  }
  const direction = sql.raw(filter.direction);
  const { rows } = await sql<CaseloadRow>`
    select x.* from (select b.*, ${statusExpression} as status from (
      select c.id, c.participant_id, p.number, p.family_name, p.given_names, c.programme, c.strands, c.opened_on,
             c.restricted, p.restricted as participant_restricted, c.team_id, c.exited_on, c.followed_up_on,
             c.follow_up_due_on, c.eligibility_lost_at,
             (select count(*)::int from case_assessment q where q.municipality_id = c.municipality_id
                and q.case_id = c.id) as assessment_count,
             (select count(*)::int from case_goal q where q.municipality_id = c.municipality_id
                and q.case_id = c.id) as goal_count,
             (select count(*)::int from case_referral q where q.municipality_id = c.municipality_id
                and q.case_id = c.id and q.outcome = any(${[...activeReferralOutcomes]}::text[])) as active_measures,
             coalesce((select json_agg(json_build_object('role', a.role, 'userId', a.user_id,
                 'displayName', u.display_name) order by a.role, a.started_at)
                from case_assignment a join app_user u on u.id = a.user_id
               where a.municipality_id = c.municipality_id and a.case_id = c.id and a.ended_at is null),
               '[]'::json) as assignments,
             ns.id as next_step_id, ns.title as next_step_title, to_char(ns.due_on, 'YYYY-MM-DD') as next_step_due_on,
             to_char(least(ns.due_on, case when c.followed_up_on is null then c.follow_up_due_on end), 'YYYY-MM-DD')
               as next_due_on,
             (select count(*)::int from case_step q where q.municipality_id = c.municipality_id and q.case_id = c.id
                and q.status = 'open' and q.due_on < ${filter.today}::date) as overdue_steps,
             (select count(*)::int from measure_career_alert q where q.municipality_id = c.municipality_id
                and q.participant_id = c.participant_id and q.status = 'open') as open_alerts,
             coalesce((select array_agg(to_char(q.due_on, 'YYYY-MM-DD')) from case_step q
               where q.municipality_id = c.municipality_id and q.case_id = c.id and q.status = 'open'), '{}')
               as open_step_due_dates,
             lc.last_contact_at,
             ${sortKeys[filter.sort]} as sort_key
        from participant_case c
        join participant p on p.municipality_id = c.municipality_id and p.id = c.participant_id
        left join lateral (
          select s.id, s.title, s.due_on from case_step s
           where s.municipality_id = c.municipality_id and s.case_id = c.id and s.status = 'open'
             and s.due_on is not null
           order by s.due_on, s.id limit 1) ns on true
        left join lateral (
          select max(k.occurred_at) as last_contact_at from case_contact k
           where k.municipality_id = c.municipality_id and k.case_id = c.id) lc on true
       where ${scope}
         and ${visibleCondition(filter.visibility)}
         ${filter.programme ? sql`and c.programme = ${filter.programme}` : sql``}
         ${filter.strand ? sql`and ${filter.strand} = any(c.strands)` : sql``}
    ) b) x
    where ${sql.join(conditions, sql` and `)}
    order by x.sort_key ${direction}, x.id ${direction}
    limit ${filter.limit}`.execute(db);
  return rows;
}

// --- Timeline ----------------------------------------------------------------------------------------------

export interface TimelineFilter {
  participantId: string;
  /** Cases of the participant the actor may read: events of other cases are left out. */
  caseIds: readonly string[];
  kinds?: readonly TimelineKind[] | undefined;
  direction: 'asc' | 'desc';
  after?: { value: string; id: string } | undefined;
  limit: number;
}

export interface TimelineRow {
  id: string;
  kind: TimelineKind;
  at: Date;
  on_day: string | null;
  case_id: string | null;
  record_id: string;
  summary: string;
  actor_user_id: string | null;
  sort_key: string;
}

/** A day as the start of that day in the case time zone. */
function dayStart(column: RawBuilder<unknown>): RawBuilder<Date> {
  return sql<Date>`(${column}::timestamp at time zone ${CASE_TIME_ZONE})`;
}

/**
 * A version-4 shaped uuid from 32 hex digits (version nibble 4, variant 8–b), so that derived ids pass every
 * uuid check a client applies.
 */
function eventId(hex: RawBuilder<string>): RawBuilder<string> {
  return sql<string>`(select (substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-4' || substr(h, 14, 3) || '-'
      || substr('89ab', get_byte(decode(substr(h, 17, 2), 'hex'), 0) % 4 + 1, 1) || substr(h, 18, 3) || '-'
      || substr(h, 21, 12))::uuid from (select ${hex} as h) hx)`;
}

/**
 * Every event of the participant. An event's id is derived from its kind and record (md5 → uuid), so that one
 * record's several events (a case opened, exited, followed up) have stable, distinct ids for the cursor.
 */
export async function listTimeline(db: Db, filter: TimelineFilter): Promise<TimelineRow[]> {
  const pid = filter.participantId;
  const cases = [...filter.caseIds];
  const event = (kind: TimelineKind, id: RawBuilder<unknown>) => eventId(sql`md5(${kind} || ':' || ${id}::text)`);
  const conditions: RawBuilder<SqlBool>[] = [];
  if (filter.kinds) conditions.push(sql<SqlBool>`t.kind = any(${[...filter.kinds]}::text[])`);
  if (filter.after) {
    const op = sql.raw(filter.direction === 'asc' ? '>' : '<');
    conditions.push(sql<SqlBool>`(t.at, t.id) ${op} (${filter.after.value}::timestamptz, ${filter.after.id}::uuid)`);
  }
  const direction = sql.raw(filter.direction);
  const { rows } = await sql<TimelineRow>`
    select t.*, to_char(t.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_key from (
      select ${event('participant_created', sql`p.id`)} as id, 'participant_created' as kind, p.created_at as at,
             null::text as on_day, null::uuid as case_id, p.id as record_id, p.number as summary, p.created_by as actor_user_id
        from participant p where p.id = ${pid}
      union all
      select ${event('residence_status', sql`r.id`)}, 'residence_status', ${dayStart(sql`r.valid_from`)},
             to_char(r.valid_from, 'YYYY-MM-DD'), null, r.id, r.status, r.created_by
        from participant_residence_status r where r.participant_id = ${pid}
      union all
      select ${event('language_added', sql`l.id`)}, 'language_added', l.created_at, null, null, l.id,
             l.language || ' ' || l.level, null
        from participant_language l where l.participant_id = ${pid}
      union all
      select ${event('schooling_added', sql`s.id`)}, 'schooling_added', s.created_at, null, null, s.id,
             s.qualification, null
        from participant_schooling s where s.participant_id = ${pid}
      union all
      select ${event('consent_given', sql`k.id`)}, 'consent_given', ${dayStart(sql`k.given_on`)},
             to_char(k.given_on, 'YYYY-MM-DD'), null, k.id, k.purpose, k.created_by
        from participant_consent k where k.participant_id = ${pid}
      union all
      select ${event('consent_revoked', sql`k.id`)}, 'consent_revoked', ${dayStart(sql`k.revoked_on`)},
             to_char(k.revoked_on, 'YYYY-MM-DD'), null, k.id, k.purpose, null
        from participant_consent k where k.participant_id = ${pid} and k.revoked_on is not null
      union all
      select ${event('case_opened', sql`c.id`)}, 'case_opened', ${dayStart(sql`c.opened_on`)},
             to_char(c.opened_on, 'YYYY-MM-DD'), c.id, c.id, c.programme || ' ' || array_to_string(c.strands, ','),
             c.created_by
        from participant_case c where c.id = any(${cases}::uuid[])
      union all
      select ${event('case_exited', sql`c.id`)}, 'case_exited', ${dayStart(sql`c.exited_on`)},
             to_char(c.exited_on, 'YYYY-MM-DD'), c.id, c.id, c.exit_outcome, null
        from participant_case c where c.id = any(${cases}::uuid[]) and c.exited_on is not null
      union all
      select ${event('case_followed_up', sql`c.id`)}, 'case_followed_up', ${dayStart(sql`c.followed_up_on`)},
             to_char(c.followed_up_on, 'YYYY-MM-DD'), c.id, c.id, c.follow_up_outcome, null
        from participant_case c where c.id = any(${cases}::uuid[]) and c.followed_up_on is not null
      union all
      select ${event('assessment', sql`a.id`)}, 'assessment', ${dayStart(sql`a.assessed_on`)},
             to_char(a.assessed_on, 'YYYY-MM-DD'), a.case_id, a.id,
             coalesce((select string_agg(k, ',' order by k) from jsonb_object_keys(a.areas) k), ''), a.created_by
        from case_assessment a where a.case_id = any(${cases}::uuid[])
      union all
      select ${event('goal', sql`g.id`)}, 'goal', g.created_at, null, g.case_id, g.id, g.title, g.created_by
        from case_goal g where g.case_id = any(${cases}::uuid[])
      union all
      select ${event('step', sql`s.id`)}, 'step', s.created_at, null, s.case_id, s.id, s.title, s.created_by
        from case_step s where s.case_id = any(${cases}::uuid[])
      union all
      select ${event('contact', sql`k.id`)}, 'contact', k.occurred_at, null, k.case_id, k.id, k.topic, k.created_by
        from case_contact k where k.case_id = any(${cases}::uuid[])
      union all
      select ${event('referral', sql`r.id`)}, 'referral', ${dayStart(sql`r.referred_on`)},
             to_char(r.referred_on, 'YYYY-MM-DD'), r.case_id, r.id, r.service || ' ' || r.outcome, r.created_by
        from case_referral r where r.case_id = any(${cases}::uuid[])
      union all
      select ${event('conference', sql`f.id`)}, 'conference', ${dayStart(sql`f.held_on`)},
             to_char(f.held_on, 'YYYY-MM-DD'), f.case_id, f.id, 'conference', f.created_by
        from case_conference f where f.case_id = any(${cases}::uuid[])
      union all
      select ${event('document', sql`d.id`)}, 'document', d.created_at, null, d.case_id, d.id,
             d.kind || ': ' || d.title, d.created_by
        from case_document d where d.case_id = any(${cases}::uuid[])
      union all
      select ${event('assignment_started', sql`a.id`)}, 'assignment_started', a.started_at, null, a.case_id, a.id,
             a.role, a.created_by
        from case_assignment a where a.case_id = any(${cases}::uuid[])
      union all
      select ${event('assignment_ended', sql`a.id`)}, 'assignment_ended', a.ended_at, null, a.case_id, a.id,
             a.role, null
        from case_assignment a where a.case_id = any(${cases}::uuid[]) and a.ended_at is not null
    ) t
    ${conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``}
    order by t.at ${direction}, t.id ${direction}
    limit ${filter.limit}`.execute(db);
  return rows;
}

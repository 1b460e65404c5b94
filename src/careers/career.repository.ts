// SQL of the measure-career detector: people's histories by ranges of participant ids — one query per range,
// a row per person with the enrolments, the person facts and the stored alerts (index range scans of each table,
// so a full run reads each table once and never per person) —, the municipality's offers once, and the alert
// changes in bulk (jsonb_to_recordset: one statement per kind of change, whatever the number of rows).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { OfferType } from '../offers/offer.codes.ts';
import type { CefrLevel } from '../participants/participant.codes.ts';
import { CASE_TIME_ZONE } from '../cases/case.rules.ts';
import type { AlertStatus, CareerRule } from './career.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The facts of an offer the rules need, by offer id (the catalogue of one municipality, loaded once). */
export interface OfferFacts {
  providerId: string;
  type: OfferType;
  level: CefrLevel | null;
}

/** The offers of a municipality (or only these ids) with the facts the rules need. */
export async function offerFactsOf(
  db: Db,
  municipalityId: string,
  ids?: readonly string[],
): Promise<Map<string, OfferFacts>> {
  const { rows } = await sql<{ id: string; provider_id: string; type: OfferType; level: CefrLevel | null }>`
    select id, provider_id, type, coalesce(target_level, entry_level) as level
      from offer where municipality_id = ${municipalityId}::uuid
       ${ids === undefined ? sql`` : sql`and id = any(${[...ids]}::uuid[])`}`.execute(db);
  const facts = new Map<string, OfferFacts>();
  for (const row of rows) facts.set(row.id, { providerId: row.provider_id, type: row.type, level: row.level });
  return facts;
}

/** Participant ids in (after, through] (null: unbounded on that side), or exactly one person. */
export type ParticipantRange = { after: string | null; through: string | null } | { participantId: string };

function inRange(column: RawBuilder<unknown>, range: ParticipantRange): RawBuilder<unknown> {
  if ('participantId' in range) return sql`${column} = ${range.participantId}::uuid`;
  const conditions = [sql`true`];
  if (range.after !== null) conditions.push(sql`${column} > ${range.after}::uuid`);
  if (range.through !== null) conditions.push(sql`${column} <= ${range.through}::uuid`);
  return sql.join(conditions, sql` and `);
}

/**
 * The upper ends of the full run's ranges: every `size`-th participant id of the municipality in order (the
 * last range is open-ended, so that people added meanwhile are not left out).
 */
export async function rangeEnds(db: Db, municipalityId: string, size: number): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from (
      select id, row_number() over (order by id) as n from participant where municipality_id = ${municipalityId}::uuid
    ) numbered
     where n % ${size} = 0 order by id`.execute(db);
  return rows.map((row) => row.id);
}

/**
 * One row per person of the range with enrolments or stored alerts: everything the rules and the diff need, in
 * one round trip. The enrolments come as one text per person (ENROLMENT_FIELDS comma-separated values per
 * enrolment, in no particular order: the rules order them themselves), aggregated by PostgreSQL, so that the
 * driver parses one value per person instead of 13 per enrolment — the driver's per-value work, not the scan,
 * is what reading a history costs.
 */
export interface HistoryRow {
  participant_id: string;
  /** ENROLMENT_FIELDS values per enrolment, all joined by commas; '' for a null; null without enrolments. */
  enrolments: string | null;
  /** German levels: level,evidence date ('' = undated) pairs joined by commas. */
  german_levels: string | null;
  /** Recognised school qualifications joined by commas. */
  school_qualifications: string | null;
  last_contact_on: string | null;
  open_case: boolean;
  /**
   * Stored alerts, separated by ALERT_SEPARATOR: id, rule, anchor, enrolment ids as text ({a,b}), details as jsonb
   * text and status, separated by FIELD_SEPARATOR. Neither control character can occur in these values (jsonb
   * prints control characters escaped).
   */
  alerts: string | null;
}

export const ALERT_SEPARATOR = '\u001e';
export const FIELD_SEPARATOR = '\u001f';

/** The values per enrolment in HistoryRow.enrolments, in this order (codes, dates and ids: never a comma). */
export const ENROLMENT_FIELDS = [
  'id',
  'offer_id',
  'status',
  'referred_on',
  'starts_on',
  'ends_on',
  'dropout_reason',
  'cefr_level_reached',
  'school_qualification_reached',
  'vocational_qualification_reached',
  'certificate',
  'exam_result',
] as const;

/**
 * Lets the planner of this transaction's queries read ranges of people by their indexes in participant order
 * instead of a bitmap scan over the whole municipality and a sort: a full run reads everything of a range, which
 * is cached (measured on the largest municipality's range of 2,000 people: 92 ms → 56 ms). Transaction-local.
 */
export async function preferIndexOrder(db: Db): Promise<void> {
  await sql`select set_config('random_page_cost', '1.1', true)`.execute(db);
}

export async function historiesIn(db: Db, municipalityId: string, range: ParticipantRange): Promise<HistoryRow[]> {
  const { rows } = await historiesQuery(municipalityId, range).execute(db);
  return rows;
}

/** The query of historiesIn (apart, so that the benchmark can show its plan). */
export function historiesQuery(municipalityId: string, range: ParticipantRange): RawBuilder<HistoryRow> {
  const m = sql`${municipalityId}::uuid`;
  const of = inRange(sql.ref('participant_id'), range);
  // Casts and || rather than concat(): concat() looks up each argument's output function on every row, which
  // made it a fifth slower at NRW scale. Dates print in ISO form (as the driver reads them elsewhere).
  return sql<HistoryRow>`
    with e as (
      select participant_id,
             string_agg(id::text || ',' || offer_id::text || ',' || status || ',' || referred_on::text || ',' ||
                        coalesce(starts_on::text, '') || ',' || coalesce(ends_on::text, '') || ',' ||
                        coalesce(dropout_reason, '') || ',' || coalesce(cefr_level_reached, '') || ',' ||
                        coalesce(school_qualification_reached, '') || ',' ||
                        case when vocational_qualification_reached then 't' else 'f' end || ',' ||
                        case when certificate then 't' else 'f' end || ',' || coalesce(exam_result, ''), ',') as rows
        from enrolment where municipality_id = ${m} and ${of} group by participant_id
    ), a as (
      select participant_id,
             string_agg(id::text || E'\\x1f' || rule || E'\\x1f' || anchor_enrolment_id::text || E'\\x1f' ||
                        enrolment_ids::text || E'\\x1f' || details::text || E'\\x1f' || status, E'\\x1e') as alerts
        from measure_career_alert where municipality_id = ${m} and ${of} group by participant_id
    ), l as (
      select participant_id, string_agg(level || ',' || coalesce(evidence_date::text, ''), ',') as levels
        from participant_language where municipality_id = ${m} and ${of} and language = 'de' group by participant_id
    ), s as (
      select participant_id, string_agg(qualification, ',') as qualifications
        from participant_schooling where municipality_id = ${m} and ${of} and recognised group by participant_id
    ), c as (
      select participant_id, max((occurred_at at time zone ${CASE_TIME_ZONE})::date) as last_contact_on
        from case_contact where municipality_id = ${m} and ${of} group by participant_id
    ), o as (
      select distinct participant_id from participant_case where municipality_id = ${m} and ${of} and exited_on is null
    )
    select coalesce(e.participant_id, a.participant_id) as participant_id, e.rows as enrolments,
           l.levels as german_levels, s.qualifications as school_qualifications,
           c.last_contact_on, o.participant_id is not null as open_case, a.alerts
      from e
      full join a on a.participant_id = e.participant_id
      left join l on l.participant_id = e.participant_id
      left join s on s.participant_id = e.participant_id
      left join c on c.participant_id = e.participant_id
      left join o on o.participant_id = e.participant_id`;
}

/** A stored alert as the diff needs it: its enrolments and figures as PostgreSQL prints them (compared as text). */
export interface StoredAlert {
  id: string;
  participant_id: string;
  rule: CareerRule;
  anchor_enrolment_id: string;
  /** uuid[] as text: {a,b,c} */
  enrolment_ids: string;
  /** jsonb as text (keys in jsonb's order: by length, then bytes) */
  details: string;
  status: AlertStatus;
}

export interface NewAlert {
  participant_id: string;
  rule: CareerRule;
  anchor_enrolment_id: string;
  enrolment_ids: string[];
  details: unknown;
}

export interface AlertRefresh {
  id: string;
  enrolment_ids: string[];
  details: unknown;
  /** A resolved alert whose pattern is back is open again. */
  reopen: boolean;
}

/** New alerts; one another run inserted meanwhile stays as it is (that run saw the same pattern). */
export async function insertAlerts(db: Db, municipalityId: string, alerts: readonly NewAlert[]): Promise<number> {
  if (alerts.length === 0) return 0;
  const result = await sql`
    insert into measure_career_alert (municipality_id, participant_id, rule, anchor_enrolment_id, enrolment_ids, details)
    select ${municipalityId}::uuid, x.participant_id, x.rule, x.anchor_enrolment_id, x.enrolment_ids, x.details
      from jsonb_to_recordset(${JSON.stringify(alerts)}::jsonb)
        as x(participant_id uuid, rule text, anchor_enrolment_id uuid, enrolment_ids uuid[], details jsonb)
    on conflict (municipality_id, participant_id, rule, anchor_enrolment_id) do nothing`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The pattern seen again with other enrolments or figures: the alert keeps its state (or opens again if resolved). */
export async function refreshAlerts(
  db: Db,
  municipalityId: string,
  refreshes: readonly AlertRefresh[],
): Promise<number> {
  if (refreshes.length === 0) return 0;
  const result = await sql`
    update measure_career_alert a
       set enrolment_ids = x.enrolment_ids, details = x.details,
           status = case when x.reopen and a.status = 'resolved' then 'open' else a.status end,
           resolved_at = case when x.reopen and a.status = 'resolved' then null else a.resolved_at end,
           version = a.version + 1, updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(refreshes)}::jsonb)
        as x(id uuid, enrolment_ids uuid[], details jsonb, reopen boolean)
     where a.municipality_id = ${municipalityId}::uuid and a.id = x.id`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Open alerts whose pattern is gone. */
export async function resolveAlerts(db: Db, municipalityId: string, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await sql`
    update measure_career_alert
       set status = 'resolved', resolved_at = now(), version = version + 1, updated_at = now()
     where municipality_id = ${municipalityId}::uuid and id = any(${ids}::uuid[]) and status = 'open'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The municipalities (tenants) a full run over everything works through. */
export async function municipalityIds(db: Db): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select id from organisation where kind = 'municipality' order by id`.execute(db);
  return rows.map((row) => row.id);
}

/** The stored settings of a municipality (validated by the caller), or null for the defaults. */
export async function findSettings(
  db: Db,
  municipalityId: string,
  lock = false,
): Promise<{ settings: unknown; version: number; updated_at: Date } | null> {
  const { rows } = await sql<{ settings: unknown; version: number; updated_at: Date }>`
    select settings, version, updated_at from career_rule_setting
     where municipality_id = ${municipalityId}::uuid ${lock ? sql`for update` : sql``}`.execute(db);
  return rows[0] ?? null;
}

/** Stores the settings as `version` (the row's previous version + 1; the defaults count as version 1). */
export async function saveSettings(
  db: Db,
  municipalityId: string,
  settings: unknown,
  userId: string,
  version: number,
): Promise<void> {
  await sql`
    insert into career_rule_setting (municipality_id, settings, updated_by, version)
    values (${municipalityId}::uuid, ${JSON.stringify(settings)}::jsonb, ${userId}::uuid, ${version})
    on conflict (municipality_id) do update
       set settings = excluded.settings, updated_by = excluded.updated_by, version = excluded.version,
           updated_at = now()`.execute(db);
}

// SQL of the quality indicators: per offer, the counts indicator.rules.ts turns into rates, the alerts naming
// one of its enrolments and the stored feedback answers. Runs inside the municipality's tenant transaction.
import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { placementOutcomes } from '../cases/case.codes.ts';
import { supportOnlyTypes, type OfferStatus, type OfferType } from '../offers/offer.codes.ts';
import type { AlertStatus } from '../careers/career.table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface OfferSelection {
  offerId?: string;
  providerId?: string;
}

export interface Window {
  from?: string | undefined;
  to?: string | undefined;
}

export interface OfferFiguresRow {
  id: string;
  title: string;
  type: OfferType;
  place: string;
  status: OfferStatus;
  starts_on: string | null;
  ends_on: string | null;
  capacity: number | null;
  provider_id: string;
  provider_name: string;
  waiting: number;
  active: number;
  completed: number;
  dropped_out: number;
  not_started: number;
  attendance_records: number;
  sessions_attended: number;
  sessions_planned: number;
  transition_base3: number;
  transitions3: number;
  transition_base6: number;
  transitions6: number;
}

/** Enrolments running at some time in the window (by their start, or their referral while not started). */
function inWindow(window: Window): RawBuilder<SqlBool> {
  const to = window.to ?? null;
  const from = window.from ?? null;
  return sql<SqlBool>`(${to}::date is null or coalesce(e.starts_on, e.referred_on) <= ${to}::date)
    and (${from}::date is null or e.ends_on is null or e.ends_on >= ${from}::date)`;
}

/**
 * A next step within `months` after an ended enrolment: another measure (not coaching, which accompanies
 * measures) that began after this one began and at most `months` after it ended, or a case exit into training or
 * work (placement outcomes) in that time.
 */
function nextStepWithin(months: 3 | 6): RawBuilder<SqlBool> {
  const limit = sql`(e.ends_on + ${sql.lit(`${months} months`)}::interval)::date`;
  return sql<SqlBool>`(exists (
      select 1 from enrolment n
        join offer no on no.municipality_id = n.municipality_id and no.id = n.offer_id
       where n.municipality_id = e.municipality_id and n.participant_id = e.participant_id and n.id <> e.id
         and no.type <> all(${[...supportOnlyTypes]}::text[])
         and n.status in ('active', 'completed', 'dropped_out')
         and n.starts_on > e.starts_on and n.starts_on <= ${limit})
    or exists (
      select 1 from participant_case c
       where c.municipality_id = e.municipality_id and c.participant_id = e.participant_id
         and c.exit_outcome = any(${[...placementOutcomes]}::text[])
         and c.exited_on >= e.starts_on and c.exited_on <= ${limit}))`;
}

function observed(months: 3 | 6, today: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`e.status in ('completed', 'dropped_out') and e.ends_on is not null
    and (e.ends_on + ${sql.lit(`${months} months`)}::interval)::date <= ${today}::date`;
}

export async function offerFigures(
  db: Db,
  selection: OfferSelection,
  window: Window,
  today: string,
): Promise<OfferFiguresRow[]> {
  const offerId = selection.offerId ?? null;
  const providerId = selection.providerId ?? null;
  const attendance = sql`e.sessions_planned > 0 and e.sessions_attended is not null`;
  const { rows } = await sql<OfferFiguresRow>`
    select o.id, o.title, o.type, o.place, o.status, o.starts_on, o.ends_on, o.capacity, o.provider_id,
           org.name as provider_name,
           count(e.id) filter (where e.status = 'waiting')::int as waiting,
           count(e.id) filter (where e.status = 'active')::int as active,
           count(e.id) filter (where e.status = 'completed')::int as completed,
           count(e.id) filter (where e.status = 'dropped_out')::int as dropped_out,
           count(e.id) filter (where e.status = 'not_started')::int as not_started,
           count(e.id) filter (where ${attendance})::int as attendance_records,
           coalesce(sum(e.sessions_attended) filter (where ${attendance}), 0)::int as sessions_attended,
           coalesce(sum(e.sessions_planned) filter (where ${attendance}), 0)::int as sessions_planned,
           count(e.id) filter (where ${observed(3, today)})::int as transition_base3,
           count(e.id) filter (where ${observed(3, today)} and ${nextStepWithin(3)})::int as transitions3,
           count(e.id) filter (where ${observed(6, today)})::int as transition_base6,
           count(e.id) filter (where ${observed(6, today)} and ${nextStepWithin(6)})::int as transitions6
      from offer o
      join organisation org on org.id = o.provider_id
      left join enrolment e on e.municipality_id = o.municipality_id and e.offer_id = o.id and ${inWindow(window)}
     where (${offerId}::uuid is null or o.id = ${offerId}::uuid)
       and (${providerId}::uuid is null or o.provider_id = ${providerId}::uuid)
     group by o.municipality_id, o.id, org.name
     order by org.name, o.title, o.id`.execute(db);
  return rows;
}

export async function alertCounts(db: Db, offerIds: readonly string[]) {
  if (offerIds.length === 0) return [];
  const { rows } = await sql<{ offer_id: string; status: AlertStatus; n: number }>`
    select e.offer_id, a.status, count(distinct a.id)::int as n
      from measure_career_alert a
      join enrolment e on e.municipality_id = a.municipality_id and e.id = any(a.enrolment_ids)
     where e.offer_id = any(${[...offerIds]}::uuid[])
     group by e.offer_id, a.status`.execute(db);
  return rows;
}

export async function feedbackAnswers(db: Db, offerIds: readonly string[], window: Window) {
  if (offerIds.length === 0) return [];
  const { rows } = await sql<{ offer_id: string; answers: unknown }>`
    select f.offer_id, f.answers
      from feedback_response f
     where f.offer_id = any(${[...offerIds]}::uuid[])
       and (${window.from ?? null}::date is null or f.given_in >= date_trunc('month', ${window.from ?? null}::date))
       and (${window.to ?? null}::date is null or f.given_in <= ${window.to ?? null}::date)`.execute(db);
  return rows;
}

/** Providers with offers in the municipality, by name. */
export async function providersWithOffers(db: Db): Promise<{ id: string; name: string }[]> {
  const { rows } = await sql<{ id: string; name: string }>`
    select distinct org.id, org.name from offer o join organisation org on org.id = o.provider_id
     order by org.name, org.id`.execute(db);
  return rows;
}

export async function findProvider(db: Db, providerId: string): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await sql<{ id: string; name: string }>`
    select id, name from organisation where id = ${providerId}::uuid and kind = 'provider'`.execute(db);
  return rows[0];
}

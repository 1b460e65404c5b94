// SQL of the gap analysis: the records demand and supply are derived from, for one date range, inside the
// municipality's tenant transaction. What they mean is decided in gap.rules.ts.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { ReferralOutcome, ReferralService } from '../cases/case.codes.ts';
import type { OfferType } from '../offers/offer.codes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface DateRange {
  start: string;
  end: string;
}

/** A person's place: the city district, else the town (blank counts as not recorded). */
const PLACE = sql`coalesce(nullif(trim(p.city_district), ''), nullif(trim(p.city), ''))`;

/** Cases open at some time in the range (merged records excluded: their cases live on in the survivor). */
const CASE_IN_RANGE = (range: DateRange) => sql`
  c.opened_on <= ${range.end}::date and (c.exited_on is null or c.exited_on >= ${range.start}::date)
  and p.merged_into_id is null`;

export async function assessmentsInRange(db: Db, range: DateRange) {
  const { rows } = await sql<{
    participant_id: string;
    case_id: string;
    assessed_on: string;
    created_at: Date;
    exited_on: string | null;
    place: string | null;
    areas: unknown;
  }>`
    select a.participant_id, a.case_id, a.assessed_on, a.created_at, c.exited_on, ${PLACE} as place, a.areas
      from case_assessment a
      join participant_case c on c.municipality_id = a.municipality_id and c.id = a.case_id
      join participant p on p.municipality_id = c.municipality_id and p.id = c.participant_id
     where ${CASE_IN_RANGE(range)} and a.assessed_on <= ${range.end}::date`.execute(db);
  return rows;
}

export async function referralsInRange(db: Db, range: DateRange) {
  const { rows } = await sql<{
    participant_id: string;
    service: ReferralService;
    referred_on: string;
    outcome: ReferralOutcome;
    outcome_on: string | null;
    exited_on: string | null;
    place: string | null;
  }>`
    select r.participant_id, r.service, r.referred_on, r.outcome, r.outcome_on, c.exited_on, ${PLACE} as place
      from case_referral r
      join participant_case c on c.municipality_id = r.municipality_id and c.id = r.case_id
      join participant p on p.municipality_id = c.municipality_id and p.id = c.participant_id
     where ${CASE_IN_RANGE(range)} and r.referred_on <= ${range.end}::date`.execute(db);
  return rows;
}

/** Waiting-list entries (status waiting), with the offer's kind and place. */
export async function waitingInRange(db: Db, range: DateRange) {
  const { rows } = await sql<{ participant_id: string; referred_on: string; type: OfferType; place: string }>`
    select e.participant_id, e.referred_on, o.type, o.place
      from enrolment e
      join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
     where e.status = 'waiting' and e.referred_on <= ${range.end}::date`.execute(db);
  return rows;
}

/** Enrolments that took place (active, completed, dropped out) in the range, with the offer's kind. */
export async function participationInRange(db: Db, range: DateRange) {
  const { rows } = await sql<{
    participant_id: string;
    offer_id: string;
    type: OfferType;
    starts_on: string;
    ends_on: string | null;
  }>`
    select e.participant_id, e.offer_id, o.type, e.starts_on, e.ends_on
      from enrolment e
      join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
     where e.status in ('active', 'completed', 'dropped_out') and e.starts_on is not null
       and e.starts_on <= ${range.end}::date and (e.ends_on is null or e.ends_on >= ${range.start}::date)`.execute(db);
  return rows;
}

/**
 * Offers running at some time in the range: open, running, or ended (for the periods before their end). Planned
 * offers are not supply yet; an ended offer without an end date cannot be placed in time.
 */
export async function offersInRange(db: Db, range: DateRange) {
  const { rows } = await sql<{
    id: string;
    type: OfferType;
    place: string;
    capacity: number | null;
    starts_on: string | null;
    ends_on: string | null;
  }>`
    select o.id, o.type, o.place, o.capacity, o.starts_on, o.ends_on
      from offer o
     where o.status in ('open', 'running', 'ended') and not (o.status = 'ended' and o.ends_on is null)
       and (o.starts_on is null or o.starts_on <= ${range.end}::date)
       and (o.ends_on is null or o.ends_on >= ${range.start}::date)`.execute(db);
  return rows;
}

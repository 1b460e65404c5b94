// SQL of the funding dashboard: money per municipality, strand and year (allocations and the grants' amounts in
// force), and — per municipality, in its own tenant transaction — the people behind a strand from the case data.
// Both read by the indexes the keys lead with (municipality, programme; offer and enrolment by municipality).
import { sql, type Kysely, type Transaction } from 'kysely';
import { placementOutcomes } from '../cases/case.codes.ts';
import type { Database } from '../database.ts';
import { offerStrands } from '../offers/offer.codes.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface MoneyFilter {
  programmeId?: string | undefined;
  budgetYear?: number | undefined;
  strand?: string | undefined;
  municipalityId?: string | undefined;
}

export interface MoneyRow {
  programme_id: string;
  programme_code: string;
  definition: unknown;
  budget_year: number;
  strand: string;
  municipality_id: string;
  municipality_name: string;
  budget_cents: number | null;
  committed_cents: number;
  paid_cents: number;
}

/** Budgets and amounts per municipality, programme, strand and year, as far as the tenant scope reaches. */
export async function moneyRows(db: Db, filter: MoneyFilter): Promise<MoneyRow[]> {
  const programmeId = filter.programmeId ?? null;
  const year = filter.budgetYear ?? null;
  const strand = filter.strand ?? null;
  const municipalityId = filter.municipalityId ?? null;
  const { rows } = await sql<MoneyRow>`
    with amounts as (
      select g.municipality_id, g.programme_id, ga.strand, ga.budget_year,
             sum(ga.decided_cents)::bigint as committed_cents, sum(ga.paid_cents)::bigint as paid_cents
        from funding_grant g
        join grant_amount ga on ga.municipality_id = g.municipality_id and ga.grant_id = g.id
       where (${programmeId}::uuid is null or g.programme_id = ${programmeId}::uuid)
         and (${municipalityId}::uuid is null or g.municipality_id = ${municipalityId}::uuid)
         and (${strand}::text is null or ga.strand = ${strand}::text)
         and (${year}::int is null or ga.budget_year = ${year}::int)
       group by 1, 2, 3, 4
    ), allocations as (
      select municipality_id, programme_id, strand, budget_year, amount_cents from budget_allocation
       where (${programmeId}::uuid is null or programme_id = ${programmeId}::uuid)
         and (${municipalityId}::uuid is null or municipality_id = ${municipalityId}::uuid)
         and (${strand}::text is null or strand = ${strand}::text)
         and (${year}::int is null or budget_year = ${year}::int)
    ), rows as (
      select coalesce(a.municipality_id, m.municipality_id) as municipality_id,
             coalesce(a.programme_id, m.programme_id) as programme_id,
             coalesce(a.strand, m.strand) as strand, coalesce(a.budget_year, m.budget_year) as budget_year,
             a.amount_cents as budget_cents,
             coalesce(m.committed_cents, 0)::bigint as committed_cents, coalesce(m.paid_cents, 0)::bigint as paid_cents
        from allocations a
        full join amounts m on m.municipality_id = a.municipality_id and m.programme_id = a.programme_id
                           and m.strand = a.strand and m.budget_year = a.budget_year
    )
    select r.programme_id, p.code as programme_code, v.definition, r.budget_year, r.strand, r.municipality_id,
           o.name as municipality_name, r.budget_cents, r.committed_cents, r.paid_cents
      from rows r
      join funding_programme p on p.id = r.programme_id
      join funding_programme_version v on v.programme_id = p.id and v.version = p.current_version
      join organisation o on o.id = r.municipality_id
     order by p.code, r.budget_year, r.strand, o.name`.execute(db);
  return rows;
}

export interface StateBudgetTotalRow {
  programme_id: string;
  programme_code: string;
  definition: unknown;
  budget_year: number;
  strand: string;
  amount_cents: number;
  allocated_cents: number;
}

export async function stateBudgetTotals(db: Db, filter: MoneyFilter): Promise<StateBudgetTotalRow[]> {
  const programmeId = filter.programmeId ?? null;
  const year = filter.budgetYear ?? null;
  const strand = filter.strand ?? null;
  const { rows } = await sql<StateBudgetTotalRow>`
    select b.programme_id, p.code as programme_code, v.definition, b.budget_year, b.strand, b.amount_cents,
           b.allocated_cents
      from programme_budget b
      join funding_programme p on p.id = b.programme_id
      join funding_programme_version v on v.programme_id = p.id and v.version = p.current_version
     where (${programmeId}::uuid is null or b.programme_id = ${programmeId}::uuid)
       and (${strand}::text is null or b.strand = ${strand}::text)
       and (${year}::int is null or b.budget_year = ${year}::int)`.execute(db);
  return rows;
}

export interface PeopleRow {
  strand: string;
  participants: number;
  placements: number;
}

/**
 * The people behind each strand in the transaction's municipality: participants with an enrolment they took up
 * (active, completed, dropped out) in an offer of the strand, or — for strands without offers (FB5, FB6) — with a
 * case in the strand; in the budget year, if one is given (the enrolment or case overlaps it). Placements: those
 * of them whose case ended in training or work (case.codes.ts placementOutcomes), in that year if one is given.
 */
export async function peopleByStrand(db: Db, budgetYear: number | null): Promise<PeopleRow[]> {
  const from = budgetYear === null ? null : `${budgetYear}-01-01`;
  const to = budgetYear === null ? null : `${budgetYear}-12-31`;
  const { rows } = await sql<PeopleRow>`
    with people as (
      select o.strand, e.participant_id
        from enrolment e
        join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
       where o.strand is not null and e.status in ('active', 'completed', 'dropped_out')
         and (${to}::date is null or (coalesce(e.starts_on, e.referred_on) <= ${to}::date
                                      and coalesce(e.ends_on, 'infinity'::date) >= ${from}::date))
      union
      select s.strand, c.participant_id
        from participant_case c cross join lateral unnest(c.strands) as s(strand)
       where s.strand <> all (${sql.val([...offerStrands])}::text[])
         and (${to}::date is null or (c.opened_on <= ${to}::date
                                      and coalesce(c.exited_on, 'infinity'::date) >= ${from}::date))
    ), placed as (
      select distinct participant_id from participant_case
       where exit_outcome = any (${sql.val([...placementOutcomes])}::text[])
         and (${to}::date is null or exited_on between ${from}::date and ${to}::date)
    )
    select p.strand, count(distinct p.participant_id)::int as participants,
           count(distinct pl.participant_id)::int as placements
      from people p left join placed pl on pl.participant_id = p.participant_id
     group by p.strand`.execute(db);
  return rows;
}

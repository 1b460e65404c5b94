import { sql, type Kysely } from 'kysely';

// Forwarding to providers and the payment ledger (issue 7, items 5 and 6), on top of 20261130_0016_funding.ts.
//
// grant_amount.forwarded_cents counts what the municipality has passed on to providers: the amounts of its
// concluded and ended contracts (a draft promises nothing yet, a cancelled contract nothing any more). Triggers
// keep it whenever an amount of a counting contract changes and whenever a contract enters or leaves the counting
// states, so the CHECK grant_amount_forwarded_within_decided refuses the write that would forward more than the
// decided amount, also when two contracts are concluded at the same time (the grant_amount row's lock serialises
// them). A forwarded strand and year without a decided amount is refused as well (forwarding_amount_has_decided).
//
// A payment request's line is booked at most once: a unique index on the ledger, so that even a second approval
// that reached the booking twice (a retry after a lost answer) can never pay the same line twice.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function forwarding_count(municipality uuid, grant_id uuid, strand text, budget_year integer,
                                      delta bigint) returns void language plpgsql as $$
    declare
      found_rows integer;
    begin
      if delta = 0 then
        return;
      end if;
      update grant_amount g set forwarded_cents = g.forwarded_cents + delta, updated_at = now()
        where g.municipality_id = municipality and g.grant_id = forwarding_count.grant_id
          and g.strand = forwarding_count.strand and g.budget_year = forwarding_count.budget_year;
      get diagnostics found_rows = row_count;
      if found_rows = 0 then
        raise exception 'no decided amount for strand % in % of grant %', strand, budget_year, grant_id
          using errcode = 'check_violation', constraint = 'forwarding_amount_has_decided';
      end if;
    end $$`.execute(db);

  // An amount of a contract that counts (concluded or ended) moves the grant's forwarded amount with it.
  await sql`
    create function forwarding_amount_counts() returns trigger language plpgsql as $$
    declare
      contract record;
    begin
      select grant_id, status into contract from forwarding_contract
        where municipality_id = new.municipality_id and id = new.contract_id;
      if contract.status not in ('concluded', 'ended') then
        return new;
      end if;
      if tg_op = 'UPDATE' then
        perform forwarding_count(old.municipality_id, contract.grant_id, old.strand, old.budget_year, -old.amount_cents);
      end if;
      perform forwarding_count(new.municipality_id, contract.grant_id, new.strand, new.budget_year, new.amount_cents);
      return new;
    end $$`.execute(db);
  await sql`create trigger forwarding_amount_counts
              after insert or update of amount_cents, strand, budget_year on forwarding_amount
              for each row execute function forwarding_amount_counts()`.execute(db);

  // Concluding a contract forwards its amounts; cancelling a concluded one takes them back; ending keeps them
  // (the money was forwarded for the period that has passed).
  await sql`
    create function forwarding_contract_counts() returns trigger language plpgsql as $$
    declare
      was boolean := old.status in ('concluded', 'ended');
      is_now boolean := new.status in ('concluded', 'ended');
      line record;
    begin
      if new.grant_id <> old.grant_id then
        raise exception 'a forwarding contract stays with its grant'
          using errcode = 'check_violation', constraint = 'forwarding_contract_grant_fixed';
      end if;
      if was = is_now then
        return new;
      end if;
      for line in select strand, budget_year, amount_cents from forwarding_amount
                   where municipality_id = new.municipality_id and contract_id = new.id loop
        perform forwarding_count(new.municipality_id, new.grant_id, line.strand, line.budget_year,
                                 case when is_now then line.amount_cents else -line.amount_cents end);
      end loop;
      return new;
    end $$`.execute(db);
  await sql`create trigger forwarding_contract_counts after update of status, grant_id on forwarding_contract
              for each row execute function forwarding_contract_counts()`.execute(db);

  await sql`create unique index payment_booked_once on payment (municipality_id, request_id, strand, budget_year)
              where request_id is not null and kind = 'payment'`.execute(db);
  // The approval inbox lists the open requests of every municipality by the time they were made.
  await sql`create index payment_request_by_time on payment_request (requested_at, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index payment_request_by_time`.execute(db);
  await sql`drop index payment_booked_once`.execute(db);
  await sql`drop trigger forwarding_contract_counts on forwarding_contract`.execute(db);
  await sql`drop trigger forwarding_amount_counts on forwarding_amount`.execute(db);
  await sql`drop function forwarding_contract_counts(), forwarding_amount_counts(),
              forwarding_count(uuid, uuid, text, integer, bigint)`.execute(db);
}

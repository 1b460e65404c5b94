import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Applications (docs/funding.md "Applications"): what the financing plan of migration 0016 lacked, and the
// freeze of the plan once it is submitted.
//
// - application_requested_amount: the grant applied for per strand and budget year (beantragte Zuwendung). The
//   plan balances per year: costs = requested + own contribution + third-party funds; the decision's amounts are
//   per strand and year, so the request is too.
// - application_reference_counter: the running number of the file reference ("DIAA-2021-05315-0001") per
//   municipality, programme and year, taken under the counter row's lock at the first submission, so that two
//   submissions never get the same number and numbers have no gaps from concurrent attempts.
// - application_plan_frozen: the lines of a plan (costs, positions, funding sources, requested amounts) can be
//   written only while the application is a draft or returned for correction. The service checks it too, but
//   the database keeps it whatever the application does; the trigger takes a share lock on the application so
//   that a line written concurrently with the submission either lands before it (and is validated with it) or is
//   refused.

const LINE_TABLES = [
  'application_cost_line',
  'application_position',
  'application_funding_source',
  'application_requested_amount',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table application_requested_amount (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      strand text not null check (strand ~ '^[A-Z][A-Z0-9_-]{0,15}$'),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      constraint application_requested_amount_once unique (municipality_id, application_id, strand, budget_year),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id)
    )`.execute(db);

  await sql`
    create table application_reference_counter (
      municipality_id uuid not null references organisation (id),
      -- programme code and year, e.g. "DIAA-2021"
      prefix text not null check (length(prefix) between 1 and 40),
      last_number integer not null check (last_number between 1 and 9999),
      primary key (municipality_id, prefix)
    )`.execute(db);

  await sql`
    create function application_plan_frozen() returns trigger language plpgsql as $$
    declare
      municipality uuid;
      application uuid;
      current_status text;
    begin
      if tg_op = 'DELETE' then
        municipality := old.municipality_id;
        application := old.application_id;
      else
        municipality := new.municipality_id;
        application := new.application_id;
      end if;
      select status into current_status from funding_application
        where municipality_id = municipality and id = application
        for share;
      if current_status is not null and current_status not in ('draft', 'returned') then
        raise exception 'the financing plan of application % is frozen (status %)', application, current_status
          using errcode = 'check_violation', constraint = 'application_plan_frozen';
      end if;
      if tg_op = 'DELETE' then
        return old;
      end if;
      return new;
    end $$`.execute(db);
  for (const table of LINE_TABLES) {
    await sql`create trigger application_plan_frozen before insert or update or delete on ${sql.table(table)}
                for each row execute function application_plan_frozen()`.execute(db);
  }

  await enableTenantIsolation(db, 'application_requested_amount', { acrossTenants: true });
  await enableTenantIsolation(db, 'application_reference_counter', { acrossTenants: true });
  await sql`revoke delete on application_reference_counter from durchstarten_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of LINE_TABLES) {
    await sql`drop trigger application_plan_frozen on ${sql.table(table)}`.execute(db);
  }
  await sql`drop function application_plan_frozen()`.execute(db);
  await disableTenantIsolation(db, 'application_reference_counter');
  await disableTenantIsolation(db, 'application_requested_amount');
  await sql`drop table application_reference_counter, application_requested_amount`.execute(db);
}

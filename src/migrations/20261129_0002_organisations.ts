import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Organisations are reference data shared by all tenants (not personal data). The municipality is
// the tenant: teams are the first tenant tables, with municipality_id leading their keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisation (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('ministry', 'approving_authority', 'municipality', 'provider', 'alliance_member')),
      name text not null check (length(name) between 1 and 200),
      short_name text check (length(short_name) between 1 and 60),
      -- Kreis, kreisfreie Stadt or kreisangehörige Gemeinde (municipalities only)
      municipality_kind text check (municipality_kind in ('district', 'district_free_city', 'district_town')),
      -- the Kreis a kreisangehörige Gemeinde belongs to
      district_id uuid references organisation (id),
      -- Amtlicher Gemeindeschlüssel
      official_key text unique check (official_key ~ '^[0-9]{5,8}$'),
      alliance_member boolean not null default false,
      budget_recovery boolean not null default false,
      contact_email text check (length(contact_email) <= 254),
      is_demo boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint municipality_has_kind check ((kind = 'municipality') = (municipality_kind is not null)),
      constraint district_only_for_towns check (district_id is null or municipality_kind = 'district_town'),
      constraint flags_only_for_municipalities check (kind = 'municipality' or (not alliance_member and not budget_recovery))
    )`.execute(db);
  await sql`create unique index organisation_name_kind on organisation (kind, lower(name))`.execute(db);

  // Providers (Träger) work for one or more municipalities. Reference data between organisations,
  // not tenant data: the column is deliberately not called municipality_id.
  await sql`
    create table provider_municipality (
      provider_id uuid not null references organisation (id),
      served_municipality_id uuid not null references organisation (id),
      created_at timestamptz not null default now(),
      primary key (provider_id, served_municipality_id)
    )`.execute(db);
  await sql`create index provider_municipality_served on provider_municipality (served_municipality_id)`.execute(db);

  await sql`
    create table team (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      name text not null check (length(name) between 1 and 120),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, name)
    )`.execute(db);
  await enableTenantIsolation(db, 'team');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await disableTenantIsolation(db, 'team');
  await sql`drop table team`.execute(db);
  await sql`drop table provider_municipality`.execute(db);
  await sql`drop table organisation`.execute(db);
}

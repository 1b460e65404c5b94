import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// The innovation fund (FB5, issue 7 item 8), on top of 20261130_0016_funding.ts. The approving authority opens
// calls (shared reference data: a call is for everyone) with a deadline and weighted scoring criteria; anyone
// eligible (a municipality's managing office, a provider) drafts a proposal for a project in a municipality, with
// concept documents and the amounts requested per budget year, and submits it before the deadline; the steering
// committee (authority and ministry) scores each submitted proposal on each criterion, one row per member and
// criterion; the authority selects proposals within the FB5 cap, and a selected proposal becomes a
// funding_application of kind 'innovation' that is decided like any other (programme_strand_cap guards the cap).
//
// Proposals, their amounts, documents and scores are tenant data of the municipality where the project runs,
// reached by the committee for all municipalities through the across_tenants policy. Nothing submitted is
// deleted: DELETE is revoked on calls, proposals and scores, and the amounts and documents of a proposal can only
// be deleted while it is a draft (trigger innovation_proposal_part_deletable).

const CALL_STATUSES = ['draft', 'published', 'ranking_closed', 'completed'];
const PROPOSAL_STATUSES = ['draft', 'submitted', 'withdrawn', 'shortlisted', 'selected', 'not_selected', 'decided'];
const DOCUMENT_KINDS = ['concept', 'budget_plan', 'letter_of_support', 'other'];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

const TENANT_TABLES = ['innovation_proposal', 'innovation_proposal_amount', 'innovation_document', 'innovation_score'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table innovation_call (
      id uuid primary key default gen_random_uuid(),
      programme_id uuid not null,
      programme_version integer not null,
      strand text not null check (strand ~ '^[A-Z][A-Z0-9_-]{0,15}$'),
      title text not null check (length(title) between 1 and 200),
      description text not null default '' check (length(description) <= 20000),
      opens_at timestamptz not null,
      -- proposals can be submitted until this instant, not after
      deadline timestamptz not null,
      -- [{code, label, weight, maxScore}]: src/funding/innovation.schema.ts validates it
      criteria jsonb not null check (jsonb_typeof(criteria) = 'array' and jsonb_array_length(criteria) between 1 and 20),
      status text not null default 'draft' check (status in (${list(CALL_STATUSES)})),
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (programme_id, programme_version) references funding_programme_version (programme_id, version),
      constraint innovation_call_period check (deadline > opens_at)
    )`.execute(db);
  await sql`create index innovation_call_programme on innovation_call (programme_id, programme_version)`.execute(db);

  await sql`
    create table innovation_proposal (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      call_id uuid not null references innovation_call (id),
      -- who proposes: the municipality itself or a provider
      applicant_id uuid not null references organisation (id),
      title text not null check (length(title) between 1 and 200),
      summary text not null default '' check (length(summary) <= 20000),
      period_from date not null,
      period_to date not null,
      status text not null default 'draft' check (status in (${list(PROPOSAL_STATUSES)})),
      submitted_at timestamptz,
      submitted_by uuid references app_user (id),
      selected_by uuid references app_user (id),
      selected_at timestamptz,
      -- the funding application a selected proposal became (decided through the grant decision)
      application_id uuid,
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id),
      constraint innovation_proposal_period check (period_to >= period_from),
      constraint innovation_proposal_submitted check (status = 'draft' or submitted_at is not null),
      constraint innovation_proposal_selected check (
        (status in ('selected', 'decided')) = (application_id is not null and selected_at is not null))
    )`.execute(db);
  await sql`create index innovation_proposal_of_call on innovation_proposal (call_id, status)`.execute(db);
  await sql`create index innovation_proposal_applicant on innovation_proposal (applicant_id)`.execute(db);
  await sql`create unique index innovation_proposal_application on innovation_proposal (municipality_id, application_id)
              where application_id is not null`.execute(db);

  await sql`
    create table innovation_proposal_amount (
      municipality_id uuid not null,
      proposal_id uuid not null,
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 1 and 10000000000000),
      primary key (municipality_id, proposal_id, budget_year),
      foreign key (municipality_id, proposal_id) references innovation_proposal (municipality_id, id)
    )`.execute(db);

  // Stored like case documents (20261129_0007_cases.ts): in the database, checked by their content.
  await sql`
    create table innovation_document (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      proposal_id uuid not null,
      title text not null check (length(title) between 1 and 200),
      kind text not null check (kind in (${list(DOCUMENT_KINDS)})),
      file_name text not null check (length(file_name) between 1 and 255),
      content_type text not null check (length(content_type) between 3 and 127),
      size_bytes integer not null check (size_bytes between 0 and 10485760),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, proposal_id) references innovation_proposal (municipality_id, id)
    )`.execute(db);
  await sql`create index innovation_document_of_proposal on innovation_document (municipality_id, proposal_id)`.execute(
    db,
  );

  // One score per committee member and criterion: a second one is an update of the first.
  await sql`
    create table innovation_score (
      municipality_id uuid not null,
      proposal_id uuid not null,
      member_id uuid not null references app_user (id),
      criterion text not null check (criterion ~ '^[a-z][a-z0-9_]{0,39}$'),
      score integer not null check (score between 0 and 1000),
      comment text check (length(comment) <= 4000),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, proposal_id, member_id, criterion),
      foreign key (municipality_id, proposal_id) references innovation_proposal (municipality_id, id)
    )`.execute(db);
  await sql`create index innovation_score_member on innovation_score (member_id)`.execute(db);

  // The parts of a submitted proposal are what the committee scored: they stay.
  await sql`
    create function innovation_proposal_part_deletable() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from innovation_proposal
                  where municipality_id = old.municipality_id and id = old.proposal_id and status <> 'draft') then
        raise exception 'the proposal is no longer a draft'
          using errcode = 'check_violation', constraint = 'innovation_proposal_part_deletable';
      end if;
      return old;
    end $$`.execute(db);
  for (const table of ['innovation_proposal_amount', 'innovation_document']) {
    await sql`create trigger innovation_proposal_part_deletable before delete on ${sql.table(table)}
                for each row execute function innovation_proposal_part_deletable()`.execute(db);
  }

  for (const table of TENANT_TABLES) await enableTenantIsolation(db, table, { acrossTenants: true });
  for (const table of ['innovation_call', 'innovation_proposal', 'innovation_score']) {
    await sql`revoke delete on ${sql.table(table)} from durchstarten_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TENANT_TABLES].reverse()) await disableTenantIsolation(db, table);
  await sql`drop table innovation_score, innovation_document, innovation_proposal_amount, innovation_proposal,
              innovation_call`.execute(db);
  await sql`drop function innovation_proposal_part_deletable()`.execute(db);
}

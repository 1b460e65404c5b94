import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Funding administration (domain.md section 4): programmes as versioned configuration, state budgets per strand
// and year, their allocation to the recipients, applications with financing plans, grants with their decisions
// and amendments, forwarding contracts to providers, payment requests and the payment ledger.
//
// Money is bigint cents. The limits that must hold whatever the application does are kept by the database, as
// counters on the limited row with a CHECK constraint: concurrent writers update the same row, so they are
// serialised by its lock, and the one that would go over the limit fails with 23514 naming the constraint:
//   programme_budget.allocated_cents  ≤ amount_cents   (allocations + central commitments ≤ state budget)
//   programme_strand_cap.committed_cents ≤ cap_cents   (FB5: decisions ≤ 5 Mio € over the whole runtime)
//   budget_allocation.committed_cents ≤ amount_cents   (decided amounts ≤ the municipality's budget)
//   grant_amount.paid_cents          ≤ decided_cents   (payments ≤ the decided amount per strand and year)
//   grant_amount.forwarded_cents     ≤ decided_cents   (forwarded to providers ≤ decided)
// Financial records are never deleted (DELETE revoked from the application role); decisions, their amounts and
// the payment ledger are never changed either (UPDATE revoked too): a correction is a new record.
//
// Funding records are tenant data (municipality_id leading every key) that the approving authority reaches for
// all municipalities through the across_tenants policy (platform/db/rls.ts). Programmes, state budgets, keys and
// population figures are shared reference data.

const STRAND = `~ '^[A-Z][A-Z0-9_-]{0,15}$'`;
const COST_CATEGORIES = ['personnel', 'teaching_hours', 'exam_fees', 'material', 'setup', 'travel', 'rent', 'other'];
const APPLICATION_STATUSES = ['draft', 'submitted', 'in_review', 'returned', 'decided', 'rejected', 'withdrawn'];
const FINANCING_TYPES = ['share', 'shortfall', 'fixed'];
const CONDITION_SETS = ['ANBest-G', 'ANBest-P'];
const FORWARDING_STATUSES = ['draft', 'concluded', 'ended', 'cancelled'];
const PAYMENT_REQUEST_STATUSES = ['requested', 'approved_once', 'paid', 'rejected', 'withdrawn'];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

const TENANT_TABLES = [
  'budget_allocation',
  'funding_application',
  'application_cost_line',
  'application_position',
  'application_funding_source',
  'application_comment',
  'funding_grant',
  'grant_decision',
  'grant_decision_amount',
  'grant_amount',
  'forwarding_contract',
  'forwarding_amount',
  'payment_request',
  'payment_request_line',
  'payment',
];
// Kept forever: no DELETE for the application role.
const KEPT_TABLES = [
  'funding_programme',
  'funding_programme_version',
  'programme_budget',
  'programme_strand_cap',
  'allocation_key',
  'allocation_key_share',
  'budget_allocation',
  'funding_application',
  'funding_grant',
  'grant_decision',
  'grant_decision_amount',
  'grant_amount',
  'forwarding_contract',
  'forwarding_amount',
  'payment_request',
  'payment_request_line',
  'payment',
  'application_comment',
];
// Written once: no UPDATE either.
const IMMUTABLE_TABLES = [
  'funding_programme_version',
  'allocation_key_share',
  'grant_decision',
  'grant_decision_amount',
  'payment',
  'application_comment',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // --- Programmes as versioned configuration -------------------------------------------------------------
  await sql`
    create table funding_programme (
      id uuid primary key default gen_random_uuid(),
      code text not null unique check (code ~ '^[A-Z][A-Z0-9_]{1,15}$'),
      -- the version new applications are made under
      current_version integer not null default 1 check (current_version >= 1),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table funding_programme_version (
      programme_id uuid not null references funding_programme (id),
      version integer not null check (version >= 1),
      -- src/funding/programme.definition.ts validates it
      definition jsonb not null check (jsonb_typeof(definition) = 'object'),
      note text check (length(note) <= 2000),
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      primary key (programme_id, version)
    )`.execute(db);

  // --- State budgets, allocation keys, the population behind the post formula --------------------------------
  await sql`
    create table programme_budget (
      programme_id uuid not null references funding_programme (id),
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      -- allocated to municipalities, plus (central strands) committed by decisions directly
      allocated_cents bigint not null default 0 check (allocated_cents >= 0),
      -- central strands (FB5) are not allocated: decisions commit this budget directly
      central boolean not null default false,
      version integer not null default 1,
      updated_by uuid references app_user (id),
      updated_at timestamptz not null default now(),
      primary key (programme_id, strand, budget_year),
      constraint programme_budget_not_over_allocated check (allocated_cents <= amount_cents)
    )`.execute(db);
  await sql`
    create table programme_strand_cap (
      programme_id uuid not null references funding_programme (id),
      strand text not null check (strand ${sql.raw(STRAND)}),
      cap_cents bigint not null check (cap_cents between 0 and 10000000000000),
      committed_cents bigint not null default 0 check (committed_cents >= 0),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (programme_id, strand),
      constraint programme_strand_cap_holds check (committed_cents <= cap_cents)
    )`.execute(db);
  await sql`
    create table allocation_key (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (length(name) between 1 and 200),
      -- the date the shares refer to, and where they come from
      reference_date date not null,
      source text check (length(source) <= 1000),
      created_by uuid references app_user (id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table allocation_key_share (
      key_id uuid not null references allocation_key (id),
      -- a grant recipient (district or district-free city); reference data, so not called municipality_id
      recipient_id uuid not null references organisation (id),
      -- the share in percent as published (e.g. FlüAG: 5.60124), exact
      share numeric(12, 8) not null check (share > 0 and share <= 100),
      primary key (key_id, recipient_id)
    )`.execute(db);
  await sql`create index allocation_key_share_recipient on allocation_key_share (recipient_id)`.execute(db);
  await sql`
    create table target_population (
      recipient_id uuid not null references organisation (id),
      reference_date date not null,
      -- tolerated persons (Duldung) aged 18–27: the basis of the FB6 post formula
      tolerated_18_27 integer not null check (tolerated_18_27 between 0 and 1000000),
      source text check (length(source) <= 1000),
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      primary key (recipient_id, reference_date)
    )`.execute(db);

  await sql`
    create table budget_allocation (
      municipality_id uuid not null references organisation (id),
      programme_id uuid not null,
      strand text not null,
      budget_year integer not null,
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      -- decided amounts of the municipality's grants in this strand and year
      committed_cents bigint not null default 0 check (committed_cents >= 0),
      -- how the amount was computed (key and share, or posts by the formula), for the record
      key_id uuid references allocation_key (id),
      basis jsonb not null default '{}',
      version integer not null default 1,
      updated_by uuid references app_user (id),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, programme_id, strand, budget_year),
      foreign key (programme_id, strand, budget_year) references programme_budget (programme_id, strand, budget_year),
      constraint budget_allocation_not_over_committed check (committed_cents <= amount_cents)
    )`.execute(db);
  await sql`create index budget_allocation_of_budget on budget_allocation (programme_id, strand, budget_year)`.execute(
    db,
  );
  await sql`create index budget_allocation_key on budget_allocation (key_id)`.execute(db);

  // An allocation counts into the state budget's allocated amount.
  await sql`
    create function budget_allocation_counts() returns trigger language plpgsql as $$
    begin
      update programme_budget set allocated_cents = allocated_cents + new.amount_cents
                                                    - (case when tg_op = 'UPDATE' then old.amount_cents else 0 end)
        where programme_id = new.programme_id and strand = new.strand and budget_year = new.budget_year;
      return new;
    end $$`.execute(db);
  await sql`create trigger budget_allocation_counts after insert or update of amount_cents on budget_allocation
              for each row execute function budget_allocation_counts()`.execute(db);

  // --- Applications ---------------------------------------------------------------------------------------
  await sql`
    create table funding_application (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      programme_id uuid not null,
      programme_version integer not null,
      kind text not null default 'grant' check (kind in ('grant', 'innovation')),
      -- who applies: the municipality itself, or (FB5 proposals) a provider
      applicant_id uuid not null references organisation (id),
      -- the file number (Aktenzeichen), given at the first submission
      reference text unique check (length(reference) between 1 and 60),
      title text not null check (length(title) between 1 and 200),
      period_from date not null,
      period_to date not null,
      -- an own-contribution rate other than the programme's default, with its reason
      own_contribution_rate_bp integer check (own_contribution_rate_bp between 0 and 10000),
      own_contribution_reason text check (length(own_contribution_reason) <= 2000),
      summary text check (length(summary) <= 20000),
      status text not null default 'draft' check (status in (${list(APPLICATION_STATUSES)})),
      submitted_at timestamptz,
      submitted_by uuid references app_user (id),
      decided_at timestamptz,
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (programme_id, programme_version) references funding_programme_version (programme_id, version),
      constraint funding_application_period check (period_to >= period_from),
      constraint funding_application_submitted check (status = 'draft' or submitted_at is not null)
    )`.execute(db);
  await sql`create index funding_application_by_status on funding_application (municipality_id, status)`.execute(db);
  await sql`create index funding_application_programme on funding_application (programme_id, programme_version)`.execute(
    db,
  );
  await sql`create index funding_application_applicant on funding_application (applicant_id)`.execute(db);

  await sql`
    create table application_cost_line (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      category text not null check (category in (${list(COST_CATEGORIES)})),
      description text not null check (length(description) between 1 and 500),
      -- unit amount × quantity (e.g. teaching hours × rate); amount_cents is the line's total
      quantity numeric(12, 2) check (quantity >= 0),
      unit_cents bigint check (unit_cents between 0 and 10000000000000),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      position integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id)
    )`.execute(db);
  await sql`create index application_cost_line_of_application on application_cost_line (municipality_id, application_id)`.execute(
    db,
  );
  await sql`
    create table application_position (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      title text not null check (length(title) between 1 and 200),
      -- the programme's post rate it is funded at (its code in the definition)
      rate_code text check (rate_code ~ '^[a-z][a-z0-9_]{0,39}$'),
      fte numeric(5, 2) not null check (fte > 0 and fte <= 100),
      -- the employer: an organisation of the system (a provider) or a name
      employer_id uuid references organisation (id),
      employer_name text check (length(employer_name) <= 200),
      starts_on date not null,
      ends_on date not null,
      annual_cents bigint not null check (annual_cents between 0 and 10000000000000),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id),
      constraint application_position_period check (ends_on >= starts_on),
      constraint application_position_employer check (employer_id is not null or employer_name is not null)
    )`.execute(db);
  await sql`create index application_position_of_application on application_position (municipality_id, application_id)`.execute(
    db,
  );
  await sql`create index application_position_employer on application_position (employer_id)`.execute(db);
  await sql`
    create table application_funding_source (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      kind text not null check (kind in ('own_contribution', 'third_party')),
      name text not null check (length(name) between 1 and 200),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id)
    )`.execute(db);
  await sql`create index application_funding_source_of_application on application_funding_source (municipality_id, application_id)`.execute(
    db,
  );
  // The conversation between applicant and authority, and the record of every status change with its reason.
  await sql`
    create table application_comment (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      author_id uuid references app_user (id),
      -- the side that wrote it: the applicant's staff or the approving authority
      side text not null check (side in ('applicant', 'authority')),
      -- a plain comment, or the status change it explains (returned, rejected …)
      kind text not null default 'comment' check (kind ~ '^[a-z_]{1,40}$'),
      body text not null check (length(body) between 1 and 20000),
      -- the part of the application it is about (e.g. "costLines.<id>"), if any
      subject text check (length(subject) <= 200),
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id)
    )`.execute(db);
  await sql`create index application_comment_of_application on application_comment (municipality_id, application_id, created_at)`.execute(
    db,
  );

  // --- Grants, decisions, amendments ----------------------------------------------------------------------
  await sql`
    create table funding_grant (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      application_id uuid not null,
      programme_id uuid not null,
      -- the programme version the grant was decided under; later versions never change it
      programme_version integer not null,
      recipient_id uuid not null references organisation (id),
      reference text not null unique check (length(reference) between 1 and 60),
      -- the decision in force: 1 = the grant decision, 2… = amendments
      current_decision integer not null default 1 check (current_decision >= 1),
      status text not null default 'active' check (status in ('active', 'closed', 'revoked')),
      is_demo boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, application_id),
      foreign key (municipality_id, application_id) references funding_application (municipality_id, id),
      foreign key (programme_id, programme_version) references funding_programme_version (programme_id, version)
    )`.execute(db);
  await sql`create index funding_grant_programme on funding_grant (programme_id, programme_version)`.execute(db);
  await sql`create index funding_grant_recipient on funding_grant (recipient_id)`.execute(db);
  await sql`
    create table grant_decision (
      municipality_id uuid not null,
      grant_id uuid not null,
      seq integer not null check (seq >= 1),
      kind text not null check ((kind = 'decision') = (seq = 1) and kind in ('decision', 'amendment')),
      period_from date not null,
      period_to date not null,
      financing_type text not null check (financing_type in (${list(FINANCING_TYPES)})),
      -- share financing: the funding rate (80 % = 8,000 bp); null for shortfall and fixed amounts
      funding_rate_bp integer check (funding_rate_bp between 0 and 10000),
      conditions text not null check (conditions in (${list(CONDITION_SETS)})),
      -- further conditions (Nebenbestimmungen) and the reasons, as written in the decision
      special_conditions text check (length(special_conditions) <= 20000),
      reason text check (length(reason) <= 20000),
      decided_by uuid not null references app_user (id),
      decided_at timestamptz not null default now(),
      -- the decision as sent (PDF), kept with its hash
      document bytea,
      document_sha256 bytea,
      primary key (municipality_id, grant_id, seq),
      foreign key (municipality_id, grant_id) references funding_grant (municipality_id, id),
      constraint grant_decision_period check (period_to >= period_from),
      constraint grant_decision_rate check ((financing_type = 'share') = (funding_rate_bp is not null))
    )`.execute(db);
  await sql`
    create table grant_decision_amount (
      municipality_id uuid not null,
      grant_id uuid not null,
      seq integer not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      -- the eligible costs the amount was computed from (share / shortfall financing)
      eligible_cents bigint check (eligible_cents between 0 and 10000000000000),
      -- fixed amounts as unit amount × count (e.g. teaching hours × 37.50 €)
      unit_cents bigint check (unit_cents between 0 and 10000000000000),
      unit_count numeric(12, 2) check (unit_count >= 0),
      primary key (municipality_id, grant_id, seq, strand, budget_year),
      foreign key (municipality_id, grant_id, seq) references grant_decision (municipality_id, grant_id, seq)
    )`.execute(db);
  // The amounts in force, with what has been forwarded and paid against them: the ledger's limits live here.
  await sql`
    create table grant_amount (
      municipality_id uuid not null,
      grant_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      decided_cents bigint not null check (decided_cents between 0 and 10000000000000),
      forwarded_cents bigint not null default 0 check (forwarded_cents >= 0),
      paid_cents bigint not null default 0 check (paid_cents >= 0),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (municipality_id, grant_id, strand, budget_year),
      foreign key (municipality_id, grant_id) references funding_grant (municipality_id, id),
      constraint grant_amount_paid_within_decided check (paid_cents <= decided_cents),
      constraint grant_amount_forwarded_within_decided check (forwarded_cents <= decided_cents)
    )`.execute(db);

  // A decided amount commits budget: the municipality's allocation when the strand is allocated, the state
  // budget directly when it is central, and the strand's cap when it has one. Without a budget: refused.
  await sql`
    create function grant_amount_commits() returns trigger language plpgsql as $$
    declare
      delta bigint := new.decided_cents - (case when tg_op = 'UPDATE' then old.decided_cents else 0 end);
      programme uuid;
      found_rows integer;
    begin
      if delta = 0 then
        return new;
      end if;
      select programme_id into programme from funding_grant
        where municipality_id = new.municipality_id and id = new.grant_id;
      update budget_allocation set committed_cents = committed_cents + delta
        where municipality_id = new.municipality_id and programme_id = programme
          and strand = new.strand and budget_year = new.budget_year;
      get diagnostics found_rows = row_count;
      if found_rows = 0 then
        update programme_budget set allocated_cents = allocated_cents + delta
          where programme_id = programme and strand = new.strand and budget_year = new.budget_year and central;
        get diagnostics found_rows = row_count;
      end if;
      if found_rows = 0 then
        raise exception 'no budget for strand % in % of this programme for municipality %',
          new.strand, new.budget_year, new.municipality_id
          using errcode = 'check_violation', constraint = 'grant_amount_has_budget';
      end if;
      update programme_strand_cap set committed_cents = committed_cents + delta
        where programme_id = programme and strand = new.strand;
      return new;
    end $$`.execute(db);
  await sql`create trigger grant_amount_commits after insert or update of decided_cents on grant_amount
              for each row execute function grant_amount_commits()`.execute(db);

  // --- Forwarding to providers (Weiterleitung) ------------------------------------------------------------
  await sql`
    create table forwarding_contract (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      grant_id uuid not null,
      provider_id uuid not null references organisation (id),
      reference text not null check (length(reference) between 1 and 60),
      conditions text not null default 'ANBest-P' check (conditions in (${list(CONDITION_SETS)})),
      period_from date not null,
      period_to date not null,
      purpose text not null check (length(purpose) between 1 and 4000),
      status text not null default 'draft' check (status in (${list(FORWARDING_STATUSES)})),
      concluded_by uuid references app_user (id),
      concluded_at timestamptz,
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, reference),
      foreign key (municipality_id, grant_id) references funding_grant (municipality_id, id),
      constraint forwarding_contract_period check (period_to >= period_from),
      constraint forwarding_contract_concluded check (status = 'draft' or status = 'cancelled' or concluded_at is not null)
    )`.execute(db);
  await sql`create index forwarding_contract_of_grant on forwarding_contract (municipality_id, grant_id)`.execute(db);
  await sql`create index forwarding_contract_of_provider on forwarding_contract (provider_id)`.execute(db);
  await sql`
    create table forwarding_amount (
      municipality_id uuid not null,
      contract_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 0 and 10000000000000),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (municipality_id, contract_id, strand, budget_year),
      foreign key (municipality_id, contract_id) references forwarding_contract (municipality_id, id)
    )`.execute(db);

  // --- Payment requests (Mittelabruf) and the payment ledger ------------------------------------------------
  await sql`
    create table payment_request (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      grant_id uuid not null,
      requested_by uuid not null references app_user (id),
      requested_at timestamptz not null default now(),
      status text not null default 'requested' check (status in (${list(PAYMENT_REQUEST_STATUSES)})),
      justification text check (length(justification) <= 4000),
      first_approved_by uuid references app_user (id),
      first_approved_at timestamptz,
      second_approved_by uuid references app_user (id),
      second_approved_at timestamptz,
      rejected_by uuid references app_user (id),
      rejected_at timestamptz,
      rejection_reason text check (length(rejection_reason) <= 4000),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, grant_id) references funding_grant (municipality_id, id),
      -- four eyes: two different approvers, neither of them the requester
      constraint payment_request_four_eyes check (
        (first_approved_by is null or first_approved_by <> requested_by)
        and (second_approved_by is null or (first_approved_by is not null
                                            and second_approved_by <> requested_by
                                            and second_approved_by <> first_approved_by))),
      constraint payment_request_approvals check (
        (status = 'requested' and first_approved_by is null)
        or (status = 'approved_once' and first_approved_by is not null and second_approved_by is null)
        or (status = 'paid' and second_approved_by is not null)
        or (status = 'rejected' and rejected_by is not null and second_approved_by is null)
        or (status = 'withdrawn' and second_approved_by is null))
    )`.execute(db);
  await sql`create index payment_request_of_grant on payment_request (municipality_id, grant_id)`.execute(db);
  await sql`create index payment_request_open on payment_request (status) where status in ('requested', 'approved_once')`.execute(
    db,
  );
  await sql`
    create table payment_request_line (
      municipality_id uuid not null,
      request_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      amount_cents bigint not null check (amount_cents between 1 and 10000000000000),
      -- when the money will be spent: the two-month rule is checked against it
      due_on date not null,
      purpose text check (length(purpose) <= 1000),
      primary key (municipality_id, request_id, strand, budget_year),
      foreign key (municipality_id, request_id) references payment_request (municipality_id, id)
    )`.execute(db);
  // The ledger: append-only; a payout is positive, money coming back negative.
  await sql`
    create table payment (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      grant_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      kind text not null check (kind in ('payment', 'repayment')),
      amount_cents bigint not null check (amount_cents <> 0 and abs(amount_cents) <= 10000000000000),
      request_id uuid,
      -- a repayment settles a recovery claim (proof of use); the claim table comes with the proof of use
      recovery_claim_id uuid,
      booked_on date not null,
      booked_by uuid not null references app_user (id),
      booked_at timestamptz not null default now(),
      note text check (length(note) <= 2000),
      primary key (municipality_id, id),
      foreign key (municipality_id, grant_id, strand, budget_year)
        references grant_amount (municipality_id, grant_id, strand, budget_year),
      foreign key (municipality_id, request_id) references payment_request (municipality_id, id),
      constraint payment_sign check ((kind = 'payment') = (amount_cents > 0))
    )`.execute(db);
  await sql`create index payment_of_grant on payment (municipality_id, grant_id, strand, budget_year)`.execute(db);
  await sql`create index payment_of_request on payment (municipality_id, request_id)`.execute(db);
  await sql`
    create function payment_counts() returns trigger language plpgsql as $$
    begin
      update grant_amount set paid_cents = paid_cents + new.amount_cents, updated_at = now()
        where municipality_id = new.municipality_id and grant_id = new.grant_id
          and strand = new.strand and budget_year = new.budget_year;
      return new;
    end $$`.execute(db);
  await sql`create trigger payment_counts after insert on payment for each row execute function payment_counts()`.execute(
    db,
  );

  for (const table of TENANT_TABLES) await enableTenantIsolation(db, table, { acrossTenants: true });
  for (const table of KEPT_TABLES) await sql`revoke delete on ${sql.table(table)} from durchstarten_app`.execute(db);
  for (const table of IMMUTABLE_TABLES) {
    await sql`revoke update on ${sql.table(table)} from durchstarten_app`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TENANT_TABLES].reverse()) await disableTenantIsolation(db, table);
  await sql`drop trigger payment_counts on payment`.execute(db);
  await sql`drop trigger grant_amount_commits on grant_amount`.execute(db);
  await sql`drop trigger budget_allocation_counts on budget_allocation`.execute(db);
  await sql`drop table payment, payment_request_line, payment_request, forwarding_amount, forwarding_contract,
              grant_amount, grant_decision_amount, grant_decision, funding_grant, application_comment,
              application_funding_source, application_position, application_cost_line, funding_application,
              budget_allocation, target_population, allocation_key_share, allocation_key, programme_strand_cap,
              programme_budget, funding_programme_version, funding_programme`.execute(db);
  await sql`drop function payment_counts(), grant_amount_commits(), budget_allocation_counts()`.execute(db);
}

import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Proof of use (Verwendungsnachweis), its audit and the recovery of unspent or ineligible funds (issue 7, item 7),
// on top of 20261130_0016_funding.ts.
//
// A proof of use belongs to a grant: the municipality's own to the approving authority, or a provider's for its
// forwarding contract to the municipality (contract_id set), which the municipality checks and attaches to its own
// (attached_to). It is an interim statement of one budget year or the final proof of the whole period. It holds
// the narrative report (Sachbericht, text sections), the figures taken from the case data (a snapshot, small
// numbers already suppressed: they leave the municipality), the financial statement (planned vs actual per cost
// line) and the receipts list (Belegliste).
//
// The authority's audit computes a recovery claim (Rückforderung) per strand and year. Its repayment is booked in
// the payment ledger (kind 'repayment', negative amount, payment.recovery_claim_id); a trigger counts it into the
// claim (recovery_claim.repaid_cents ≤ amount_cents, constraint recovery_claim_not_over_repaid) and settles it
// when it is repaid in full. grant_amount.paid_cents ≥ 0 (migration 0016) keeps repayments within what was paid.
//
// Proofs, statement lines and claims are kept (no DELETE for the application role). Receipts may be removed from
// the list while the proof is a draft; the service refuses it afterwards.

const STRAND = `~ '^[A-Z][A-Z0-9_-]{0,15}$'`;
const COST_CATEGORIES = ['personnel', 'teaching_hours', 'exam_fees', 'material', 'setup', 'travel', 'rent', 'other'];
const PROOF_STATUSES = ['draft', 'submitted', 'returned', 'accepted', 'audited'];
const AUDIT_RESULTS = ['no_findings', 'findings'];
const CLAIM_STATUSES = ['computed', 'issued', 'settled'];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

const TENANT_TABLES = ['proof_of_use', 'proof_of_use_line', 'receipt', 'recovery_claim'];
const KEPT_TABLES = ['proof_of_use', 'proof_of_use_line', 'recovery_claim'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table proof_of_use (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      grant_id uuid not null,
      -- a provider's proof for its forwarding contract; null: the municipality's own proof to the authority
      contract_id uuid,
      provider_id uuid references organisation (id),
      kind text not null check (kind in ('interim', 'final')),
      -- the budget year of an interim statement; null for the final proof
      budget_year integer check (budget_year between 2000 and 2100),
      period_from date not null,
      period_to date not null,
      due_on date not null,
      status text not null default 'draft' check (status in (${list(PROOF_STATUSES)})),
      -- the narrative report: text sections (proof.schema.ts)
      narrative jsonb not null default '{}' check (jsonb_typeof(narrative) = 'object'),
      -- figures from the case data at creation or refresh, small numbers suppressed (proof-figures.rules.ts)
      figures jsonb not null default '{}' check (jsonb_typeof(figures) = 'object'),
      figures_at timestamptz,
      -- a provider's accepted proof, attached to the municipality's proof of the same grant, kind and year
      attached_to uuid,
      submitted_at timestamptz,
      submitted_by uuid references app_user (id),
      returned_at timestamptz,
      returned_by uuid references app_user (id),
      return_reason text check (length(return_reason) between 1 and 4000),
      accepted_at timestamptz,
      accepted_by uuid references app_user (id),
      audited_at timestamptz,
      audited_by uuid references app_user (id),
      audit_result text check (audit_result in (${list(AUDIT_RESULTS)})),
      audit_findings text check (length(audit_findings) <= 20000),
      -- eligible spending as audited (sum over strands and years)
      eligible_cents bigint check (eligible_cents between 0 and 10000000000000),
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, grant_id) references funding_grant (municipality_id, id),
      foreign key (municipality_id, contract_id) references forwarding_contract (municipality_id, id),
      foreign key (municipality_id, attached_to) references proof_of_use (municipality_id, id),
      constraint proof_of_use_period check (period_to >= period_from),
      constraint proof_of_use_year check ((kind = 'interim') = (budget_year is not null)),
      constraint proof_of_use_provider check ((contract_id is null) = (provider_id is null)),
      constraint proof_of_use_submitted check (status = 'draft' or submitted_at is not null),
      -- a provider's proof is accepted by the municipality; the municipality's is audited by the authority
      constraint proof_of_use_accepted check ((status = 'accepted') = (accepted_at is not null) and
                                              (status <> 'accepted' or contract_id is not null)),
      constraint proof_of_use_audited check ((status = 'audited') = (audited_at is not null) and
                                             (status <> 'audited' or (contract_id is null and audit_result is not null
                                                                      and eligible_cents is not null))),
      constraint proof_of_use_attached check (attached_to is null or (contract_id is not null and status = 'accepted'))
    )`.execute(db);
  // One proof per grant (or contract), kind and year.
  await sql`create unique index proof_of_use_one_per_period on proof_of_use (
              municipality_id, grant_id, coalesce(contract_id, '00000000-0000-0000-0000-000000000000'::uuid), kind,
              coalesce(budget_year, 0))`.execute(db);
  await sql`create index proof_of_use_of_contract on proof_of_use (municipality_id, contract_id)`.execute(db);
  await sql`create index proof_of_use_attached on proof_of_use (municipality_id, attached_to)`.execute(db);
  await sql`create index proof_of_use_provider on proof_of_use (provider_id)`.execute(db);
  await sql`create index proof_of_use_by_status on proof_of_use (status, due_on)`.execute(db);

  // The financial statement (zahlenmäßiger Nachweis): planned vs actual per cost line.
  await sql`
    create table proof_of_use_line (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      proof_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      category text not null check (category in (${list(COST_CATEGORIES)})),
      description text not null check (length(description) between 1 and 500),
      -- from the financing plan (or the decided amounts) when the proof was created; never entered
      planned_cents bigint not null check (planned_cents between 0 and 10000000000000),
      -- spent, as entered by the recipient; null until entered
      actual_cents bigint check (actual_cents between 0 and 10000000000000),
      note text check (length(note) <= 2000),
      position integer not null default 0,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, proof_id) references proof_of_use (municipality_id, id)
    )`.execute(db);
  await sql`create index proof_of_use_line_of_proof on proof_of_use_line (municipality_id, proof_id, position)`.execute(
    db,
  );

  // The receipts list (Belegliste); receipts are kept receiptRetentionYears after the proof (retain_until).
  await sql`
    create table receipt (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      proof_id uuid not null,
      line_id uuid not null,
      receipt_date date not null,
      payee text not null check (length(payee) between 1 and 200),
      purpose text not null check (length(purpose) between 1 and 500),
      -- the receipt's own number in the recipient's books
      reference text check (length(reference) between 1 and 60),
      amount_cents bigint not null check (amount_cents between 1 and 10000000000000),
      -- set when the proof is submitted: the proof's date + the programme's receiptRetentionYears
      retain_until date,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, proof_id) references proof_of_use (municipality_id, id),
      foreign key (municipality_id, line_id) references proof_of_use_line (municipality_id, id)
    )`.execute(db);
  await sql`create index receipt_of_proof on receipt (municipality_id, proof_id, receipt_date)`.execute(db);
  await sql`create index receipt_of_line on receipt (municipality_id, line_id)`.execute(db);

  // The recovery claim (Rückforderung) of one strand and year of a grant, computed by the audit of a proof.
  await sql`
    create table recovery_claim (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      grant_id uuid not null,
      proof_id uuid not null,
      strand text not null check (strand ${sql.raw(STRAND)}),
      budget_year integer not null check (budget_year between 2000 and 2100),
      -- the computation (recovery.rules.ts), kept with the claim
      paid_cents bigint not null check (paid_cents between 0 and 10000000000000),
      entitled_cents bigint not null check (entitled_cents between 0 and 10000000000000),
      unspent_cents bigint not null check (unspent_cents between 0 and 10000000000000),
      ineligible_cents bigint not null check (ineligible_cents between 0 and 10000000000000),
      amount_cents bigint not null check (amount_cents between 1 and 10000000000000),
      status text not null default 'computed' check (status in (${list(CLAIM_STATUSES)})),
      due_on date,
      reason text check (length(reason) <= 20000),
      issued_at timestamptz,
      issued_by uuid references app_user (id),
      -- repayments booked against it (payment.recovery_claim_id), kept by a trigger
      repaid_cents bigint not null default 0,
      settled_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, proof_id, strand, budget_year),
      foreign key (municipality_id, grant_id, strand, budget_year)
        references grant_amount (municipality_id, grant_id, strand, budget_year),
      foreign key (municipality_id, proof_id) references proof_of_use (municipality_id, id),
      constraint recovery_claim_split check (unspent_cents + ineligible_cents = amount_cents),
      constraint recovery_claim_not_over_repaid check (repaid_cents between 0 and amount_cents),
      constraint recovery_claim_issued check ((status = 'computed') = (issued_at is null)
                                              and (status = 'computed' or due_on is not null)),
      constraint recovery_claim_settled check ((status = 'settled') = (repaid_cents = amount_cents))
    )`.execute(db);
  await sql`create index recovery_claim_of_grant on recovery_claim (municipality_id, grant_id, strand, budget_year)`.execute(
    db,
  );
  await sql`create index recovery_claim_open on recovery_claim (status) where status <> 'settled'`.execute(db);

  // The ledger's reference to the claim a repayment settles (declared in 0016 without its table).
  await sql`alter table payment add constraint payment_recovery_claim
              foreign key (municipality_id, recovery_claim_id) references recovery_claim (municipality_id, id)`.execute(
    db,
  );
  await sql`alter table payment add constraint payment_claim_is_repayment
              check (recovery_claim_id is null or kind = 'repayment')`.execute(db);
  await sql`create index payment_of_claim on payment (municipality_id, recovery_claim_id)`.execute(db);

  // A repayment counts into its claim: same grant, strand and year, only once the claim is issued, never more
  // than the claim; repaid in full settles it.
  await sql`
    create function repayment_settles_claim() returns trigger language plpgsql as $$
    declare
      claim record;
    begin
      if new.recovery_claim_id is null then
        return new;
      end if;
      select grant_id, strand, budget_year, status into claim from recovery_claim
        where municipality_id = new.municipality_id and id = new.recovery_claim_id
        for update;
      if claim.grant_id <> new.grant_id or claim.strand <> new.strand or claim.budget_year <> new.budget_year
         or claim.status <> 'issued' then
        raise exception 'a repayment settles an issued claim of its own grant, strand and year'
          using errcode = 'check_violation', constraint = 'repayment_matches_claim';
      end if;
      update recovery_claim
         set repaid_cents = repaid_cents - new.amount_cents,
             status = case when repaid_cents - new.amount_cents = amount_cents then 'settled' else status end,
             settled_at = case when repaid_cents - new.amount_cents = amount_cents then now() else settled_at end,
             version = version + 1,
             updated_at = now()
       where municipality_id = new.municipality_id and id = new.recovery_claim_id;
      return new;
    end $$`.execute(db);
  await sql`create trigger repayment_settles_claim after insert on payment
              for each row execute function repayment_settles_claim()`.execute(db);

  for (const table of TENANT_TABLES) await enableTenantIsolation(db, table, { acrossTenants: true });
  for (const table of KEPT_TABLES) await sql`revoke delete on ${sql.table(table)} from durchstarten_app`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TENANT_TABLES].reverse()) await disableTenantIsolation(db, table);
  await sql`drop trigger repayment_settles_claim on payment`.execute(db);
  await sql`drop function repayment_settles_claim()`.execute(db);
  await sql`drop index payment_of_claim`.execute(db);
  await sql`alter table payment drop constraint payment_claim_is_repayment`.execute(db);
  await sql`alter table payment drop constraint payment_recovery_claim`.execute(db);
  await sql`drop table recovery_claim, receipt, proof_of_use_line, proof_of_use`.execute(db);
}

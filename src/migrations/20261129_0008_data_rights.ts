import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Data-subject rights and retention: deletion classes per municipality, the deletion ledger (evidence of
// every deletion or anonymisation, re-applied after a restore so that deleted people stay deleted), runs of
// scheduled jobs (claimed once per slot across all app instances) and participant imports (progress).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table retention_rule (
      municipality_id uuid not null references organisation (id),
      -- case_data: after the end of the last case; consent_based: on revocation of the consent;
      -- without_case: records that never got a case, after their last change
      class text not null check (class in ('case_data', 'consent_based', 'without_case')),
      period_months integer not null check (period_months between 0 and 600),
      action text not null check (action in ('anonymise', 'delete')),
      enabled boolean not null default true,
      version integer not null default 1,
      updated_by uuid references app_user (id),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, class)
    )`.execute(db);
  await enableTenantIsolation(db, 'retention_rule');

  // No personal data: the participant's id (a random uuid), the class and the evidence (row counts).
  await sql`
    create table deletion_ledger (
      municipality_id uuid not null references organisation (id),
      seq bigint generated always as identity,
      participant_id uuid not null,
      -- what was removed: the whole person, or the data of one consent purpose
      subject text not null check (subject in ('participant', 'consent_data')),
      action text not null check (action in ('anonymise', 'delete')),
      class text not null check (length(class) between 1 and 40),
      reason text not null check (length(reason) between 1 and 500),
      executed_at timestamptz not null default now(),
      executed_by uuid,
      evidence jsonb not null default '{}',
      primary key (municipality_id, seq)
    )`.execute(db);
  await sql`create index deletion_ledger_participant on deletion_ledger (municipality_id, participant_id)`.execute(db);
  await enableTenantIsolation(db, 'deletion_ledger');
  // Evidence is never changed or removed by the application.
  await sql`revoke update, delete on deletion_ledger from durchstarten_app`.execute(db);

  // One row per job and time slot: the instance that inserts it runs the job; the others see the conflict.
  await sql`
    create table job_run (
      job text not null check (job ~ '^[a-z0-9_.:-]{1,80}$'),
      slot timestamptz not null,
      instance text not null check (length(instance) between 1 and 200),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
      result jsonb not null default '{}',
      primary key (job, slot)
    )`.execute(db);

  await sql`
    create table participant_import (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      file_name text not null check (length(file_name) between 1 and 255),
      status text not null default 'validating'
        check (status in ('validating', 'invalid', 'importing', 'succeeded', 'failed')),
      skip_invalid boolean not null default false,
      total_rows integer not null default 0 check (total_rows >= 0),
      processed_rows integer not null default 0 check (processed_rows >= 0),
      created_rows integer not null default 0 check (created_rows >= 0),
      unchanged_rows integer not null default 0 check (unchanged_rows >= 0),
      skipped_rows integer not null default 0 check (skipped_rows >= 0),
      -- row and column of every problem; no cell values (they may be personal data)
      errors jsonb not null default '[]',
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      finished_at timestamptz,
      primary key (municipality_id, id)
    )`.execute(db);
  await enableTenantIsolation(db, 'participant_import');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await disableTenantIsolation(db, 'participant_import');
  await sql`drop table participant_import`.execute(db);
  await sql`drop table job_run`.execute(db);
  for (const table of ['deletion_ledger', 'retention_rule']) {
    await disableTenantIsolation(db, table);
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}

import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Cases (Fallakten): one participant can have several over time, at most one open per programme.
// The status is not stored: it is derived from the case's data (src/cases/case.rules.ts), as Primero does.
// Every child table references its case through (municipality_id, case_id) and carries participant_id,
// so that rights requests (Art. 15 export, deletion) find every row of a person by one column.
//
// Code lists are frozen here as they were when this migration was written; src/cases/case.schema.ts is
// the living definition and a test keeps both in step.
const OUTCOMES = [
  'training_dual',
  'training_school',
  'entry_qualification',
  'employment_insured',
  'employment_marginal',
  'school_certificate',
  'language_certificate',
  'handover_kim',
  'handover_regular',
  'dropout',
  'moved_away',
  'departure',
  'status_change',
  'other',
];
const CHANNELS = ['in_person', 'phone', 'video', 'message', 'outreach', 'home_visit'];
const SERVICES = ['jobcenter', 'employment_agency', 'bamf_course', 'berufskolleg', 'counselling', 'other'];
const REFERRAL_OUTCOMES = ['pending', 'accepted', 'started', 'completed', 'rejected', 'no_show', 'cancelled'];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

async function childTable(db: Kysely<unknown>, table: string, columns: ReturnType<typeof sql>): Promise<void> {
  await sql`
    create table ${sql.table(table)} (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      case_id uuid not null,
      participant_id uuid not null,
      ${columns},
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      primary key (municipality_id, id),
      foreign key (municipality_id, case_id) references participant_case (municipality_id, id) on delete cascade,
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index ${sql.raw(`${table}_of_case`)} on ${sql.table(table)} (municipality_id, case_id)`.execute(db);
  await sql`create index ${sql.raw(`${table}_of_participant`)} on ${sql.table(table)} (municipality_id, participant_id)`.execute(
    db,
  );
  await enableTenantIsolation(db, table);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table participant_case (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      -- the programme the case runs under, e.g. "diaa" (Durchstarten in Ausbildung und Arbeit)
      programme text not null check (programme ~ '^[a-z0-9_]{2,40}$'),
      -- the team responsible (participation managers see their teams' cases)
      team_id uuid,
      opened_on date not null,
      -- the first interview (Erstgespräch)
      intake_on date,
      intake_notes text check (length(intake_notes) <= 20000),
      -- strands the person is meant for (FB1…FB6)
      strands text[] not null default '{}',
      -- the documented justification when the person is admitted as an exception (e.g. age)
      exception_justification text check (length(exception_justification) <= 4000),
      -- the last eligibility decision, kept so that a lost eligibility can be flagged on the caseload
      eligibility_decision text check (eligibility_decision in ('eligible', 'not_eligible', 'eligible_by_exception')),
      eligibility_reasons jsonb not null default '[]',
      eligibility_checked_at timestamptz,
      eligibility_lost_at timestamptz,
      exited_on date,
      exit_outcome text check (exit_outcome in (${list(OUTCOMES)})),
      exit_notes text check (length(exit_notes) <= 4000),
      -- follow-up 6 months after exit (NRW labour-market practice)
      follow_up_due_on date,
      followed_up_on date,
      follow_up_outcome text check (follow_up_outcome in (${list(OUTCOMES)})),
      follow_up_notes text check (length(follow_up_notes) <= 4000),
      restricted boolean not null default false,
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade,
      foreign key (municipality_id, team_id) references team (municipality_id, id),
      constraint exit_complete check ((exited_on is null) = (exit_outcome is null)),
      constraint exit_after_opening check (exited_on is null or exited_on >= opened_on),
      constraint follow_up_after_exit check (followed_up_on is null or (exited_on is not null and followed_up_on >= exited_on))
    )`.execute(db);
  // One open case per participant and programme, enforced by the database.
  await sql`create unique index participant_case_one_open on participant_case (municipality_id, participant_id, programme)
              where exited_on is null`.execute(db);
  await sql`create index participant_case_of_participant on participant_case (municipality_id, participant_id)`.execute(
    db,
  );
  await sql`create index participant_case_follow_up on participant_case (municipality_id, follow_up_due_on)
              where followed_up_on is null and follow_up_due_on is not null`.execute(db);
  await enableTenantIsolation(db, 'participant_case');

  // Assignment of participation managers and coaches, with history (ended_at set when replaced).
  await childTable(
    db,
    'case_assignment',
    sql`user_id uuid not null references app_user (id),
        role text not null check (role in ('participation_manager', 'coach')),
        started_at timestamptz not null default now(),
        ended_at timestamptz,
        constraint assignment_ordered check (ended_at is null or ended_at >= started_at)`,
  );
  await sql`create unique index case_assignment_current on case_assignment (municipality_id, case_id, role)
              where ended_at is null`.execute(db);
  await sql`create index case_assignment_current_user on case_assignment (municipality_id, user_id)
              where ended_at is null`.execute(db);

  // Needs assessment: structured answers per area (language, schooling, vocational, health, childcare,
  // housing, legal status, finances) as validated JSON, plus notes. Several over time; the latest counts.
  await childTable(
    db,
    'case_assessment',
    sql`assessed_on date not null,
        areas jsonb not null,
        notes text check (length(notes) <= 20000)`,
  );

  await childTable(
    db,
    'case_goal',
    sql`title text not null check (length(title) between 1 and 300),
        area text check (length(area) <= 40),
        due_on date,
        status text not null default 'open' check (status in ('open', 'achieved', 'dropped'))`,
  );

  await childTable(
    db,
    'case_step',
    sql`goal_id uuid not null,
        title text not null check (length(title) between 1 and 300),
        owner_user_id uuid references app_user (id),
        due_on date,
        status text not null default 'open' check (status in ('open', 'done', 'cancelled')),
        done_on date,
        foreign key (municipality_id, goal_id) references case_goal (municipality_id, id) on delete cascade`,
  );
  await sql`create index case_step_due on case_step (municipality_id, owner_user_id, due_on) where status = 'open'`.execute(
    db,
  );

  // Contacts log; coaching sessions of FB1 are contacts with coaching = true.
  await childTable(
    db,
    'case_contact',
    sql`occurred_at timestamptz not null,
        duration_minutes integer check (duration_minutes between 0 and 1440),
        channel text not null check (channel in (${list(CHANNELS)})),
        topic text not null check (length(topic) between 1 and 300),
        attendees text check (length(attendees) <= 1000),
        coaching boolean not null default false,
        notes text check (length(notes) <= 20000)`,
  );

  await childTable(
    db,
    'case_referral',
    sql`service text not null check (service in (${list(SERVICES)})),
        referred_on date not null,
        description text check (length(description) <= 2000),
        outcome text not null default 'pending' check (outcome in (${list(REFERRAL_OUTCOMES)})),
        outcome_on date,
        outcome_notes text check (length(outcome_notes) <= 2000)`,
  );

  await childTable(
    db,
    'case_conference',
    sql`held_on date not null,
        attendees text not null check (length(attendees) between 1 and 2000),
        findings text check (length(findings) <= 20000),
        agreements text check (length(agreements) <= 20000)`,
  );

  // Documents are stored in the database (not on one instance's disk), so that every app instance and
  // every backup has them.
  await childTable(
    db,
    'case_document',
    sql`title text not null check (length(title) between 1 and 200),
        kind text not null check (kind in ('consent', 'certificate', 'residence_document', 'cv', 'letter', 'other')),
        file_name text not null check (length(file_name) between 1 and 255),
        content_type text not null check (length(content_type) between 3 and 127),
        size_bytes integer not null check (size_bytes between 0 and 10485760),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        content bytea not null`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'case_document',
    'case_conference',
    'case_referral',
    'case_contact',
    'case_step',
    'case_goal',
    'case_assessment',
    'case_assignment',
    'participant_case',
  ]) {
    await disableTenantIsolation(db, table);
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}

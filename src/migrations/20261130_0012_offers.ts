import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// The offer catalogue (Maßnahmen/Angebote of the providers), enrolments of participants in offers, the
// measure-career alerts derived from them, and the quality review (anonymous participant feedback, quality
// dialogues with providers). Offers are tenant data: each municipality keeps its alliance's catalogue, with
// municipality_id leading every key; providers (organisations of kind 'provider') are shared reference data.
//
// Code lists are frozen here as they were when this migration was written; src/offers/offer.codes.ts is the
// living definition and a test keeps both in step.
const STRANDS = ['FB1', 'FB2', 'FB3', 'FB4'];
const OFFER_TYPES = [
  'coaching',
  'job_language_support',
  'job_qualification',
  'school_certificate_course',
  'preparation_course',
  'youth_integration_course',
  'integration_course',
  'literacy_course',
  'job_language_course',
  'entry_qualification',
  'vocational_preparation',
  'berufskolleg_class',
  'training_dual',
  'training_school',
  'helper_training',
  'other',
];
const OFFER_STATUSES = ['planned', 'open', 'running', 'ended'];
const ENROLMENT_STATUSES = ['waiting', 'active', 'completed', 'dropped_out', 'not_started'];
const DROPOUT_REASONS = [
  'work',
  'training',
  'moved_away',
  'health',
  'family',
  'overload',
  'motivation',
  'residence',
  'unknown',
  'other',
];
const CEFR = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];
const SCHOOL = ['none', 'esa', 'eesa', 'msa', 'fhr', 'ahr', 'foreign_other'];
const CAREER_RULES = [
  'no_progress',
  'repeated_same_level',
  'repeated_dropouts',
  'gap_after_measure',
  'long_without_qualification',
];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

const TENANT_TABLES = [
  'offer',
  'enrolment',
  'career_rule_setting',
  'measure_career_alert',
  'feedback_invitation',
  'feedback_response',
  'quality_dialogue',
  'quality_action',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  // Contact persons of a provider (Träger). Provider organisations serve several municipalities, so the
  // contacts belong to the provider, not to a tenant.
  await sql`
    create table provider_contact (
      id uuid primary key default gen_random_uuid(),
      provider_id uuid not null references organisation (id),
      name text not null check (length(name) between 1 and 200),
      role text check (length(role) <= 120),
      email text check (length(email) <= 254),
      phone text check (length(phone) <= 60),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index provider_contact_of_provider on provider_contact (provider_id)`.execute(db);

  await sql`
    create table offer (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      provider_id uuid not null references organisation (id),
      title text not null check (length(title) between 1 and 200),
      type text not null check (type in (${list(OFFER_TYPES)})),
      -- the funding strand, or null for an offer of the regular system (BAMF course, EQ, Ausbildung …)
      strand text check (strand in (${list(STRANDS)})),
      description text check (length(description) <= 4000),
      -- where it takes place: a city district (Stadtbezirk) or a town of the district
      place text not null check (length(place) between 1 and 120),
      starts_on date,
      ends_on date,
      weekly_hours numeric(4, 1) check (weekly_hours between 0 and 60),
      teaching_units integer check (teaching_units between 0 and 5000),
      -- seats; null = not limited by the catalogue (e.g. a regular-system offer)
      capacity integer check (capacity between 0 and 10000),
      entry_level text check (entry_level in (${list(CEFR)})),
      entry_requirements text check (length(entry_requirements) <= 1000),
      target_level text check (target_level in (${list(CEFR)})),
      target_qualification text check (target_qualification in (${list(SCHOOL)})),
      leads_to_vocational_qualification boolean not null default false,
      -- ISO 639 codes of the languages support is given in
      support_languages text[] not null default '{}',
      childcare boolean not null default false,
      accessible boolean not null default false,
      accessibility_notes text check (length(accessibility_notes) <= 1000),
      cost_cents bigint check (cost_cents between 0 and 100000000000),
      cost_notes text check (length(cost_notes) <= 1000),
      status text not null default 'planned' check (status in (${list(OFFER_STATUSES)})),
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      constraint offer_ordered check (ends_on is null or starts_on is null or ends_on >= starts_on)
    )`.execute(db);
  await sql`create index offer_of_provider on offer (municipality_id, provider_id)`.execute(db);
  await sql`create index offer_by_type on offer (municipality_id, type, status)`.execute(db);

  await sql`
    create table enrolment (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      offer_id uuid not null,
      -- the case the referral was made from, if any
      case_id uuid,
      referred_on date not null,
      starts_on date,
      ends_on date,
      status text not null check (status in (${list(ENROLMENT_STATUSES)})),
      dropout_reason text check (dropout_reason in (${list(DROPOUT_REASONS)})),
      dropout_notes text check (length(dropout_notes) <= 2000),
      -- attendance: sessions or hours present; confirmed by the provider (no participant signature needed)
      sessions_planned integer check (sessions_planned between 0 and 5000),
      sessions_attended integer check (sessions_attended between 0 and 5000),
      hours_attended numeric(6, 1) check (hours_attended between 0 and 10000),
      attendance_confirmed_by uuid references app_user (id),
      attendance_confirmed_on date,
      -- results
      certificate boolean not null default false,
      exam_result text check (exam_result in ('passed', 'failed')),
      cefr_level_reached text check (cefr_level_reached in (${list(CEFR)})),
      school_qualification_reached text check (school_qualification_reached in (${list(SCHOOL)})),
      vocational_qualification_reached boolean not null default false,
      next_step text check (length(next_step) <= 1000),
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade,
      foreign key (municipality_id, offer_id) references offer (municipality_id, id),
      foreign key (municipality_id, case_id) references participant_case (municipality_id, id) on delete set null (case_id),
      constraint enrolment_ordered check (ends_on is null or starts_on is null or ends_on >= starts_on),
      constraint enrolment_started check (status in ('waiting', 'not_started') or starts_on is not null),
      constraint enrolment_dropout_reason check ((status = 'dropped_out') = (dropout_reason is not null)),
      constraint enrolment_attendance check (sessions_attended is null or sessions_planned is null
                                             or sessions_attended <= sessions_planned)
    )`.execute(db);
  // The detector reads a person's history in order; capacity counts the active enrolments of an offer.
  await sql`create index enrolment_of_participant on enrolment (municipality_id, participant_id, starts_on)`.execute(
    db,
  );
  await sql`create index enrolment_of_offer on enrolment (municipality_id, offer_id, status)`.execute(db);
  await sql`create index enrolment_of_case on enrolment (municipality_id, case_id)`.execute(db);
  await sql`create unique index enrolment_one_current on enrolment (municipality_id, participant_id, offer_id)
              where status in ('waiting', 'active')`.execute(db);

  // Capacity, enforced by the database as well as by the service: the offer row is locked, so that
  // concurrent enrolments are serialised, and the active enrolments may never exceed its seats.
  await sql`
    create function enrolment_within_capacity() returns trigger language plpgsql as $$
    declare
      seats integer;
      taken integer;
    begin
      if new.status <> 'active' then
        return new;
      end if;
      if tg_op = 'UPDATE' and old.status = 'active' and old.offer_id = new.offer_id then
        return new;
      end if;
      select capacity into seats from offer
        where municipality_id = new.municipality_id and id = new.offer_id for update;
      if seats is null then
        return new;
      end if;
      select count(*) into taken from enrolment
        where municipality_id = new.municipality_id and offer_id = new.offer_id and status = 'active' and id <> new.id;
      if taken + 1 > seats then
        raise exception 'offer % is full (% of % seats taken)', new.offer_id, taken, seats
          using errcode = 'check_violation', constraint = 'enrolment_within_capacity';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger enrolment_within_capacity before insert or update of status, offer_id on enrolment
              for each row execute function enrolment_within_capacity()`.execute(db);
  await sql`
    create function offer_capacity_holds() returns trigger language plpgsql as $$
    declare
      taken integer;
    begin
      if new.capacity is null or new.capacity >= coalesce(old.capacity, 2147483647) then
        return new;
      end if;
      select count(*) into taken from enrolment
        where municipality_id = new.municipality_id and offer_id = new.id and status = 'active';
      if taken > new.capacity then
        raise exception 'offer % has % active enrolments, more than % seats', new.id, taken, new.capacity
          using errcode = 'check_violation', constraint = 'offer_capacity_holds';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger offer_capacity_holds before update of capacity on offer
              for each row execute function offer_capacity_holds()`.execute(db);

  // The municipality's thresholds of the measure-career rules (defaults in code, docs/measure-careers.md).
  await sql`
    create table career_rule_setting (
      municipality_id uuid not null references organisation (id),
      settings jsonb not null,
      version integer not null default 1,
      updated_by uuid references app_user (id),
      updated_at timestamptz not null default now(),
      primary key (municipality_id)
    )`.execute(db);

  // An alert is identified by the person, the rule and the enrolment that starts the pattern (its anchor):
  // a later run that sees the same pattern updates it; a dismissed alert stays dismissed.
  await sql`
    create table measure_career_alert (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      rule text not null check (rule in (${list(CAREER_RULES)})),
      anchor_enrolment_id uuid not null,
      enrolment_ids uuid[] not null check (cardinality(enrolment_ids) between 1 and 1000),
      details jsonb not null default '{}',
      status text not null default 'open' check (status in ('open', 'acknowledged', 'dismissed', 'resolved')),
      detected_at timestamptz not null default now(),
      resolved_at timestamptz,
      handled_by uuid references app_user (id),
      handled_at timestamptz,
      plan text check (length(plan) <= 4000),
      dismissal_reason text check (length(dismissal_reason) <= 2000),
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, participant_id, rule, anchor_enrolment_id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade,
      constraint alert_acknowledged check (status <> 'acknowledged' or plan is not null),
      constraint alert_dismissed check (status <> 'dismissed' or dismissal_reason is not null)
    )`.execute(db);
  await sql`create index measure_career_alert_open on measure_career_alert (municipality_id, status, rule)`.execute(db);

  // Feedback at the end of an enrolment, through a one-time link (QR code) without an account. The
  // invitation knows the enrolment; the response does not (answers are anonymous to the provider), and
  // it keeps only the month, so that it cannot be matched to an invitation by time.
  await sql`
    create table feedback_invitation (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      enrolment_id uuid not null,
      -- sha-256 of the link's secret; the secret itself is shown once
      token_hash bytea not null unique,
      language text not null check (language ~ '^[a-z]{2,3}$'),
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (municipality_id, id),
      foreign key (municipality_id, enrolment_id) references enrolment (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index feedback_invitation_of_enrolment on feedback_invitation (municipality_id, enrolment_id)`.execute(
    db,
  );
  await sql`
    create table feedback_response (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      offer_id uuid not null,
      survey_version integer not null check (survey_version between 1 and 1000),
      language text not null check (language ~ '^[a-z]{2,3}$'),
      answers jsonb not null,
      -- the first day of the month it was given in (no exact time)
      given_in date not null check (extract(day from given_in) = 1),
      primary key (municipality_id, id),
      foreign key (municipality_id, offer_id) references offer (municipality_id, id)
    )`.execute(db);
  await sql`create index feedback_response_of_offer on feedback_response (municipality_id, offer_id)`.execute(db);

  await sql`
    create table quality_dialogue (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      provider_id uuid not null references organisation (id),
      offer_id uuid,
      held_on date not null,
      attendees text not null check (length(attendees) between 1 and 2000),
      findings text check (length(findings) <= 20000),
      follow_up_on date,
      follow_up_notes text check (length(follow_up_notes) <= 20000),
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, offer_id) references offer (municipality_id, id)
    )`.execute(db);
  await sql`create index quality_dialogue_of_provider on quality_dialogue (municipality_id, provider_id, held_on)`.execute(
    db,
  );
  await sql`create index quality_dialogue_of_offer on quality_dialogue (municipality_id, offer_id)`.execute(db);
  await sql`
    create table quality_action (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      dialogue_id uuid not null,
      action text not null check (length(action) between 1 and 1000),
      owner text not null check (length(owner) between 1 and 200),
      due_on date,
      status text not null default 'open' check (status in ('open', 'done', 'dropped')),
      done_on date,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, dialogue_id) references quality_dialogue (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index quality_action_of_dialogue on quality_action (municipality_id, dialogue_id)`.execute(db);

  for (const table of TENANT_TABLES) await enableTenantIsolation(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...TENANT_TABLES].reverse()) await disableTenantIsolation(db, table);
  await sql`drop table quality_action, quality_dialogue, feedback_response, feedback_invitation,
              measure_career_alert, career_rule_setting`.execute(db);
  await sql`drop trigger offer_capacity_holds on offer`.execute(db);
  await sql`drop trigger enrolment_within_capacity on enrolment`.execute(db);
  await sql`drop table enrolment`.execute(db);
  await sql`drop function enrolment_within_capacity(), offer_capacity_holds()`.execute(db);
  await sql`drop table offer, provider_contact`.execute(db);
}

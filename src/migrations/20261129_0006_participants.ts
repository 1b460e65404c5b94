import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Participants (Teilnehmende) and what is recorded about them. Social data (§35 SGB I): every table is
// tenant data with municipality_id leading its keys and row-level security. Child records reference
// their participant through (municipality_id, participant_id), so a row can never point into another tenant.
//
// Code lists are frozen here as they were when this migration was written (a migration is a snapshot);
// the Zod schemas in src/participants/participant.schema.ts are the living definition and a test keeps
// both in step.
const GENDERS = ['female', 'male', 'diverse', 'not_stated'];
const PRECISIONS = ['day', 'month', 'year'];
const STATUSES = [
  'asylum_permit',
  'toleration_60a',
  'toleration_60b',
  'toleration_60c',
  'toleration_60d',
  'chances_104c',
  'residence_25a',
  'residence_25b',
  'training_16g',
  'temporary_protection_24',
  'other',
];
const CEFR = ['A0', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];
const QUALIFICATIONS = ['none', 'esa', 'eesa', 'msa', 'fhr', 'ahr', 'foreign_other'];
const ACCOMMODATION = ['private', 'shared_flat', 'municipal_shelter', 'state_reception_facility', 'other', 'unknown'];
const WORK = ['permitted', 'permitted_with_approval', 'banned', 'unknown'];

function list(values: string[]) {
  return sql.join(values.map((value) => sql.lit(value)));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  // Pseudonymous numbers are issued per municipality without gaps caused by rolled-back transactions
  // mattering: a counter row per municipality, incremented in the creating transaction.
  await sql`
    create table participant_number_counter (
      municipality_id uuid not null references organisation (id),
      last_value integer not null default 0 check (last_value >= 0),
      primary key (municipality_id)
    )`.execute(db);
  await enableTenantIsolation(db, 'participant_number_counter');

  await sql`
    create table participant (
      municipality_id uuid not null references organisation (id),
      id uuid not null default gen_random_uuid(),
      -- pseudonymous number shown instead of the name wherever the name is not needed (e.g. "TN-000123")
      number text not null check (number ~ '^TN-[0-9]{6,}$'),
      -- the id of the record in the system it was imported from (import is idempotent by it)
      external_id text check (length(external_id) between 1 and 100),
      family_name text not null check (length(family_name) between 1 and 200),
      given_names text not null check (length(given_names) between 0 and 200),
      -- the names in their original script (Arabic, Cyrillic, …) as written in documents
      family_name_original text check (length(family_name_original) between 1 and 200),
      given_names_original text check (length(given_names_original) between 1 and 200),
      -- normalised search keys of every name variant (transliteration folding), for search and duplicate checks
      name_keys text[] not null default '{}',
      birth_date date,
      -- refugees often know only the year or month of birth: the date is then the first day of it
      birth_date_precision text check (birth_date_precision in (${list(PRECISIONS)})),
      gender text not null default 'not_stated' check (gender in (${list(GENDERS)})),
      countries_of_origin text[] not null default '{}',
      nationalities text[] not null default '{}',
      phone text check (length(phone) <= 40),
      email text check (length(email) <= 254),
      street text check (length(street) <= 200),
      postcode text check (postcode ~ '^[0-9]{5}$'),
      city text check (length(city) <= 120),
      city_district text check (length(city_district) <= 120),
      accommodation text not null default 'unknown' check (accommodation in (${list(ACCOMMODATION)})),
      work_permission text not null default 'unknown' check (work_permission in (${list(WORK)})),
      benefits text[] not null default '{}',
      -- exclusions of the programme: classed as a dangerous or serious offender (set by authorised staff)
      excluded_offender boolean not null default false,
      vocational_experience text check (length(vocational_experience) <= 4000),
      -- "anvertraut": only the assigned staff may see the record
      restricted boolean not null default false,
      -- blocked (gesperrt, Art. 18 GDPR): kept, but not processed further; only reads for rights and audits
      blocked_at timestamptz,
      blocked_reason text check (length(blocked_reason) <= 1000),
      -- merged into another record (duplicate); the record stays for its history
      merged_into_id uuid,
      anonymised_at timestamptz,
      is_demo boolean not null default false,
      created_by uuid references app_user (id),
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, number),
      constraint birth_date_has_precision check ((birth_date is null) = (birth_date_precision is null)),
      constraint blocked_has_reason check (blocked_at is null or blocked_reason is not null),
      foreign key (municipality_id, merged_into_id) references participant (municipality_id, id)
    )`.execute(db);
  await sql`create unique index participant_external_id on participant (municipality_id, external_id)
              where external_id is not null`.execute(db);
  await sql`create index participant_name_keys on participant using gin (name_keys)`.execute(db);
  await sql`create index participant_birth_date on participant (municipality_id, birth_date)`.execute(db);
  await sql`create index participant_family_name on participant (municipality_id, lower(family_name), id)`.execute(db);
  await enableTenantIsolation(db, 'participant');

  // The history of residence statuses: one row per status with its validity; never overwritten.
  await sql`
    create table participant_residence_status (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      status text not null check (status in (${list(STATUSES)})),
      -- the legal paragraph as written on the document, e.g. "§ 60a Abs. 2 S. 1 AufenthG"
      legal_paragraph text check (length(legal_paragraph) <= 120),
      valid_from date not null,
      valid_to date,
      document_expiry date,
      notes text check (length(notes) <= 2000),
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade,
      constraint validity_ordered check (valid_to is null or valid_to >= valid_from)
    )`.execute(db);
  await sql`create index participant_residence_status_of on participant_residence_status
              (municipality_id, participant_id, valid_from)`.execute(db);
  await enableTenantIsolation(db, 'participant_residence_status');

  await sql`
    create table participant_language (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      -- ISO 639 code (e.g. "de", "ar", "prs")
      language text not null check (language ~ '^[a-z]{2,3}$'),
      level text not null check (level in (${list(CEFR)})),
      evidence_date date,
      -- certificate, placement test, self-assessment, …
      evidence text check (length(evidence) <= 200),
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index participant_language_of on participant_language (municipality_id, participant_id)`.execute(db);
  await enableTenantIsolation(db, 'participant_language');

  await sql`
    create table participant_schooling (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      -- ISO 3166-1 alpha-2
      country text check (country ~ '^[A-Z]{2}$'),
      years integer check (years between 0 and 20),
      qualification text not null check (qualification in (${list(QUALIFICATIONS)})),
      recognised boolean not null default false,
      notes text check (length(notes) <= 2000),
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index participant_schooling_of on participant_schooling (municipality_id, participant_id)`.execute(
    db,
  );
  await enableTenantIsolation(db, 'participant_schooling');

  // Consents: purpose, scope, when given, when revoked, and the signed document (a case document).
  await sql`
    create table participant_consent (
      municipality_id uuid not null,
      id uuid not null default gen_random_uuid(),
      participant_id uuid not null,
      purpose text not null check (purpose in ('case_management', 'data_sharing_providers', 'data_sharing_authorities', 'follow_up_contact', 'photo_documents', 'other')),
      scope text not null check (length(scope) between 1 and 2000),
      given_on date not null,
      revoked_on date,
      document_id uuid,
      created_by uuid references app_user (id),
      created_at timestamptz not null default now(),
      version integer not null default 1,
      primary key (municipality_id, id),
      foreign key (municipality_id, participant_id) references participant (municipality_id, id) on delete cascade,
      constraint revocation_after_consent check (revoked_on is null or revoked_on >= given_on)
    )`.execute(db);
  await sql`create index participant_consent_of on participant_consent (municipality_id, participant_id)`.execute(db);
  await enableTenantIsolation(db, 'participant_consent');

  // Eligibility configuration per municipality (admitted statuses, age limits, …), overriding the
  // programme defaults in code; null = the defaults.
  await sql`
    create table municipality_policy (
      municipality_id uuid not null references organisation (id),
      eligibility jsonb,
      version integer not null default 1,
      updated_at timestamptz not null default now(),
      primary key (municipality_id)
    )`.execute(db);
  await enableTenantIsolation(db, 'municipality_policy');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'municipality_policy',
    'participant_consent',
    'participant_schooling',
    'participant_language',
    'participant_residence_status',
    'participant',
    'participant_number_counter',
  ]) {
    await disableTenantIsolation(db, table);
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}

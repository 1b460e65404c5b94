import { sql, type Kysely } from 'kysely';
import { disableTenantIsolation, enableTenantIsolation } from '../platform/db/rls.ts';

// Accounts, sessions and login throttling. Accounts are not tenant data (a provider's staff work for
// several municipalities), so these tables have no row-level security; the application role gets
// plain DML through the default privileges of the first migration. team_member is tenant data.
//
// The role list is frozen here as it was when this migration was written: a new role needs a new
// migration that replaces the check (the accounts integration test fails until it exists).
const ROLES = [
  'system_admin',
  'ministry_analyst',
  'grant_officer',
  'municipal_admin',
  'managing_office',
  'participation_manager',
  'coach',
  'provider_staff',
  'alliance_member',
  'advisor',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table app_user (
      id uuid primary key default gen_random_uuid(),
      organisation_id uuid not null references organisation (id),
      email text not null check (length(email) between 3 and 254 and email = btrim(email) and email like '%_@_%'),
      display_name text not null check (length(display_name) between 1 and 120),
      -- argon2id PHC string; null until the invited person has set a password
      password_hash text,
      password_changed_at timestamptz,
      -- initial passwords chosen by an administrator must be replaced at the first login
      password_change_required boolean not null default false,
      status text not null default 'invited' check (status in ('invited', 'active', 'disabled')),
      -- TOTP seed, AES-256-GCM-encrypted with the application key (src/platform/secrets.ts)
      totp_secret_encrypted text,
      totp_enabled_at timestamptz,
      -- the last RFC 6238 time step accepted: a code is accepted once only
      totp_last_used_step bigint,
      -- a seed being enrolled (shown as QR code), until confirmed with a code
      totp_pending_secret_encrypted text,
      totp_pending_created_at timestamptz,
      is_demo boolean not null default false,
      version integer not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint active_has_password check (status <> 'active' or password_hash is not null),
      constraint totp_enabled_has_secret check ((totp_enabled_at is null) = (totp_secret_encrypted is null))
    )`.execute(db);
  await sql`create unique index app_user_email_key on app_user (lower(email))`.execute(db);
  await sql`create index app_user_organisation on app_user (organisation_id)`.execute(db);

  await sql`
    create table user_role (
      user_id uuid not null references app_user (id) on delete cascade,
      role text not null check (role in (${sql.join(ROLES.map((role) => sql.lit(role)))})),
      created_at timestamptz not null default now(),
      primary key (user_id, role)
    )`.execute(db);

  // One-time recovery codes: 120 random bits each, so a plain SHA-256 is an adequate hash (ASVS 6.5.2).
  await sql`
    create table user_recovery_code (
      user_id uuid not null references app_user (id) on delete cascade,
      code_hash text not null check (code_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    )`.execute(db);

  await sql`
    create table user_invitation (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id) on delete cascade,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_by uuid references app_user (id) on delete set null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      check (expires_at > created_at)
    )`.execute(db);
  await sql`create index user_invitation_user on user_invitation (user_id)`.execute(db);

  await sql`
    create table user_session (
      id uuid primary key default gen_random_uuid(),
      -- SHA-256 of the cookie's token; the token itself is never stored
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      -- absolute end of the session (10 h after the login)
      expires_at timestamptz not null,
      ip text check (length(ip) <= 64),
      user_agent text check (length(user_agent) <= 300),
      mfa_verified_at timestamptz,
      reauthenticated_at timestamptz,
      revoked_at timestamptz,
      revoked_reason text check (revoked_reason in (
        'logout', 'logout_everywhere', 'rotated', 'password_changed', 'account_disabled', 'revoked_by_user',
        'second_factor_reset', 'revoked_by_admin')),
      active_municipality_id uuid references organisation (id),
      check ((revoked_at is null) = (revoked_reason is null))
    )`.execute(db);
  await sql`create index user_session_user on user_session (user_id) where revoked_at is null`.execute(db);

  // Login attempts, shared by every app instance. key = SHA-256 of the IP address or the lower-cased e-mail.
  await sql`
    create table login_attempt (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('ip', 'account')),
      key text not null check (key ~ '^[0-9a-f]{64}$'),
      at timestamptz not null,
      success boolean not null
    )`.execute(db);
  await sql`create index login_attempt_key on login_attempt (kind, key, at desc)`.execute(db);
  await sql`create index login_attempt_at on login_attempt (at)`.execute(db);

  await sql`
    create table team_member (
      municipality_id uuid not null,
      team_id uuid not null,
      user_id uuid not null references app_user (id) on delete cascade,
      created_at timestamptz not null default now(),
      primary key (municipality_id, team_id, user_id),
      foreign key (municipality_id, team_id) references team (municipality_id, id) on delete cascade
    )`.execute(db);
  await sql`create index team_member_user on team_member (municipality_id, user_id)`.execute(db);
  await enableTenantIsolation(db, 'team_member');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await disableTenantIsolation(db, 'team_member');
  await sql`drop table team_member`.execute(db);
  await sql`drop table login_attempt`.execute(db);
  await sql`drop table user_session`.execute(db);
  await sql`drop table user_invitation`.execute(db);
  await sql`drop table user_recovery_code`.execute(db);
  await sql`drop table user_role`.execute(db);
  await sql`drop table app_user`.execute(db);
}

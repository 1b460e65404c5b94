// Sessions (stored by the SHA-256 of their token) and login attempts.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import { TENANT_SETTING } from '../platform/db/rls.ts';
import type { LoginAttemptKind, SessionRevokedReason, UserSessionTable } from './session.table.ts';
import { municipalityIdsOf, rolesOf, type UserRow } from './user.repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

export type SessionRow = Selectable<UserSessionTable>;

export interface NewSession {
  tokenHash: string;
  userId: string;
  now: Date;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  mfaVerifiedAt: Date | null;
  reauthenticatedAt: Date | null;
}

export async function insertSession(db: Db, values: NewSession): Promise<string> {
  const row = await db
    .insertInto('user_session')
    .values({
      token_hash: values.tokenHash,
      user_id: values.userId,
      created_at: values.now,
      last_seen_at: values.now,
      expires_at: values.expiresAt,
      ip: values.ip?.slice(0, 64) ?? null,
      user_agent: values.userAgent?.slice(0, 300) ?? null,
      mfa_verified_at: values.mfaVerifiedAt,
      reauthenticated_at: values.reauthenticatedAt,
      revoked_at: null,
      revoked_reason: null,
      active_municipality_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSessionByTokenHash(db: Db, tokenHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('user_session').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** A session with everything a request's actor is made of, read in one statement (see findSessionWithActor). */
export interface SessionWithActorFacts {
  session: SessionRow;
  user: UserRow;
  /** The municipality the session acts in: the one chosen in the session while the account still works for it, else the account's first. */
  activeMunicipalityId: string | null;
  /** The account's teams in that municipality. */
  teamIds: string[];
}

type SessionActorRow = UserRow & {
  session_id: string;
  session_token_hash: string;
  session_created_at: Date;
  session_last_seen_at: Date;
  session_expires_at: Date;
  session_ip: string | null;
  session_user_agent: string | null;
  session_mfa_verified_at: Date | null;
  session_reauthenticated_at: Date | null;
  session_revoked_at: Date | null;
  session_revoked_reason: SessionRevokedReason | null;
  session_active_municipality_id: string | null;
  active_municipality: string | null;
  tenant_setting: string;
  team_ids: string[];
};

/**
 * The session of a token with its account, the account's organisation facts, roles, municipalities, the active
 * municipality and the account's teams there — in ONE statement, so that authenticating a request costs one round
 * trip (it ran on every request as three: session, account, and the teams in a tenant transaction of their own).
 * Nothing is cached across requests: revocation, expiry, idle timeout, a disabled account or a changed role take
 * effect on the very next request, on every instance.
 *
 * team_member is tenant data under row-level security, so the statement sets the tenant itself: the inner query
 * computes the active municipality and calls set_config(tenant, …, is_local = true); the team subquery takes its
 * municipality from set_config's RESULT, so it cannot run before the setting is made (a data dependency, not an
 * assumption about evaluation order), and OFFSET 0 keeps the planner from merging the two levels. is_local = true
 * outside a transaction block scopes the setting to this statement's implicit transaction: it is gone when the
 * statement ends, so a pooled connection carries no tenant into the next request. Should the setting ever not be
 * visible to the subquery, row-level security would hide the rows and the actor would get fewer teams (less access),
 * never another tenant's. That is also why this must run on the pool, never inside a transaction (where the setting
 * would outlive the statement): it refuses a transaction.
 */
export async function findSessionWithActor(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<SessionWithActorFacts | undefined> {
  if (db.isTransaction)
    throw new Error('findSessionWithActor sets the tenant for its statement only: call it outside a transaction');
  const result = await sql<SessionActorRow>`
    select x.*,
           coalesce((select array_agg(tm.team_id order by tm.team_id) from team_member tm
                      where tm.municipality_id = nullif(x.tenant_setting, '')::uuid and tm.user_id = x.id), '{}') as team_ids
      from (select u.*,
                   o.kind as organisation_kind,
                   o.name as organisation_name,
                   ${rolesOf} as roles,
                   m.ids as municipality_ids,
                   a.active as active_municipality,
                   s.id as session_id,
                   s.token_hash as session_token_hash,
                   s.created_at as session_created_at,
                   s.last_seen_at as session_last_seen_at,
                   s.expires_at as session_expires_at,
                   s.ip as session_ip,
                   s.user_agent as session_user_agent,
                   s.mfa_verified_at as session_mfa_verified_at,
                   s.reauthenticated_at as session_reauthenticated_at,
                   s.revoked_at as session_revoked_at,
                   s.revoked_reason as session_revoked_reason,
                   s.active_municipality_id as session_active_municipality_id,
                   set_config(${TENANT_SETTING}, coalesce(a.active::text, ''), true) as tenant_setting
              from user_session s
              join app_user u on u.id = s.user_id
              join organisation o on o.id = u.organisation_id
              cross join lateral (select ${municipalityIdsOf} as ids) m
              cross join lateral (
                select case when s.active_municipality_id = any(m.ids) then s.active_municipality_id
                            else m.ids[1] end as active) a
             where s.token_hash = ${tokenHash}
            offset 0) x`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const {
    session_id,
    session_token_hash,
    session_created_at,
    session_last_seen_at,
    session_expires_at,
    session_ip,
    session_user_agent,
    session_mfa_verified_at,
    session_reauthenticated_at,
    session_revoked_at,
    session_revoked_reason,
    session_active_municipality_id,
    active_municipality,
    tenant_setting: _tenantSetting,
    team_ids,
    ...user
  } = row;
  return {
    session: {
      id: session_id,
      token_hash: session_token_hash,
      user_id: user.id,
      created_at: session_created_at,
      last_seen_at: session_last_seen_at,
      expires_at: session_expires_at,
      ip: session_ip,
      user_agent: session_user_agent,
      mfa_verified_at: session_mfa_verified_at,
      reauthenticated_at: session_reauthenticated_at,
      revoked_at: session_revoked_at,
      revoked_reason: session_revoked_reason,
      active_municipality_id: session_active_municipality_id,
    },
    user,
    activeMunicipalityId: active_municipality,
    teamIds: team_ids,
  };
}

export type SessionChanges = Partial<
  Pick<
    UserSessionTable,
    'token_hash' | 'last_seen_at' | 'mfa_verified_at' | 'reauthenticated_at' | 'active_municipality_id'
  >
>;

/** Changes a live session; false when it was revoked in the meantime. */
export async function updateSession(db: Db, id: string, changes: SessionChanges): Promise<boolean> {
  const result = await db
    .updateTable('user_session')
    .set(changes)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Writes last_seen_at unless a concurrent request already moved it forward. */
export async function touchSession(db: Db, id: string, now: Date): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: now })
    .where('id', '=', id)
    .where('last_seen_at', '<', now)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSession(db: Db, id: string, reason: SessionRevokedReason, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('user_session')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Ends every live session of a user, except `keepId`; returns how many were ended. */
export async function revokeSessionsOfUser(
  db: Db,
  userId: string,
  reason: SessionRevokedReason,
  now: Date,
  keepId?: string,
): Promise<number> {
  let query = db
    .updateTable('user_session')
    .set({ revoked_at: now, revoked_reason: reason })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepId) query = query.where('id', '<>', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findLiveSessionOfUser(db: Db, id: string, userId: string): Promise<SessionRow | undefined> {
  return db
    .selectFrom('user_session')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Sessions not revoked and not past their absolute end; the caller filters idle ones by the clock. */
export async function listLiveSessions(db: Db, userId: string, now: Date): Promise<SessionRow[]> {
  return db
    .selectFrom('user_session')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

// --- login attempts ---------------------------------------------------------------------------

/** Serialises throttle checks for these keys across all instances until the transaction ends. */
export async function lockThrottleKeys(db: Transaction<Database>, keys: readonly string[]): Promise<void> {
  for (const key of [...keys].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`login:${key}`}, 0))`.execute(db);
  }
}

export interface FailureCount {
  count: number;
  lastAt: Date | null;
}

/**
 * Failures of a key after `since`; with `afterLastSuccess`, only those after the key's latest
 * success.
 */
export async function countFailures(
  db: Db,
  kind: LoginAttemptKind,
  key: string,
  since: Date,
  afterLastSuccess: boolean,
): Promise<FailureCount> {
  const lastSuccess = afterLastSuccess
    ? sql`and a.at > coalesce((select max(s.at) from login_attempt s
            where s.kind = ${kind} and s.key = ${key} and s.success and s.at >= ${since}), '-infinity')`
    : sql``;
  const result = await sql<{ count: number; last_at: Date | null }>`
    select count(*)::int as count, max(a.at) as last_at from login_attempt a
    where a.kind = ${kind} and a.key = ${key} and not a.success and a.at >= ${since} ${lastSuccess}`.execute(db);
  const row = result.rows[0];
  return { count: row?.count ?? 0, lastAt: row?.last_at ?? null };
}

/** Records attempts as failures first; a success is marked afterwards (see auth.service.ts). */
export async function insertAttempts(
  db: Db,
  attempts: readonly { kind: LoginAttemptKind; key: string }[],
  at: Date,
): Promise<number[]> {
  const rows = await db
    .insertInto('login_attempt')
    .values(attempts.map((attempt) => ({ ...attempt, at, success: false })))
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function markAttemptsSucceeded(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('login_attempt')
    .set({ success: true })
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteAttempts(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('login_attempt')
    .where('id', 'in', [...ids])
    .execute();
}

export async function deleteAttemptsBefore(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('login_attempt').where('at', '<', before).execute();
}

// Sessions (stored by the SHA-256 of their token) and login attempts.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../database.ts';
import type { LoginAttemptKind, SessionRevokedReason, UserSessionTable } from './session.table.ts';

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

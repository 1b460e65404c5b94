// SQL of the hourly purge of short-lived operational records (none of them tenant data).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';

function affected(result: { numAffectedRows?: bigint }): number {
  return Number(result.numAffectedRows ?? 0n);
}

/** Sessions ended (logged out, rotated, expired, or idle) before `endedBefore`, given the idle timeout. */
export async function deleteEndedSessions(
  db: Kysely<Database>,
  endedBefore: Date,
  idleTimeoutMs: number,
): Promise<number> {
  const idleBefore = new Date(endedBefore.getTime() - idleTimeoutMs);
  return affected(
    await sql`delete from user_session
               where revoked_at < ${endedBefore} or expires_at < ${endedBefore} or last_seen_at < ${idleBefore}`.execute(
      db,
    ),
  );
}

/** Invitations used, or expired, before `before`. */
export async function deleteSpentInvitations(db: Kysely<Database>, before: Date): Promise<number> {
  return affected(
    await sql`delete from user_invitation where used_at < ${before} or expires_at < ${before}`.execute(db),
  );
}

export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now: Date): Promise<number> {
  return affected(await sql`delete from idempotency_key where expires_at <= ${now}`.execute(db));
}

export async function deleteLoginAttemptsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  return affected(await sql`delete from login_attempt where at < ${before}`.execute(db));
}

/** Finished job runs before `before` (the record of the scheduler, not evidence: the ledger is). */
export async function deleteJobRunsBefore(db: Kysely<Database>, before: Date): Promise<number> {
  return affected(await sql`delete from job_run where status <> 'running' and slot < ${before}`.execute(db));
}

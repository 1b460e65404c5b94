// The hourly purge: short-lived records of staff and of the platform are deleted once their purpose is over
// (storage limitation, Art. 5(1)(e) GDPR). Participant data are never touched here: the retention job does that.
//   sessions          a day after they ended (logged out, rotated, expired or idle): long enough to answer
//                     "was I signed in yesterday evening?", no longer
//   invitations       a day after they were used or expired
//   idempotency keys  when they expire (24 h after the request)
//   login attempts    after two days (throttling looks back 24 hours)
//   job runs          after 90 days
import type { Kysely } from 'kysely';
import { IDLE_TIMEOUT_MS } from '../accounts/session.rules.ts';
import type { Database } from '../database.ts';
import {
  deleteEndedSessions,
  deleteExpiredIdempotencyKeys,
  deleteJobRunsBefore,
  deleteLoginAttemptsBefore,
  deleteSpentInvitations,
} from './purge.repository.ts';

const DAY_MS = 24 * 60 * 60_000;
export const PURGE_PERIODS = {
  endedSessionsMs: DAY_MS,
  spentInvitationsMs: DAY_MS,
  loginAttemptsMs: 2 * DAY_MS,
  jobRunsMs: 90 * DAY_MS,
} as const;

export interface PurgeReport extends Record<string, unknown> {
  sessions: number;
  invitations: number;
  idempotencyKeys: number;
  loginAttempts: number;
  jobRuns: number;
}

export async function runPurge(db: Kysely<Database>, now: Date): Promise<PurgeReport> {
  const ago = (ms: number) => new Date(now.getTime() - ms);
  return {
    sessions: await deleteEndedSessions(db, ago(PURGE_PERIODS.endedSessionsMs), IDLE_TIMEOUT_MS),
    invitations: await deleteSpentInvitations(db, ago(PURGE_PERIODS.spentInvitationsMs)),
    idempotencyKeys: await deleteExpiredIdempotencyKeys(db, now),
    loginAttempts: await deleteLoginAttemptsBefore(db, ago(PURGE_PERIODS.loginAttemptsMs)),
    jobRuns: await deleteJobRunsBefore(db, ago(PURGE_PERIODS.jobRunsMs)),
  };
}

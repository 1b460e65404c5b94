import type { Transaction } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';

/** What changed: one person's enrolments in one municipality (the detector re-evaluates that person). */
export interface EnrolmentChange {
  municipalityId: string;
  participantId: string;
  /** The user who made the change; null for system work (e.g. a job). */
  actor: Actor | null;
}

/**
 * Called inside the transaction after every enrolment write (create, update, status change, promotion from
 * the waiting list), so that what depends on a person's enrolments (the measure-career detector) commits or
 * rolls back with them.
 */
export type OnEnrolmentChanged = (trx: Transaction<Database>, change: EnrolmentChange) => Promise<void>;

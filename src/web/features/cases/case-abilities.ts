// What the signed-in user can do on a case, so that the page shows only forms that can work. Hints for the
// interface only: the server decides every request (access rules, and which parts an exited case accepts).
// Pure: no I/O.
import type { Me } from '../../../accounts/profile.schema.ts';
import type { Case } from '../../../cases/case.schema.ts';
import { can } from '../../lib/permissions.ts';

export interface CaseAbilities {
  /** Some role of the user may change cases at all. */
  update: boolean;
  /** Intake, assessment, plan, contacts, referrals, conferences: not after the exit. */
  work: boolean;
  /** Documents: also after the exit. */
  documents: boolean;
  exit: boolean;
  followUp: boolean;
  /** Assignments are managed by participation managers, until the follow-up is done. */
  assign: boolean;
}

export function caseAbilities(record: Case, me: Pick<Me, 'roles' | 'permissions'>): CaseAbilities {
  const update = can(me, 'update', 'case');
  // A blocked or merged person's record is read-only, whatever the state of the case.
  const personWritable = !record.participant.blocked && record.participant.mergedIntoId === null;
  const open = record.exit === null;
  const followedUp = record.followUp?.followedUpOn != null;
  const mayWrite = update && personWritable;
  return {
    update,
    work: mayWrite && open && record.writable,
    documents: mayWrite,
    exit: mayWrite && open,
    followUp: mayWrite && !open && !followedUp,
    assign: mayWrite && !followedUp && me.roles.includes('participation_manager'),
  };
}

/** What every part of the case page gets: the case, what the user may do, and a way to reload after a 412. */
export interface SectionProps {
  record: Case;
  abilities: CaseAbilities;
  /** Loads the case again (after a 412); resolves with the current version. */
  onReload: () => Promise<{ data?: Case }>;
  reloading: boolean;
}

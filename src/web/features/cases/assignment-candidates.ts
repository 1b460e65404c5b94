// Whom a participation manager can pick when changing an assignment or choosing the owner of a step. The API
// (GET /api/v1/cases/:id/assignable-users) lists the accounts an assignment accepts; these functions turn its
// answer into the options of the pickers. Pure: no I/O.
import type { Me } from '../../../accounts/profile.schema.ts';
import type { AssignableUser, Case } from '../../../cases/case.schema.ts';

export interface Candidate {
  userId: string;
  displayName: string;
  /** Known for accounts from the list of assignable users; null for people known only from the case. */
  organisationName: string | null;
  isMe: boolean;
}

function byMeThenName(a: Candidate, b: Candidate): number {
  return Number(b.isMe) - Number(a.isMe) || a.displayName.localeCompare(b.displayName, 'de', { sensitivity: 'base' });
}

function fromAssignable(user: AssignableUser, me: Pick<Me, 'id'>): Candidate {
  return {
    userId: user.id,
    displayName: user.displayName,
    organisationName: user.organisationName,
    isMe: user.id === me.id,
  };
}

/** Everyone who may take the role over: the assignable accounts except the current holder; the user first. */
export function assignmentCandidates(users: readonly AssignableUser[], me: Pick<Me, 'id'>): Candidate[] {
  return users
    .filter((user) => !user.currentlyAssigned)
    .map((user) => fromAssignable(user, me))
    .sort(byMeThenName);
}

/**
 * The people who can own a step: the user, those assigned to the case now, and (for participation managers,
 * who may list them) every account that may hold a role on the case.
 */
export function stepOwnerCandidates(
  record: Pick<Case, 'assignments'>,
  me: Pick<Me, 'id' | 'displayName'>,
  assignable: readonly AssignableUser[] = [],
): Candidate[] {
  const byId = new Map<string, Candidate>([
    [me.id, { userId: me.id, displayName: me.displayName, organisationName: null, isMe: true }],
  ]);
  for (const user of assignable) {
    const known = byId.get(user.id);
    byId.set(user.id, { ...fromAssignable(user, me), ...(known ? { displayName: known.displayName } : {}) });
  }
  for (const assignment of record.assignments.current) {
    if (!byId.has(assignment.userId)) {
      byId.set(assignment.userId, {
        userId: assignment.userId,
        displayName: assignment.displayName,
        organisationName: null,
        isMe: false,
      });
    }
  }
  return [...byId.values()].sort(byMeThenName);
}

/** The label of a candidate in a picker: the name, "(me)" for the user, and the organisation when known. */
export function candidateLabel(candidate: Candidate, meLabel: (name: string) => string): string {
  const name = candidate.isMe ? meLabel(candidate.displayName) : candidate.displayName;
  return candidate.organisationName ? `${name} – ${candidate.organisationName}` : name;
}

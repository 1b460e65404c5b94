// Which participants an actor reaches, as data a query can filter by. `authorize` decides for one record
// (its Target facts); lists must show exactly the records `authorize` would allow, so the reach is derived
// from the same permission table and the same facts: municipality, assigned users, teams, enrolments, and
// the restricted flag ("anvertraut": only assigned staff, whatever the role's scope).
import { permissions, type Action, type Actor, type Target } from '../access/access.rules.ts';

export interface ParticipantReach {
  /** The tenant the records belong to. */
  municipalityId: string;
  userId: string;
  /** Every record of the municipality (scope municipality or all). */
  wholeMunicipality: boolean;
  /** Records with a current assignment of the actor on one of their cases (scope own). */
  assigned: boolean;
  /** Records with a case of one of these teams (scope team). */
  teamIds: readonly string[];
  /** Records enrolled with this organisation (scope organisation); enrolments do not exist yet. */
  enrolledWithOrganisationId: string | null;
}

/** The reach of an actor for an action on participants in the active municipality; null = none at all. */
export function participantReach(actor: Actor, action: Action): ParticipantReach | null {
  const municipalityId = actor.activeMunicipalityId;
  if (municipalityId === null || !actor.municipalityIds.includes(municipalityId)) return null;
  const scopes = new Set(
    permissions
      .filter(
        (p) =>
          actor.roles.includes(p.role) &&
          p.resource === 'participant' &&
          (p.action === action || p.action === 'manage'),
      )
      .map((p) => p.scope),
  );
  if (scopes.size === 0) return null;
  return {
    municipalityId,
    userId: actor.userId,
    wholeMunicipality: scopes.has('municipality') || scopes.has('all'),
    assigned: scopes.has('own'),
    teamIds: scopes.has('team') ? [...actor.teamIds] : [],
    enrolledWithOrganisationId: scopes.has('organisation') ? actor.organisationId : null,
  };
}

/** The facts of one participant record that decide access (see participantTarget). */
export interface ParticipantFacts {
  municipalityId: string;
  restricted: boolean;
  assignedUserIds: readonly string[];
  teamIds: readonly string[];
  enrolledWithOrganisationIds: readonly string[];
}

export function participantTarget(facts: ParticipantFacts): Target {
  return {
    resource: 'participant',
    municipalityId: facts.municipalityId,
    restricted: facts.restricted,
    assignedUserIds: facts.assignedUserIds,
    teamIds: facts.teamIds,
    enrolledWithOrganisationIds: facts.enrolledWithOrganisationIds,
  };
}

/** Whether a record with these facts lies within the reach: the predicate the list query implements in SQL. */
export function reachCovers(reach: ParticipantReach, facts: ParticipantFacts): boolean {
  if (facts.municipalityId !== reach.municipalityId) return false;
  const assigned = facts.assignedUserIds.includes(reach.userId);
  if (facts.restricted && !assigned) return false;
  return (
    reach.wholeMunicipality ||
    (reach.assigned && assigned) ||
    facts.teamIds.some((team) => reach.teamIds.includes(team)) ||
    (reach.enrolledWithOrganisationId !== null &&
      facts.enrolledWithOrganisationIds.includes(reach.enrolledWithOrganisationId))
  );
}

// Who reaches which enrolments. One enrolment is decided by `authorize` on its Target (municipality, the staff
// assigned to the person's cases, the offer's provider as organisation, the person's restricted flag); lists
// must show exactly what `authorize` would allow, so the reach is derived from the same permission table.
import { permissions, type Action, type Actor, type Target } from '../access/access.rules.ts';

export interface EnrolmentFacts {
  municipalityId: string;
  /** Users currently assigned to a case of the person. */
  assignedUserIds: readonly string[];
  /** The provider of the offer. */
  providerId: string;
  /** The person's record is restricted ("anvertraut"): only assigned staff, whatever their role's scope. */
  restricted: boolean;
}

export function enrolmentTarget(facts: EnrolmentFacts): Target {
  return {
    resource: 'enrolment',
    municipalityId: facts.municipalityId,
    assignedUserIds: facts.assignedUserIds,
    organisationId: facts.providerId,
    restricted: facts.restricted,
  };
}

/**
 * The Target of a person's enrolments as a whole (listing them, enrolling the person): the providers the person
 * is enrolled with stand for the organisation, so that a provider reaches the people in its offers.
 */
export function participantEnrolmentsTarget(facts: {
  municipalityId: string;
  assignedUserIds: readonly string[];
  providerIds: readonly string[];
  restricted: boolean;
}): Target {
  return {
    resource: 'enrolment',
    municipalityId: facts.municipalityId,
    assignedUserIds: facts.assignedUserIds,
    enrolledWithOrganisationIds: facts.providerIds,
    restricted: facts.restricted,
  };
}

export interface EnrolmentReach {
  municipalityId: string;
  userId: string;
  wholeMunicipality: boolean;
  /** Enrolments of people the actor is assigned to (scope own). */
  assigned: boolean;
  /** Enrolments in this provider's offers (scope organisation). */
  providerId: string | null;
}

/** The reach of an actor for an action on enrolments in the active municipality; null = none at all. */
export function enrolmentReach(actor: Actor, action: Action): EnrolmentReach | null {
  const municipalityId = actor.activeMunicipalityId;
  if (municipalityId === null || !actor.municipalityIds.includes(municipalityId)) return null;
  const scopes = new Set(
    permissions
      .filter(
        (p) =>
          actor.roles.includes(p.role) && p.resource === 'enrolment' && (p.action === action || p.action === 'manage'),
      )
      .map((p) => p.scope),
  );
  if (scopes.size === 0) return null;
  return {
    municipalityId,
    userId: actor.userId,
    wholeMunicipality: scopes.has('municipality') || scopes.has('all'),
    // No enrolment grant has scope team; were one added, it would have to be listed here as well.
    assigned: scopes.has('own'),
    providerId: scopes.has('organisation') ? actor.organisationId : null,
  };
}

/** Whether an enrolment with these facts lies within the reach: the predicate the list query implements in SQL. */
export function enrolmentReachCovers(reach: EnrolmentReach, facts: EnrolmentFacts): boolean {
  if (facts.municipalityId !== reach.municipalityId) return false;
  const assigned = facts.assignedUserIds.includes(reach.userId);
  if (facts.restricted && !assigned) return false;
  return reach.wholeMunicipality || (reach.assigned && assigned) || reach.providerId === facts.providerId;
}

// Which roles fit which organisation, and who may grant them.
import type { Role } from '../access/access.rules.ts';
import type { OrganisationKind } from '../organisations/organisation.table.ts';

/**
 * Roles by the kind of organisation the account belongs to. System administrators run the system
 * and may belong to any organisation except a provider (Träger).
 */
export const rolesByOrganisationKind: Readonly<Record<OrganisationKind, readonly Role[]>> = {
  ministry: ['system_admin', 'ministry_analyst'],
  approving_authority: ['system_admin', 'grant_officer'],
  municipality: [
    'system_admin',
    'municipal_admin',
    'managing_office',
    'participation_manager',
    'coach',
    'alliance_member',
    'advisor',
  ],
  provider: ['provider_staff', 'coach'],
  alliance_member: ['system_admin', 'alliance_member', 'advisor'],
};

/** Roles a municipal administrator may grant: those of municipal staff, never system_admin. */
export const MUNICIPAL_STAFF_ROLES: readonly Role[] = rolesByOrganisationKind.municipality.filter(
  (role) => role !== 'system_admin',
);

export type RoleGrantProblem = 'no_roles' | 'not_for_organisation' | 'not_grantable';

/** Checks that `granted` fits the organisation and that the granting actor may hand out each role. */
export function roleGrantProblems(
  granted: readonly Role[],
  organisationKind: OrganisationKind,
  granterRoles: readonly Role[],
): { role: Role | null; problem: RoleGrantProblem }[] {
  if (granted.length === 0) return [{ role: null, problem: 'no_roles' }];
  const problems: { role: Role | null; problem: RoleGrantProblem }[] = [];
  const fitting = rolesByOrganisationKind[organisationKind];
  const systemAdmin = granterRoles.includes('system_admin');
  const municipalAdmin = granterRoles.includes('municipal_admin');
  for (const role of granted) {
    if (!fitting.includes(role)) problems.push({ role, problem: 'not_for_organisation' });
    else if (!systemAdmin && !(municipalAdmin && MUNICIPAL_STAFF_ROLES.includes(role))) {
      problems.push({ role, problem: 'not_grantable' });
    }
  }
  return problems;
}

// What the signed-in user's roles let them use in the administration, so that pages show only the links
// and controls that can work. Hints for the interface only: the server decides every request anyway
// (src/access/access.rules.ts). test/unit/admin-capabilities.test.ts keeps this table in step with the
// server's permission table. Pure: no I/O.
import type { Me } from '../../accounts/profile.schema.ts';

export type Role = Me['roles'][number];

/** The pages of the administration (Verwaltung), in the order of the navigation. */
export const ADMIN_PAGES = ['users', 'organisations', 'permissions', 'auditLog'] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

/** Roles that may open each page (they may at least read what it lists). */
export const ADMIN_PAGE_ROLES: Readonly<Record<AdminPage, readonly Role[]>> = {
  users: ['system_admin', 'municipal_admin'],
  organisations: [
    'system_admin',
    'ministry_analyst',
    'grant_officer',
    'municipal_admin',
    'managing_office',
    'participation_manager',
    'provider_staff',
    'advisor',
  ],
  permissions: ['system_admin', 'municipal_admin'],
  auditLog: ['system_admin', 'municipal_admin'],
};

/** Roles that may create and change organisations (everywhere). */
export const ORGANISATION_MANAGERS: readonly Role[] = ['system_admin'];

/** Roles that read the teams of every municipality. */
export const TEAM_READERS_EVERYWHERE: readonly Role[] = ['system_admin'];
/** Roles that read the teams of their own municipalities. */
export const TEAM_READERS_OWN_MUNICIPALITY: readonly Role[] = [
  'municipal_admin',
  'managing_office',
  'participation_manager',
];
/** Roles that create teams in their own municipalities. */
export const TEAM_MANAGERS_OWN_MUNICIPALITY: readonly Role[] = ['municipal_admin'];

type Person = Pick<Me, 'roles' | 'municipalities'>;

function holdsAny(roles: readonly Role[], allowed: readonly Role[]): boolean {
  return roles.some((role) => allowed.includes(role));
}

function worksFor(person: Person, municipalityId: string): boolean {
  return person.municipalities.some((municipality) => municipality.id === municipalityId);
}

export function mayOpen(roles: readonly Role[], page: AdminPage): boolean {
  return holdsAny(roles, ADMIN_PAGE_ROLES[page]);
}

/** The administration pages these roles may open, in navigation order. */
export function openablePages(roles: readonly Role[]): AdminPage[] {
  return ADMIN_PAGES.filter((page) => mayOpen(roles, page));
}

export function mayManageOrganisations(roles: readonly Role[]): boolean {
  return holdsAny(roles, ORGANISATION_MANAGERS);
}

export function mayReadTeams(person: Person, municipalityId: string): boolean {
  return (
    holdsAny(person.roles, TEAM_READERS_EVERYWHERE) ||
    (holdsAny(person.roles, TEAM_READERS_OWN_MUNICIPALITY) && worksFor(person, municipalityId))
  );
}

export function mayCreateTeams(person: Person, municipalityId: string): boolean {
  return holdsAny(person.roles, TEAM_MANAGERS_OWN_MUNICIPALITY) && worksFor(person, municipalityId);
}

/** The municipalities whose teams this person manages (shown as shortcuts on the administration page). */
export function teamMunicipalities(person: Person): Me['municipalities'] {
  return holdsAny(person.roles, TEAM_MANAGERS_OWN_MUNICIPALITY) ? person.municipalities : [];
}

// The web app's hints about what a role may use (src/web/lib/admin-capabilities.ts) must follow the
// server's permission table: a missing link hides a page the role may use, an extra one leads to a refusal.
import { describe, expect, it } from 'vitest';
import { authorize, mayEver, roles, type Actor, type Role } from '../../src/access/access.rules.ts';
import { mayCreateTeams, mayManageOrganisations, mayOpen, mayReadTeams } from '../../src/web/lib/admin-capabilities.ts';

const OWN = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a02';
const OTHER = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a03';

function actor(role: Role): Actor {
  return {
    userId: '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a10',
    organisationId: OWN,
    roles: [role],
    municipalityIds: [OWN],
    activeMunicipalityId: OWN,
    teamIds: [],
  };
}

describe.each(roles)('admin capabilities of %s follow the permission table', (role) => {
  it('opens the pages whose data the role may read', () => {
    expect(mayOpen([role], 'users')).toBe(mayEver({ roles: [role] }, 'read', 'user'));
    expect(mayOpen([role], 'organisations')).toBe(mayEver({ roles: [role] }, 'read', 'organisation'));
    expect(mayOpen([role], 'permissions')).toBe(mayEver({ roles: [role] }, 'read', 'permission'));
    expect(mayOpen([role], 'auditLog')).toBe(mayEver({ roles: [role] }, 'read', 'audit_log'));
  });

  it('offers to create and change organisations exactly when the role may', () => {
    const may =
      authorize(actor(role), 'create', { resource: 'organisation' }).allowed &&
      authorize(actor(role), 'update', { resource: 'organisation', organisationId: OTHER }).allowed;
    expect(mayManageOrganisations([role])).toBe(may);
  });

  it.each([
    ['its own', OWN],
    ['another', OTHER],
  ])('reads and creates teams of %s municipality exactly when the role may', (_which, municipalityId) => {
    const person = { roles: [role], municipalities: [{ id: OWN, name: 'Köln' }] };
    const target = { resource: 'team' as const, municipalityId };
    expect(mayReadTeams(person, municipalityId)).toBe(authorize(actor(role), 'read', target).allowed);
    expect(mayCreateTeams(person, municipalityId)).toBe(authorize(actor(role), 'create', target).allowed);
  });
});

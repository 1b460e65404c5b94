import { describe, expect, it } from 'vitest';
import { roles } from '../access/access.rules.ts';
import { MUNICIPAL_STAFF_ROLES, roleGrantProblems, rolesByOrganisationKind } from './user.rules.ts';

describe('role grants', () => {
  it('gives every role a kind of organisation', () => {
    const covered = new Set(Object.values(rolesByOrganisationKind).flat());
    expect([...covered].sort()).toEqual([...roles].sort());
  });

  it('lets a municipal administrator grant municipal staff roles, never system_admin', () => {
    expect(MUNICIPAL_STAFF_ROLES).not.toContain('system_admin');
    expect(roleGrantProblems(['coach', 'participation_manager'], 'municipality', ['municipal_admin'])).toEqual([]);
    expect(roleGrantProblems(['system_admin'], 'municipality', ['municipal_admin'])).toEqual([
      { role: 'system_admin', problem: 'not_grantable' },
    ]);
  });

  it('lets a system administrator grant every role that fits the organisation', () => {
    expect(roleGrantProblems(['system_admin', 'municipal_admin'], 'municipality', ['system_admin'])).toEqual([]);
    expect(roleGrantProblems(['provider_staff'], 'municipality', ['system_admin'])).toEqual([
      { role: 'provider_staff', problem: 'not_for_organisation' },
    ]);
    expect(roleGrantProblems(['system_admin'], 'provider', ['system_admin'])).toEqual([
      { role: 'system_admin', problem: 'not_for_organisation' },
    ]);
  });

  it('refuses an empty role list and grants by anyone else', () => {
    expect(roleGrantProblems([], 'municipality', ['system_admin'])).toEqual([{ role: null, problem: 'no_roles' }]);
    expect(roleGrantProblems(['coach'], 'municipality', ['coach'])).toEqual([
      { role: 'coach', problem: 'not_grantable' },
    ]);
  });
});

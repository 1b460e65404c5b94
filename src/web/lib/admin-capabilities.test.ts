import { describe, expect, it } from 'vitest';
import {
  mayCreateTeams,
  mayManageOrganisations,
  mayReadTeams,
  openablePages,
  teamMunicipalities,
  type Role,
} from './admin-capabilities.ts';

const KOELN = { id: '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a02', name: 'Köln' };
const BONN = '0b6f1e55-8a53-4c4c-9d38-3b1b5c1f0a03';
const person = (roles: Role[], municipalities = [KOELN]) => ({ roles, municipalities });

describe('admin capabilities', () => {
  it('opens every administration page to system administrators, in navigation order', () => {
    expect(openablePages(['system_admin'])).toEqual(['users', 'organisations', 'permissions', 'auditLog']);
  });

  it('opens only the organisation list to roles that merely read organisations', () => {
    expect(openablePages(['provider_staff'])).toEqual(['organisations']);
    expect(openablePages(['coach'])).toEqual([]);
    expect(openablePages([])).toEqual([]);
  });

  it('combines the pages of several roles', () => {
    expect(openablePages(['coach', 'municipal_admin'])).toEqual(['users', 'organisations', 'permissions', 'auditLog']);
  });

  it('lets only system administrators manage organisations', () => {
    expect(mayManageOrganisations(['system_admin'])).toBe(true);
    expect(mayManageOrganisations(['municipal_admin', 'ministry_analyst'])).toBe(false);
  });

  it('lets municipal administrators read and create teams of their own municipality only', () => {
    const admin = person(['municipal_admin']);
    expect(mayReadTeams(admin, KOELN.id)).toBe(true);
    expect(mayCreateTeams(admin, KOELN.id)).toBe(true);
    expect(mayReadTeams(admin, BONN)).toBe(false);
    expect(mayCreateTeams(admin, BONN)).toBe(false);
    expect(teamMunicipalities(admin)).toEqual([KOELN]);
  });

  it('lets system administrators read every municipality’s teams but create none', () => {
    const admin = person(['system_admin'], []);
    expect(mayReadTeams(admin, BONN)).toBe(true);
    expect(mayCreateTeams(admin, BONN)).toBe(false);
    expect(teamMunicipalities(admin)).toEqual([]);
  });
});

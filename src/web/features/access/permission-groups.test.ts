import { describe, expect, it } from 'vitest';
import type { PermissionTable } from '../../../access/access.schema.ts';
import { de } from '../../locales/de.ts';
import { en } from '../../locales/en.ts';
import { ACTIONS, groupByRole, RESOURCES, ROLES, roleSectionId, SCOPES } from './permission-groups.ts';

describe('groupByRole', () => {
  const table: PermissionTable = {
    roles: [
      { role: 'coach', requiresSecondFactor: true },
      { role: 'system_admin', requiresSecondFactor: false },
      { role: 'advisor', requiresSecondFactor: false },
    ],
    permissions: [
      { role: 'system_admin', action: 'read', resource: 'audit_log', scope: 'all' },
      { role: 'coach', action: 'update', resource: 'case', scope: 'own' },
      { role: 'coach', action: 'read', resource: 'participant', scope: 'own' },
      { role: 'coach', action: 'read', resource: 'case', scope: 'own' },
      { role: 'coach', action: 'read', resource: 'case', scope: 'own' },
      { role: 'system_admin', action: 'manage', resource: 'organisation', scope: 'all' },
      { role: 'system_admin', action: 'read', resource: 'organisation', scope: 'all' },
      { role: 'coach', action: 'read', resource: 'case', scope: 'team' },
    ],
  };

  it('keeps the roles in the table’s order, with their second-factor mark', () => {
    expect(groupByRole(table).map((group) => [group.role, group.requiresSecondFactor])).toEqual([
      ['coach', true],
      ['system_admin', false],
      ['advisor', false],
    ]);
  });

  it('joins the actions of one kind of data and reach, in a fixed order, without repeats', () => {
    const coach = groupByRole(table)[0];
    expect(coach?.rows).toEqual([
      { resource: 'participant', scope: 'own', actions: ['read'] },
      { resource: 'case', scope: 'own', actions: ['read', 'update'] },
      { resource: 'case', scope: 'team', actions: ['read'] },
    ]);
  });

  it('shows "manage" alone, since it includes every action', () => {
    expect(groupByRole(table)[1]?.rows).toEqual([
      { resource: 'organisation', scope: 'all', actions: ['manage'] },
      { resource: 'audit_log', scope: 'all', actions: ['read'] },
    ]);
  });

  it('lists a role without permissions with no rows', () => {
    expect(groupByRole(table)[2]?.rows).toEqual([]);
  });

  it('gives every role a distinct section id', () => {
    expect(new Set(ROLES.map(roleSectionId)).size).toBe(ROLES.length);
    expect(roleSectionId('audit_log' as never)).toBe('role-audit-log');
  });
});

describe('labels of the permission table', () => {
  it.each([
    ['de', de],
    ['en', en],
  ] as const)('names every role, action, kind of data and reach in %s', (_language, messages) => {
    for (const role of ROLES) expect(messages.roleNames[role], role).toBeTruthy();
    for (const action of ACTIONS) expect(messages.permissions.actions[action], action).toBeTruthy();
    for (const resource of RESOURCES) expect(messages.permissions.resources[resource], resource).toBeTruthy();
    for (const scope of SCOPES) {
      expect(messages.permissions.scopes[scope], scope).toBeTruthy();
      expect(messages.permissions.scopeTexts[scope], scope).toBeTruthy();
    }
  });

  it('has no labels for values the table does not know', () => {
    expect(Object.keys(de.permissions.actions).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(de.permissions.resources).sort()).toEqual([...RESOURCES].sort());
    expect(Object.keys(de.permissions.scopes).sort()).toEqual([...SCOPES].sort());
    expect(Object.keys(de.roleNames).sort()).toEqual([...ROLES].sort());
  });
});

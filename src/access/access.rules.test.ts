import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actions,
  authorize,
  mayAtScope,
  mayEver,
  permissions,
  resources,
  roles,
  seesParticipantData,
  type Actor,
  type Role,
} from './access.rules.ts';

const KOELN = '00000000-0000-4000-8000-000000000001';
const BONN = '00000000-0000-4000-8000-000000000002';
const PROVIDER = '00000000-0000-4000-8000-0000000000a1';

function actor(role: Role, overrides: Partial<Actor> = {}): Actor {
  return {
    userId: 'u-1',
    organisationId: KOELN,
    roles: [role],
    municipalityIds: [KOELN],
    activeMunicipalityId: KOELN,
    teamIds: ['team-1'],
    ...overrides,
  };
}

describe('authorize', () => {
  it('denies by default: an unknown combination has no permission', () => {
    expect(authorize(actor('coach'), 'delete', { resource: 'organisation' })).toMatchObject({ allowed: false });
  });

  it('keeps system administrators away from participant data', () => {
    const admin = actor('system_admin', { municipalityIds: [], activeMunicipalityId: null });
    expect(authorize(admin, 'read', { resource: 'participant', municipalityId: KOELN }).allowed).toBe(false);
    expect(authorize(admin, 'update', { resource: 'user', organisationId: BONN }).allowed).toBe(true);
  });

  it('limits municipality scope to the actor’s own municipalities', () => {
    const pm = actor('participation_manager');
    expect(authorize(pm, 'read', { resource: 'participant', municipalityId: KOELN }).allowed).toBe(true);
    expect(authorize(pm, 'read', { resource: 'participant', municipalityId: BONN }).allowed).toBe(false);
    expect(authorize(pm, 'read', { resource: 'participant' }).allowed).toBe(false);
  });

  it('gives participation managers cases of their teams only', () => {
    const pm = actor('participation_manager');
    expect(authorize(pm, 'read', { resource: 'case', municipalityId: KOELN, teamIds: ['team-1'] }).allowed).toBe(true);
    expect(authorize(pm, 'read', { resource: 'case', municipalityId: KOELN, teamIds: ['team-2'] }).allowed).toBe(false);
  });

  it('gives coaches only what is assigned to them', () => {
    const coach = actor('coach');
    expect(
      authorize(coach, 'read', { resource: 'case', municipalityId: KOELN, assignedUserIds: ['u-1'] }).allowed,
    ).toBe(true);
    expect(
      authorize(coach, 'read', { resource: 'case', municipalityId: KOELN, assignedUserIds: ['u-2'] }).allowed,
    ).toBe(false);
  });

  it('gives provider staff only participants enrolled with their organisation', () => {
    const staff = actor('provider_staff', { organisationId: PROVIDER });
    const enrolled = {
      resource: 'participant' as const,
      municipalityId: KOELN,
      enrolledWithOrganisationIds: [PROVIDER],
    };
    expect(authorize(staff, 'read', enrolled).allowed).toBe(true);
    expect(authorize(staff, 'read', { ...enrolled, enrolledWithOrganisationIds: [] }).allowed).toBe(false);
    expect(authorize(staff, 'update', enrolled).allowed).toBe(false);
  });

  it('lets only assigned staff see a restricted ("anvertraut") record, whatever their scope', () => {
    const pm = actor('participation_manager');
    const restricted = { resource: 'case' as const, municipalityId: KOELN, teamIds: ['team-1'], restricted: true };
    expect(authorize(pm, 'read', { ...restricted, assignedUserIds: ['u-2'] })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining('restricted'),
    });
    expect(authorize(pm, 'read', { ...restricted, assignedUserIds: ['u-1'] }).allowed).toBe(true);
  });

  it('treats manage as every action within its scope', () => {
    const admin = actor('municipal_admin');
    for (const action of actions) {
      expect(authorize(admin, action, { resource: 'user', municipalityId: KOELN }).allowed).toBe(true);
      expect(authorize(admin, action, { resource: 'user', municipalityId: BONN }).allowed).toBe(false);
    }
  });

  it('names the permission that allowed a decision', () => {
    const decision = authorize(actor('municipal_admin'), 'read', { resource: 'audit_log', municipalityId: KOELN });
    expect(decision.permission).toEqual({
      role: 'municipal_admin',
      action: 'read',
      resource: 'audit_log',
      scope: 'municipality',
    });
  });

  it('never allows without a permission row of one of the actor’s roles (property)', () => {
    const ids = [KOELN, BONN, PROVIDER, 'u-1', 'u-2', 'team-1', 'team-2'];
    const someIds = fc.array(fc.constantFrom(...ids), { maxLength: 3 });
    fc.assert(
      fc.property(
        fc.subarray([...roles]),
        fc.constantFrom(...actions),
        fc.constantFrom(...resources),
        fc.record({
          municipalityId: fc.option(fc.constantFrom(KOELN, BONN), { nil: undefined }),
          organisationId: fc.option(fc.constantFrom(KOELN, PROVIDER), { nil: undefined }),
          assignedUserIds: someIds,
          teamIds: someIds,
          enrolledWithOrganisationIds: someIds,
          restricted: fc.boolean(),
        }),
        (actorRoles, action, resource, facts) => {
          const who = actor('coach', { roles: actorRoles });
          const decision = authorize(who, action, { resource, ...facts });
          if (decision.allowed) {
            expect(decision.permission && actorRoles.includes(decision.permission.role)).toBe(true);
            expect(mayEver(who, action, resource)).toBe(true);
            if (facts.restricted) expect(facts.assignedUserIds).toContain('u-1');
          }
        },
      ),
    );
  });
});

describe('the permission table', () => {
  it('has no duplicate rows', () => {
    const keys = permissions.map((p) => `${p.role}:${p.action}:${p.resource}:${p.scope}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('requires a second factor exactly for the roles that reach participant or case data', () => {
    expect(roles.filter(seesParticipantData).sort()).toEqual(['coach', 'participation_manager', 'provider_staff']);
  });

  it('gives cross-tenant roles no tenant-bound personal data', () => {
    const personal = permissions.filter((p) => p.resource === 'participant' || p.resource === 'case');
    expect(personal.some((p) => p.scope === 'all')).toBe(false);
  });
});

describe('mayAtScope', () => {
  it('answers for exactly the scope asked, with manage implying every action', () => {
    const officer = { roles: ['grant_officer'] as const };
    const provider = { roles: ['provider_staff'] as const };
    expect(mayAtScope(officer, 'update', 'payment', 'all')).toBe(true);
    expect(mayAtScope(officer, 'delete', 'grant', 'all')).toBe(true); // manage
    expect(mayAtScope(officer, 'create', 'payment', 'all')).toBe(false);
    expect(mayAtScope(officer, 'read', 'payment', 'municipality')).toBe(false);
    expect(mayAtScope(provider, 'read', 'forwarding', 'organisation')).toBe(true);
    expect(mayAtScope(provider, 'read', 'forwarding', 'all')).toBe(false);
  });
});

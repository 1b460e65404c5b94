// Who may be picked for a role on a case: exactly the accounts an assignment accepts (active, holding the role,
// of the case's municipality, and for coaches also of providers serving it), sorted by name, names only.
// Only participation managers with update access to the case may ask; other tenants learn nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../test/helpers/accounts.ts';
import {
  auditOf,
  caseBody,
  eligibleParticipant,
  fieldsOf,
  problem,
  setUpCaseWorld,
  type CaseWorld,
} from './case-test-setup.ts';

let world: CaseWorld;

interface Item {
  id: string;
  displayName: string;
  organisationName: string;
  role: string;
  currentlyAssigned: boolean;
}

let provider: string;
let ids: Record<string, string>;

async function rename(userId: string, name: string) {
  await world.db.updateTable('app_user').set({ display_name: name }).where('id', '=', userId).execute();
}

beforeAll(async () => {
  world = await setUpCaseWorld();
  provider = await createOrganisation(world.db, 'provider', 'Bildungsträger Rhein gGmbH');
  const unrelated = await createOrganisation(world.db, 'provider', 'Träger anderswo');
  await world.db
    .insertInto('provider_municipality')
    .values({ provider_id: provider, served_municipality_id: world.municipality })
    .execute();
  const user = (organisationId: string, roles: Parameters<typeof createUser>[1]['roles'], status?: 'disabled') =>
    createUser(world.db, { organisationId, roles, ...(status ? { status } : {}) });
  ids = {
    providerCoach: (await user(provider, ['coach'])).id,
    // A provider's participation manager cannot hold that role on a municipality's case.
    providerManager: (await user(provider, ['participation_manager'])).id,
    farCoach: (await user(unrelated, ['coach'])).id,
    disabledCoach: (await user(world.municipality, ['coach'], 'disabled')).id,
    disabledManager: (await user(world.municipality, ['participation_manager'], 'disabled')).id,
    admin: (await user(world.municipality, ['municipal_admin'])).id,
    both: (await user(world.municipality, ['participation_manager', 'coach'])).id,
    foreignCoach: (await user(world.otherMunicipality, ['coach'])).id,
  };
  const names: [string, string][] = [
    [world.manager.user.id, 'Paula Planer'],
    [world.otherManager.user.id, 'Ömer Aydın'],
    [world.coach.user.id, 'Zoe Wolf'],
    [world.otherCoach.user.id, 'anna Becker'],
    [ids.providerCoach ?? '', 'Özlem Yılmaz'],
    [ids.both ?? '', 'Bernd Beide'],
  ];
  for (const [id, name] of names) await rename(id, name);
});

afterAll(async () => world?.close());

async function openCase() {
  const person = await eligibleParticipant(world);
  const response = await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world));
  expect(response.statusCode).toBe(201);
  return { person, caseId: (response.json() as { id: string }).id };
}

function candidatesUrl(caseId: string, role: string) {
  return `/api/v1/cases/${caseId}/assignable-users?role=${role}`;
}

describe('assignable users', () => {
  it('lists the active staff of the municipality holding the role, and serving providers’ coaches, by name', async () => {
    const { person, caseId } = await openCase();
    expect(
      (
        await world.manager.browser.post(`/api/v1/cases/${caseId}/assignments`, {
          role: 'coach',
          userId: ids.providerCoach,
        })
      ).statusCode,
    ).toBe(201);

    const managers = await world.manager.browser.get(candidatesUrl(caseId, 'participation_manager'));
    expect(managers.statusCode).toBe(200);
    const managerList = managers.json() as { items: Item[]; truncated: boolean };
    expect(managerList.truncated).toBe(false);
    // Sorted the German way (Ö with O), not by code points; the manager who opened the case holds the role.
    expect(managerList.items.map((item) => [item.displayName, item.currentlyAssigned])).toEqual([
      ['Bernd Beide', false],
      ['Ömer Aydın', false],
      ['Paula Planer', true],
    ]);
    expect(managerList.items.every((item) => item.role === 'participation_manager')).toBe(true);

    const coaches = (await world.manager.browser.get(candidatesUrl(caseId, 'coach'))).json() as {
      items: Item[];
    };
    expect(coaches.items.map((item) => [item.displayName, item.currentlyAssigned])).toEqual([
      ['anna Becker', false],
      ['Bernd Beide', false],
      ['Özlem Yılmaz', true],
      ['Zoe Wolf', false],
    ]);
    const fromProvider = coaches.items.find((item) => item.id === ids.providerCoach);
    expect(fromProvider).toEqual({
      id: ids.providerCoach,
      displayName: 'Özlem Yılmaz',
      organisationName: 'Bildungsträger Rhein gGmbH',
      role: 'coach',
      currentlyAssigned: true,
    });
    // Names and organisations only: nothing about the participant, no e-mail addresses.
    expect(Object.keys(fromProvider ?? {}).sort()).toEqual([
      'currentlyAssigned',
      'displayName',
      'id',
      'organisationName',
      'role',
    ]);
    const listed = new Set([...managerList.items, ...coaches.items].map((item) => item.id));
    for (const excluded of [
      'providerManager',
      'farCoach',
      'disabledCoach',
      'disabledManager',
      'admin',
      'foreignCoach',
    ]) {
      expect(listed.has(ids[excluded] ?? ''), excluded).toBe(false);
    }
    expect(listed.has(world.foreignManager.user.id)).toBe(false);

    // Everyone listed is accepted by the assignment itself.
    const other = coaches.items.find((item) => !item.currentlyAssigned);
    const assigned = await world.manager.browser.post(`/api/v1/cases/${caseId}/assignments`, {
      role: 'coach',
      userId: other?.id,
    });
    expect(assigned.statusCode).toBe(201);

    // One audited read of the case per request, with the role and the count, never names.
    const reads = (await auditOf(world, person.id)).filter(
      (entry) => entry.action === 'read' && entry.details.part === 'assignable_users',
    );
    expect(reads.map((entry) => [entry.resource_type, entry.outcome, entry.details.role, entry.details.count])).toEqual(
      [
        ['case', 'success', 'participation_manager', 3],
        ['case', 'success', 'coach', 4],
      ],
    );
    expect(reads.every((entry) => entry.actor_user_id === world.manager.user.id)).toBe(true);
  });

  it('is refused to coaches (404 when not assigned, 403 when assigned) and to other municipalities (404)', async () => {
    const { person, caseId } = await openCase();
    const notAssigned = await world.coach.browser.get(candidatesUrl(caseId, 'coach'));
    expect(notAssigned.statusCode).toBe(404);
    expect(
      (
        await world.manager.browser.post(`/api/v1/cases/${caseId}/assignments`, {
          role: 'coach',
          userId: world.coach.user.id,
        })
      ).statusCode,
    ).toBe(201);
    const assigned = await world.coach.browser.get(candidatesUrl(caseId, 'coach'));
    expect(assigned.statusCode).toBe(403);
    expect(problem(assigned).code).toBe('forbidden');

    const foreign = await world.foreignManager.browser.get(candidatesUrl(caseId, 'participation_manager'));
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Paula');
    const unknown = await world.manager.browser.get(candidatesUrl('00000000-0000-4000-8000-000000000000', 'coach'));
    expect(unknown.statusCode).toBe(404);

    // The coach's refusals are audited on the case; for the other municipality the case does not exist at all.
    const denied = (await auditOf(world, person.id)).filter((entry) => entry.outcome === 'denied');
    expect(denied.map((entry) => [entry.actor_user_id, entry.action])).toEqual([
      [world.coach.user.id, 'update'],
      [world.coach.user.id, 'update'],
    ]);
  });

  it('answers bad input with 400 and the field', async () => {
    const { caseId } = await openCase();
    for (const query of ['role=boss', 'role=', '', 'role=coach&limit=5', 'role=coach&role=participation_manager']) {
      const response = await world.manager.browser.get(`/api/v1/cases/${caseId}/assignable-users?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(problem(response).code, query).toBe('validation_failed');
      expect(fieldsOf(response).length, query).toBeGreaterThan(0);
    }
    expect(fieldsOf(await world.manager.browser.get(candidatesUrl(caseId, 'boss')))).toEqual(['role']);
    expect(fieldsOf(await world.manager.browser.get(`/api/v1/cases/${caseId}/assignable-users`))).toEqual(['role']);
    const badId = await world.manager.browser.get(candidatesUrl('not-a-uuid', 'coach'));
    expect(badId.statusCode).toBe(400);
    expect(fieldsOf(badId)).toEqual(['id']);
  });
});

// Who sees and changes which case: coaches only their assigned cases, participation managers their teams'
// cases, restricted cases only the assigned staff, other municipalities nothing (404, never a leak);
// assignments with their history; blocked participants read-only.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createUser } from '../../test/helpers/accounts.ts';
import { withTenant } from '../platform/db/rls.ts';
import {
  adminCount,
  adminRows,
  auditOf,
  caseBody,
  eligibleParticipant,
  fieldsOf,
  setUpCaseWorld,
  signIn,
  withVersion,
  type CaseWorld,
  type Staff,
} from './case-test-setup.ts';

let world: CaseWorld;

beforeAll(async () => {
  world = await setUpCaseWorld();
});

afterAll(async () => world?.close());

interface CaseView {
  id: string;
  version: number;
  assignments: {
    current: { id: string; role: string; userId: string }[];
    history: { id: string; role: string; userId: string; endedAt: string | null }[];
  };
}

async function openCase(overrides: Record<string, unknown> = {}, participant?: { id: string }) {
  const person = participant ?? (await eligibleParticipant(world));
  const response = await world.manager.browser.post(
    `/api/v1/participants/${person.id}/cases`,
    caseBody(world, overrides),
  );
  expect(response.statusCode).toBe(201);
  return { person, created: response.json() as CaseView };
}

async function assign(caseId: string, role: string, userId: string, by: Staff = world.manager) {
  return by.browser.post(`/api/v1/cases/${caseId}/assignments`, { role, userId });
}

describe('coaches', () => {
  it('see and work on the cases assigned to them only', async () => {
    const { person, created } = await openCase();
    const url = `/api/v1/cases/${created.id}`;
    const { coach } = world;
    expect((await coach.browser.get(url)).statusCode).toBe(404);
    expect(
      (
        await coach.browser.post(`${url}/contacts`, {
          occurredAt: '2026-11-28T10:00:00Z',
          channel: 'phone',
          topic: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect((await coach.browser.get(`/api/v1/participants/${person.id}/cases`)).statusCode).toBe(404);
    expect(((await coach.browser.get('/api/v1/caseload')).json() as { items: unknown[] }).items).toEqual([]);

    expect((await assign(created.id, 'coach', coach.user.id)).statusCode).toBe(201);
    expect((await coach.browser.get(url)).statusCode).toBe(200);
    const contact = await coach.browser.post(`${url}/contacts`, {
      occurredAt: '2026-11-28T10:00:00Z',
      channel: 'phone',
      topic: 'Coaching am Telefon',
      coaching: true,
    });
    expect(contact.statusCode).toBe(201);
    const list = (await coach.browser.get(`/api/v1/participants/${person.id}/cases`)).json() as {
      items: { id: string }[];
    };
    expect(list.items.map((c) => c.id)).toEqual([created.id]);
    const caseload = (await coach.browser.get('/api/v1/caseload')).json() as { items: { caseId: string }[] };
    expect(caseload.items.map((item) => item.caseId)).toEqual([created.id]);
    // A coach works on the case but does not hand it around, nor open cases.
    expect((await assign(created.id, 'coach', world.otherCoach.user.id, coach)).statusCode).toBe(403);
    expect((await coach.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world))).statusCode).toBe(403);
    expect((await coach.browser.get('/api/v1/caseload?scope=team')).statusCode).toBe(403);
    // The other coach still sees nothing, and the refusals are in the audit log.
    expect((await world.otherCoach.browser.get(url)).statusCode).toBe(404);
    const denied = (await auditOf(world, person.id)).filter((entry) => entry.outcome === 'denied');
    expect(denied.map((entry) => entry.actor_user_id)).toEqual(
      expect.arrayContaining([coach.user.id, world.otherCoach.user.id]),
    );
  });
});

describe('participation managers', () => {
  it("see their teams' cases, not those of other teams", async () => {
    const { created } = await openCase({ teamId: world.team });
    const url = `/api/v1/cases/${created.id}`;
    expect((await world.manager.browser.get(url)).statusCode).toBe(200);
    expect((await world.otherManager.browser.get(url)).statusCode).toBe(404);
    expect(
      (await world.otherManager.browser.request('PATCH', url, { intakeNotes: 'fremd' }, withVersion(1))).statusCode,
    ).toBe(404);
    const team = (await world.manager.browser.get('/api/v1/caseload?scope=team&limit=100')).json() as {
      items: { caseId: string }[];
    };
    expect(team.items.map((item) => item.caseId)).toContain(created.id);
    const otherTeam = (await world.otherManager.browser.get('/api/v1/caseload?scope=team&limit=100')).json() as {
      items: { caseId: string }[];
    };
    expect(otherTeam.items.map((item) => item.caseId)).not.toContain(created.id);
    // Moving the case to the other team moves it to the other managers.
    expect(
      (await world.manager.browser.request('PATCH', url, { teamId: world.otherTeam }, withVersion(1))).statusCode,
    ).toBe(200);
    expect((await world.otherManager.browser.get(url)).statusCode).toBe(200);
  });

  it('open cases for every team of the municipality and become their participation manager where they may see them', async () => {
    const own = await openCase({ teamId: world.team });
    expect(own.created.assignments.current).toEqual([
      expect.objectContaining({ role: 'participation_manager', userId: world.manager.user.id }),
    ]);
    // Handed to another team at intake: the team's managers take it over.
    const handedOver = await openCase({ teamId: world.otherTeam });
    expect(handedOver.created.assignments.current).toEqual([]);
    expect((await world.otherManager.browser.get(`/api/v1/cases/${handedOver.created.id}`)).statusCode).toBe(200);
  });
});

describe('other municipalities', () => {
  it('see nothing of a case, not even that it exists', async () => {
    const { person, created } = await openCase();
    const foreign = world.foreignManager.browser;
    const url = `/api/v1/cases/${created.id}`;
    const responses = [
      await foreign.get(url),
      await foreign.request('PATCH', url, { intakeNotes: 'x' }, withVersion(1)),
      await foreign.post(`${url}/contacts`, { occurredAt: '2026-11-28T10:00:00Z', channel: 'phone', topic: 'x' }),
      await foreign.get(`${url}/contacts`),
      await foreign.get(`${url}/documents`),
      await foreign.post(`${url}/exit`, { exitedOn: '2026-11-28', outcome: 'dropout' }, withVersion(1)),
      await foreign.get(`/api/v1/participants/${person.id}/cases`),
      await foreign.post(`/api/v1/participants/${person.id}/cases`, caseBody(world)),
      await foreign.get(`/api/v1/participants/${person.id}/timeline`),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404]);
    expect(((await foreign.get('/api/v1/caseload?scope=team')).json() as { items: unknown[] }).items).toEqual([]);
    expect(await adminCount(world, 'select count(*) as n from case_contact where case_id = $1', [created.id])).toBe(0);
  });
});

describe('restricted cases', () => {
  it('are seen only by the assigned staff, whatever their role', async () => {
    const { person, created } = await openCase({ restricted: true });
    const url = `/api/v1/cases/${created.id}`;
    // The manager who opened it is assigned; another manager of the same team is not.
    const colleague = await createUser(world.db, {
      organisationId: world.municipality,
      roles: ['participation_manager'],
      totp: true,
    });
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx
        .insertInto('team_member')
        .values({ municipality_id: world.municipality, team_id: world.team, user_id: colleague.id })
        .execute(),
    );
    const teamColleague = await signInAs(colleague);
    expect((await world.manager.browser.get(url)).statusCode).toBe(200);
    expect((await teamColleague.browser.get(url)).statusCode).toBe(404);
    const list = (await teamColleague.browser.get(`/api/v1/participants/${person.id}/cases`)).json() as {
      items: unknown[];
    };
    expect(list.items).toEqual([]);
    const teamload = (await teamColleague.browser.get('/api/v1/caseload?scope=team&limit=100')).json() as {
      items: { caseId: string }[];
    };
    expect(teamload.items.map((item) => item.caseId)).not.toContain(created.id);
    expect((await assign(created.id, 'coach', world.coach.user.id)).statusCode).toBe(201);
    expect((await world.coach.browser.get(url)).statusCode).toBe(200);
  });

  it('follow the restriction of their participant', async () => {
    const person = await eligibleParticipant(world, { restricted: true });
    // Nobody is assigned to a restricted person yet: nobody may open a case for them.
    const refused = await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world));
    expect(refused.statusCode).toBe(404);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set restricted = false where id = ${person.id}`.execute(trx),
    );
    const { created } = await openCase({}, person);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set restricted = true where id = ${person.id}`.execute(trx),
    );
    expect((await world.manager.browser.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(200);
    const colleague = await createUser(world.db, {
      organisationId: world.municipality,
      roles: ['participation_manager'],
      totp: true,
    });
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      trx
        .insertInto('team_member')
        .values({ municipality_id: world.municipality, team_id: world.team, user_id: colleague.id })
        .execute(),
    );
    expect((await (await signInAs(colleague)).browser.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(404);
  });
});

async function signInAs(user: Awaited<ReturnType<typeof createUser>>): Promise<Staff> {
  const { Browser } = await import('../../test/helpers/accounts.ts');
  const browser = new Browser(world.app, '198.51.100.7');
  const response = await browser.login(user, world.clock, user);
  expect(response.statusCode).toBe(200);
  return { user, browser };
}

describe('assignments', () => {
  it('replace the current one of a role, keep the history and move access with them', async () => {
    const { created } = await openCase();
    const url = `/api/v1/cases/${created.id}`;
    const first = await assign(created.id, 'coach', world.coach.user.id);
    expect(first.statusCode).toBe(201);
    expect((await assign(created.id, 'coach', world.coach.user.id)).statusCode).toBe(409);
    const second = await assign(created.id, 'coach', world.otherCoach.user.id);
    expect(second.statusCode).toBe(201);
    const view = (await world.manager.browser.get(url)).json() as CaseView;
    expect(view.assignments.current.map((a) => [a.role, a.userId]).sort()).toEqual(
      [
        ['coach', world.otherCoach.user.id],
        ['participation_manager', world.manager.user.id],
      ].sort(),
    );
    expect(view.assignments.history).toEqual([
      expect.objectContaining({ role: 'coach', userId: world.coach.user.id, endedAt: expect.any(String) }),
    ]);
    expect((await world.coach.browser.get(url)).statusCode).toBe(404);
    expect((await world.otherCoach.browser.get(url)).statusCode).toBe(200);

    const current = (second.json() as { id: string }).id;
    const ended = await world.manager.browser.delete(`${url}/assignments/${current}`);
    expect(ended.statusCode).toBe(204);
    expect((await world.manager.browser.delete(`${url}/assignments/${current}`)).statusCode).toBe(409);
    expect(
      (await world.manager.browser.delete(`${url}/assignments/00000000-0000-4000-8000-000000000000`)).statusCode,
    ).toBe(404);
    expect((await world.otherCoach.browser.get(url)).statusCode).toBe(404);
    const history = ((await world.manager.browser.get(url)).json() as CaseView).assignments.history;
    expect(history).toHaveLength(2);
  });

  // Found by the API fuzzer: an assignment whose start came from a clock ahead of this instance's (another
  // instance, or the database's default) could not be ended: the check ended_at >= started_at failed (500).
  it('end cleanly even when the assignment started by a clock ahead of this one', async () => {
    const { created } = await openCase();
    const assigned = await assign(created.id, 'coach', world.coach.user.id);
    expect(assigned.statusCode).toBe(201);
    const id = (assigned.json() as { id: string }).id;
    await adminRows(world, `update case_assignment set started_at = started_at + interval '5 minutes' where id = $1`, [
      id,
    ]);
    const ended = await world.manager.browser.delete(`/api/v1/cases/${created.id}/assignments/${id}`);
    expect(ended.statusCode, ended.body).toBe(204);
    expect(
      await adminCount(world, 'select count(*) as n from case_assignment where id = $1 and ended_at = started_at', [
        id,
      ]),
    ).toBe(1);
  });

  it('accept only active accounts of the municipality holding the role, and coaches of providers serving it', async () => {
    const { created } = await openCase();
    const provider = await createOrganisation(world.db, 'provider', 'Bildungsträger Rhein gGmbH');
    const unrelated = await createOrganisation(world.db, 'provider', 'Träger anderswo');
    await world.db
      .insertInto('provider_municipality')
      .values({ provider_id: provider, served_municipality_id: world.municipality })
      .execute();
    const providerCoach = await createUser(world.db, { organisationId: provider, roles: ['coach'] });
    const farCoach = await createUser(world.db, { organisationId: unrelated, roles: ['coach'] });
    const disabled = await createUser(world.db, {
      organisationId: world.municipality,
      roles: ['coach'],
      status: 'disabled',
    });
    const admin = await createUser(world.db, { organisationId: world.municipality, roles: ['municipal_admin'] });

    expect((await assign(created.id, 'coach', providerCoach.id)).statusCode).toBe(201);
    const cases = [
      [await assign(created.id, 'participation_manager', providerCoach.id), ['lacks_role', 'other_municipality']],
      [await assign(created.id, 'coach', farCoach.id), ['other_municipality']],
      [await assign(created.id, 'coach', disabled.id), ['not_active']],
      [await assign(created.id, 'coach', admin.id), ['lacks_role']],
      [await assign(created.id, 'participation_manager', world.foreignManager.user.id), ['other_municipality']],
      [await assign(created.id, 'coach', '00000000-0000-4000-8000-000000000000'), ['not_found']],
    ] as const;
    for (const [response, codes] of cases) {
      expect(response.statusCode).toBe(400);
      expect(fieldsOf(response).every((field) => field === 'userId')).toBe(true);
      expect(((response.json() as { errors: { code: string }[] }).errors ?? []).map((e) => e.code)).toEqual(codes);
    }
    expect(
      (await world.manager.browser.post(`/api/v1/cases/${created.id}/assignments`, { role: 'boss', userId: 'x' }))
        .statusCode,
    ).toBe(400);
    const view = (await world.manager.browser.get(`/api/v1/cases/${created.id}`)).json() as CaseView;
    expect(view.assignments.current.find((a) => a.role === 'coach')?.userId).toBe(providerCoach.id);
    // The provider's coach, signed in, works on the case of the municipality the provider serves.
    const signedIn = await signIn(world.app, world.clock, world.db, provider, ['coach']);
    expect((await assign(created.id, 'coach', signedIn.user.id)).statusCode).toBe(201);
    expect((await signedIn.browser.get(`/api/v1/cases/${created.id}`)).statusCode).toBe(200);
  });
});

describe('blocked and merged participants', () => {
  it('keep their cases readable but refuse every write with 409', async () => {
    const { person, created } = await openCase();
    const url = `/api/v1/cases/${created.id}`;
    const goal = (await world.manager.browser.post(`${url}/goals`, { title: 'Sprachkurs' })).json() as { id: string };
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set blocked_at = now(), blocked_reason = 'Art. 18' where id = ${person.id}`.execute(trx),
    );
    expect((await world.manager.browser.get(url)).statusCode).toBe(200);
    const writes = [
      await world.manager.browser.request('PATCH', url, { intakeNotes: 'x' }, withVersion(1)),
      await world.manager.browser.post(`${url}/contacts`, {
        occurredAt: '2026-11-28T10:00:00Z',
        channel: 'phone',
        topic: 'x',
      }),
      await world.manager.browser.request('PATCH', `${url}/goals/${goal.id}`, { status: 'achieved' }, withVersion(1)),
      await assign(created.id, 'coach', world.coach.user.id),
      await world.manager.browser.post(`${url}/exit`, { exitedOn: '2026-11-28', outcome: 'dropout' }, withVersion(1)),
    ];
    expect(writes.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 409]);
    expect(((await world.manager.browser.get(url)).json() as { writable: boolean }).writable).toBe(false);
    const other = await eligibleParticipant(world);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set blocked_at = now(), blocked_reason = 'Art. 18' where id = ${other.id}`.execute(trx),
    );
    expect(
      (await world.manager.browser.post(`/api/v1/participants/${other.id}/cases`, caseBody(world))).statusCode,
    ).toBe(409);

    // A record merged into another one is read-only too: its cases are worked on under the surviving record.
    const merged = await openCase();
    const survivor = await eligibleParticipant(world);
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`update participant set merged_into_id = ${survivor.id} where id = ${merged.person.id}`.execute(trx),
    );
    const mergedUrl = `/api/v1/cases/${merged.created.id}`;
    expect((await world.manager.browser.get(mergedUrl)).statusCode).toBe(200);
    expect((await world.manager.browser.post(`${mergedUrl}/goals`, { title: 'Ziel' })).statusCode).toBe(409);
  });
});

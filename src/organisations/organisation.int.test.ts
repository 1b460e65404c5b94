import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActions,
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { HttpServer } from '../platform/http/server.ts';

let database: TestDatabase;
let app: HttpServer;
let admin: Browser;
let adminId: string;
let municipalAdmin: Browser;
let ownMunicipality: string;
let otherMunicipality: string;
let coach: Browser;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database);
  const { db } = database.handle;
  const ministry = await createOrganisation(db, 'ministry', 'Ministerium (Test)');
  ownMunicipality = await createOrganisation(db, 'municipality', 'Testkommune Eigen');
  otherMunicipality = await createOrganisation(db, 'municipality', 'Testkommune Andere');
  const systemAdmin = await createUser(db, { organisationId: ministry, roles: ['system_admin'] });
  adminId = systemAdmin.id;
  admin = new Browser(app);
  expect((await admin.login(systemAdmin)).statusCode).toBe(200);
  municipalAdmin = new Browser(app, '203.0.113.20');
  expect(
    (await municipalAdmin.login(await createUser(db, { organisationId: ownMunicipality, roles: ['municipal_admin'] })))
      .statusCode,
  ).toBe(200);
  coach = new Browser(app, '203.0.113.30');
  expect(
    (await coach.login(await createUser(db, { organisationId: ownMunicipality, roles: ['coach'], isDemo: true })))
      .statusCode,
  ).toBe(200);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('organisations', () => {
  it('lets a system administrator create a district, a district town and a provider working for municipalities', async () => {
    const district = await admin.post('/api/v1/organisations', {
      kind: 'municipality',
      name: 'Rhein-Kreis Test',
      municipalityKind: 'district',
      officialKey: '05162000',
      allianceMember: true,
    });
    expect(district.statusCode).toBe(201);
    expect(district.headers.etag).toBe('"1"');
    const districtId = (district.json() as { id: string }).id;

    const town = await admin.post('/api/v1/organisations', {
      kind: 'municipality',
      name: 'Teststadt im Kreis',
      municipalityKind: 'district_town',
      districtId,
      budgetRecovery: true,
    });
    expect(town.statusCode).toBe(201);
    expect(town.json()).toMatchObject({ districtId, budgetRecovery: true, allianceMember: false });

    const provider = await admin.post('/api/v1/organisations', {
      kind: 'provider',
      name: 'Bildungsträger Test gGmbH',
      municipalityIds: [districtId, ownMunicipality],
    });
    expect(provider.statusCode).toBe(201);
    expect((provider.json() as { municipalityIds: string[] }).municipalityIds.sort()).toEqual(
      [districtId, ownMunicipality].sort(),
    );
    expect((await auditActions(database.adminUrl, adminId)).filter((e) => e.action === 'create')).toHaveLength(3);
  });

  it('lists every problem of an invalid organisation and creates nothing', async () => {
    const before = (await admin.get('/api/v1/organisations?limit=100')).json() as { items: unknown[] };
    const response = await admin.post('/api/v1/organisations', {
      kind: 'provider',
      name: 'Falscher Träger',
      municipalityKind: 'district',
      allianceMember: true,
      municipalityIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['allianceMember', 'municipalityIds', 'municipalityKind']);
    const townWithoutDistrict = await admin.post('/api/v1/organisations', {
      kind: 'municipality',
      name: 'Ohne Kreis',
      municipalityKind: 'district_town',
    });
    expect((townWithoutDistrict.json() as { errors: { field: string; code: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'districtId', code: 'required' }),
    ]);
    const shape = await admin.post('/api/v1/organisations', { kind: 'castle', name: '', extra: 1 });
    expect(shape.statusCode).toBe(400);
    const after = (await admin.get('/api/v1/organisations?limit=100')).json() as { items: unknown[] };
    expect(after.items).toHaveLength(before.items.length);
  });

  it('refuses a duplicate name of the same kind with 409', async () => {
    const response = await admin.post('/api/v1/organisations', {
      kind: 'municipality',
      name: 'Testkommune Eigen',
      municipalityKind: 'district_free_city',
    });
    expect(response.statusCode).toBe(409);
  });

  it('pages through the list with a cursor and filters by kind and text', async () => {
    const first = await admin.get('/api/v1/organisations?limit=2');
    const page = first.json() as { items: { name: string }[]; nextCursor: string | null };
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).not.toBeNull();
    const second = (await admin.get(`/api/v1/organisations?limit=2&cursor=${page.nextCursor}`)).json() as {
      items: { name: string }[];
    };
    expect(second.items[0]?.name.localeCompare(page.items[1]?.name ?? '')).toBeGreaterThan(0);
    const providers = (await admin.get('/api/v1/organisations?kind=provider')).json() as { items: { kind: string }[] };
    expect(providers.items.every((o) => o.kind === 'provider')).toBe(true);
    const search = (await admin.get('/api/v1/organisations?q=eigen')).json() as { items: { name: string }[] };
    expect(search.items.map((o) => o.name)).toEqual(['Testkommune Eigen']);
    expect((await admin.get('/api/v1/organisations?cursor=broken')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/organisations?limit=500')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/organisations?sort=name')).statusCode).toBe(400);
  });

  it('changes an organisation only with the current version in If-Match', async () => {
    const url = `/api/v1/organisations/${ownMunicipality}`;
    const current = await admin.get(url);
    expect(current.headers.etag).toBe('"1"');
    expect((await admin.request('PATCH', url, { allianceMember: true })).statusCode).toBe(428);
    expect((await admin.request('PATCH', url, { allianceMember: true }, { 'if-match': '"7"' })).statusCode).toBe(412);
    expect((await admin.request('PATCH', url, { allianceMember: true }, { 'if-match': 'nonsense' })).statusCode).toBe(
      400,
    );
    const changed = await admin.request('PATCH', url, { allianceMember: true }, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ allianceMember: true, version: 2 });
    expect((await admin.request('PATCH', url, { allianceMember: false }, { 'if-match': '"1"' })).statusCode).toBe(412);
  });

  it('answers 404 for an unknown organisation and 400 for a malformed id', async () => {
    expect((await admin.get('/api/v1/organisations/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await admin.get('/api/v1/organisations/not-a-uuid')).statusCode).toBe(400);
  });

  it('keeps creation to system administrators and reading to roles with a task', async () => {
    const attempt = await municipalAdmin.post('/api/v1/organisations', {
      kind: 'provider',
      name: 'Eigenmächtiger Träger',
    });
    expect(attempt.statusCode).toBe(403);
    expect((await municipalAdmin.get('/api/v1/organisations')).statusCode).toBe(200);
    expect((await coach.get('/api/v1/organisations')).statusCode).toBe(403);
    expect((await new Browser(app, '203.0.113.99').get('/api/v1/organisations')).statusCode).toBe(401);
  });
});

describe('teams', () => {
  it('lets a municipal administrator manage the teams of the own municipality only', async () => {
    const created = await municipalAdmin.post(`/api/v1/municipalities/${ownMunicipality}/teams`, { name: 'Team Nord' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Team Nord', municipalityId: ownMunicipality });
    expect(
      (await municipalAdmin.post(`/api/v1/municipalities/${ownMunicipality}/teams`, { name: 'Team Nord' })).statusCode,
    ).toBe(409);
    const list = (await municipalAdmin.get(`/api/v1/municipalities/${ownMunicipality}/teams`)).json() as {
      name: string;
    }[];
    expect(list.map((t) => t.name)).toEqual(['Team Nord']);
    expect(
      (await municipalAdmin.post(`/api/v1/municipalities/${otherMunicipality}/teams`, { name: 'Fremd' })).statusCode,
    ).toBe(403);
    expect((await municipalAdmin.get(`/api/v1/municipalities/${otherMunicipality}/teams`)).statusCode).toBe(403);
  });

  it('lets a system administrator read teams of any municipality but not create them', async () => {
    expect((await admin.get(`/api/v1/municipalities/${ownMunicipality}/teams`)).statusCode).toBe(200);
    expect(
      (await admin.post(`/api/v1/municipalities/${ownMunicipality}/teams`, { name: 'Admin-Team' })).statusCode,
    ).toBe(403);
  });
});

describe('permissions', () => {
  it('lists the permission table for administrators, with the second-factor roles', async () => {
    const response = await municipalAdmin.get('/api/v1/permissions');
    expect(response.statusCode).toBe(200);
    const table = response.json() as {
      roles: { role: string; requiresSecondFactor: boolean }[];
      permissions: unknown[];
    };
    expect(table.roles.find((r) => r.role === 'coach')?.requiresSecondFactor).toBe(true);
    expect(table.permissions.length).toBeGreaterThan(20);
    expect((await coach.get('/api/v1/permissions')).statusCode).toBe(403);
  });
});

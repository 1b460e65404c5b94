// Search and access scopes: filters, keyset pages that neither skip nor repeat in every sort order, and the
// proof that a list shows exactly the records a GET allows (coach: assigned only; restricted: assigned staff
// only; providers: nothing until enrolments exist; another tenant: 404).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { nameKeys } from './participant-names.rules.ts';
import {
  formatParticipantNumber,
  insertParticipant,
  nextParticipantNumber,
  type ParticipantRow,
  type ParticipantValues,
} from './participant.repository.ts';
import type { ParticipantPage, ParticipantSummary } from './participant.schema.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
let koeln: string;
let bonn: string;
let manager: Browser;
let assignedManager: Browser;
let assignedManagerUser: TestUser;
let coach: Browser;
let coachUser: TestUser;
let providerStaff: Browser;
let bonnManager: Browser;
let ip = 30;

const FAMILY_NAMES = [
  'Ahmadi',
  'Berisha',
  'Conteh',
  'Diallo',
  'Ekwueme',
  'Faizi',
  'Gashi',
  'Haidari',
  'Ibrahim',
  'Jalloh',
];

async function signIn(user: TestUser): Promise<Browser> {
  ip += 1;
  const browser = new Browser(app, `198.51.100.${ip}`);
  expect((await browser.login(user, clock, user)).statusCode).toBe(200);
  return browser;
}

async function adminQuery<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

type Values = Partial<ParticipantValues> & { family_name: string; given_names: string };

async function insertRow(values: Values, municipalityId = koeln): Promise<ParticipantRow> {
  return withTenant(database.handle.db, { municipalityId, userId: null }, async (trx) => {
    const number = formatParticipantNumber(await nextParticipantNumber(trx, municipalityId));
    return insertParticipant(trx, municipalityId, number, {
      ...values,
      name_keys: nameKeys({ familyName: values.family_name, givenNames: values.given_names }),
    });
  });
}

async function addStatus(
  participantId: string,
  status: 'toleration_60a' | 'residence_25b',
  from: string,
  to: string | null,
) {
  await withTenant(database.handle.db, { municipalityId: koeln, userId: null }, (trx) =>
    trx
      .insertInto('participant_residence_status')
      .values({
        municipality_id: koeln,
        participant_id: participantId,
        status,
        legal_paragraph: null,
        valid_from: from,
        valid_to: to,
        document_expiry: null,
        notes: null,
        created_by: null,
      })
      .execute(),
  );
}

/** A case of the participant, optionally with a coach assigned (current or ended). */
async function addCase(
  participantId: string,
  options: { userId?: string; role?: 'coach' | 'participation_manager'; ended?: boolean; exited?: boolean } = {},
) {
  await withTenant(database.handle.db, { municipalityId: koeln, userId: null }, async (trx) => {
    const created = await trx
      .insertInto('participant_case')
      .values({
        municipality_id: koeln,
        participant_id: participantId,
        programme: options.exited ? 'kim' : 'diaa',
        opened_on: '2026-01-05',
        ...(options.exited ? { exited_on: '2026-06-30', exit_outcome: 'training_dual' as const } : {}),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (options.userId) {
      await trx
        .insertInto('case_assignment')
        .values({
          municipality_id: koeln,
          case_id: created.id,
          participant_id: participantId,
          user_id: options.userId,
          role: options.role ?? 'coach',
          started_at: new Date('2026-01-05T09:00:00Z'),
          ...(options.ended ? { ended_at: new Date('2026-06-01T00:00:00Z') } : {}),
        })
        .execute();
    }
  });
}

async function page(browser: Browser, query: string): Promise<ParticipantPage> {
  const response = await browser.get(`/api/v1/participants?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ParticipantPage;
}

/** Every page of a query, following the cursors. */
async function allPages(browser: Browser, query: string, limit = 25): Promise<ParticipantSummary[]> {
  const items: ParticipantSummary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const next: ParticipantPage = await page(
      browser,
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...next.items);
    cursor = next.nextCursor;
    if (!cursor) break;
  }
  return items;
}

const seeded: ParticipantRow[] = [];
const special: Record<string, ParticipantRow> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  koeln = await createOrganisation(db, 'municipality', 'Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bonn');
  const provider = await createOrganisation(db, 'provider', 'Bildungsträger Rhein');
  await db
    .insertInto('provider_municipality')
    .values({ provider_id: provider, served_municipality_id: koeln })
    .execute();
  manager = await signIn(await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true }));
  assignedManagerUser = await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true });
  assignedManager = await signIn(assignedManagerUser);
  coachUser = await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true });
  coach = await signIn(coachUser);
  providerStaff = await signIn(
    await createUser(db, { organisationId: provider, roles: ['provider_staff'], totp: true }),
  );
  bonnManager = await signIn(
    await createUser(db, { organisationId: bonn, roles: ['participation_manager'], totp: true }),
  );

  // 60 records with ties in every sort key: ten family names, repeated birth dates, some unknown.
  for (let index = 0; index < 60; index += 1) {
    const year = 1998 + (index % 7);
    seeded.push(
      await insertRow({
        family_name: FAMILY_NAMES[index % FAMILY_NAMES.length] ?? 'X',
        given_names: `Person ${index}`,
        birth_date: index % 9 === 0 ? null : `${year}-0${(index % 9) + 1}-15`,
        birth_date_precision: index % 9 === 0 ? null : 'day',
        gender: index % 5 === 0 ? 'female' : 'male',
        city_district: index % 3 === 0 ? 'Mülheim' : 'Kalk',
      }),
    );
  }
  special.hassan = await insertRow({
    family_name: 'Al-Hassan',
    given_names: 'Mohammed',
    birth_date: '2001-01-01',
    birth_date_precision: 'year',
  });
  special.statusChanged = await insertRow({ family_name: 'Statuswechsel', given_names: 'Sami' });
  await addStatus(special.statusChanged.id, 'toleration_60a', '2020-01-01', '2025-12-31');
  await addStatus(special.statusChanged.id, 'residence_25b', '2026-01-01', null);
  special.coached = await insertRow({ family_name: 'Gecoacht', given_names: 'Goran' });
  await addCase(special.coached.id, { userId: coachUser.id });
  special.formerlyCoached = await insertRow({ family_name: 'Ehemals', given_names: 'Edin' });
  await addCase(special.formerlyCoached.id, { userId: coachUser.id, ended: true, exited: true });
  special.restricted = await insertRow({ family_name: 'Anvertraut', given_names: 'Amina', restricted: true });
  await addCase(special.restricted.id, { userId: assignedManagerUser.id, role: 'participation_manager' });
  special.blocked = await insertRow({
    family_name: 'Gesperrt',
    given_names: 'Gul',
    blocked_at: new Date(),
    blocked_reason: 'Art. 18',
  });
  special.merged = await insertRow({ family_name: 'Doppelt', given_names: 'Dana', merged_into_id: special.coached.id });
  await insertRow({ family_name: 'Al-Hassan', given_names: 'Mohammed' }, bonn);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** The order the database itself gives, to compare the pages with. */
async function expectedOrder(key: string, direction: 'asc' | 'desc'): Promise<string[]> {
  const keys: Record<string, string> = {
    familyName: 'lower(family_name)',
    number: "lpad(substr(number, 4), 12, '0')",
    birthDate: "coalesce(to_char(birth_date, 'YYYY-MM-DD'), '0000-00-00')",
    createdAt: 'created_at',
    updatedAt: 'updated_at',
  };
  const rows = await adminQuery<{ id: string }>(
    `select id from participant where municipality_id = $1 and merged_into_id is null and not restricted
      order by ${keys[key] ?? 'id'} ${direction}, id ${direction}`,
    [koeln],
  );
  return rows.map((row) => row.id);
}

describe('search', () => {
  it.each(['familyName', 'number', 'birthDate', 'createdAt', 'updatedAt'])(
    'pages by %s in both directions without skipping or repeating a record',
    async (sort) => {
      for (const direction of ['asc', 'desc'] as const) {
        const items = await allPages(manager, `sort=${direction === 'desc' ? '-' : ''}${sort}`);
        const ids = items.map((item) => item.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(await expectedOrder(sort, direction));
        expect(ids.length).toBeGreaterThan(60);
      }
    },
  );

  it('finds a record by its number, exactly', async () => {
    const target = seeded[6] as ParticipantRow;
    expect((await page(manager, `q=${target.number}`)).items.map((item) => item.id)).toEqual([target.id]);
    const short = `tn-${Number(target.number.slice(3))}`;
    expect((await page(manager, `q=${short}`)).items.map((item) => item.id)).toEqual([target.id]);
    expect((await page(manager, 'q=TN-999999')).items).toEqual([]);
  });

  it('finds names in other spellings and needs every word of the query to match', async () => {
    const hassan = special.hassan as ParticipantRow;
    for (const query of ['Muhammad Alhasan', 'mohamed hassan', 'Hasan', 'ALHASSAN Mohammad']) {
      const found = (await page(manager, `q=${encodeURIComponent(query)}`)).items.map((item) => item.id);
      expect(found, query).toEqual([hassan.id]);
    }
    expect((await page(manager, 'q=Mohammed%20Berisha')).items).toEqual([]);
    expect((await page(manager, 'q=%2B%2B%2B')).items).toEqual([]);
  });

  it('filters by birth date (also dates known only to the year), birth year, gender and district', async () => {
    const hassan = special.hassan as ParticipantRow;
    const byDate = (await page(manager, 'birthDate=2001-06-15&limit=100')).items.map((item) => item.id);
    expect(byDate).toContain(hassan.id);
    const withDay = seeded.filter((row) => row.birth_date === '2001-04-15').map((row) => row.id);
    expect(withDay.length).toBeGreaterThan(0);
    expect((await page(manager, 'birthDate=2001-04-15&limit=100')).items.map((item) => item.id).sort()).toEqual(
      [...withDay, hassan.id].sort(),
    );
    const byYear = await allPages(manager, 'birthYear=2001');
    expect(byYear.map((item) => item.id).sort()).toEqual(
      [...seeded.filter((row) => row.birth_date?.startsWith('2001')).map((row) => row.id), hassan.id].sort(),
    );
    const women = await allPages(manager, 'gender=female');
    expect(women.length).toBe(seeded.filter((row) => row.gender === 'female').length);
    expect(women.every((item) => item.gender === 'female')).toBe(true);
    const muelheim = await allPages(manager, `cityDistrict=${encodeURIComponent('mülheim')}`);
    expect(muelheim.length).toBe(seeded.filter((row) => row.city_district === 'Mülheim').length);
  });

  it('filters by the status valid today, open cases, blocking and merged records', async () => {
    const statusChanged = special.statusChanged as ParticipantRow;
    expect((await page(manager, 'residenceStatus=residence_25b')).items.map((item) => item.id)).toEqual([
      statusChanged.id,
    ]);
    expect((await page(manager, 'residenceStatus=toleration_60a')).items).toEqual([]);
    const [summary] = (await page(manager, `q=${statusChanged.number}`)).items;
    expect(summary).toMatchObject({ currentResidenceStatus: 'residence_25b', openCaseCount: 0, blocked: false });

    const open = (await page(manager, 'hasOpenCase=true&limit=100')).items.map((item) => item.id);
    expect(open).toEqual([special.coached?.id]);
    expect((await page(manager, 'hasOpenCase=true')).items[0]?.openCaseCount).toBe(1);
    const without = await allPages(manager, 'hasOpenCase=false');
    expect(without.map((item) => item.id)).toContain(special.formerlyCoached?.id);
    expect(without.map((item) => item.id)).not.toContain(special.coached?.id);

    expect((await page(manager, 'blocked=true')).items.map((item) => item.id)).toEqual([special.blocked?.id]);
    const notMerged = await allPages(manager, 'q=Doppelt');
    expect(notMerged).toEqual([]);
    const merged = (await page(manager, 'q=Doppelt&includeMerged=true')).items;
    expect(merged).toEqual([expect.objectContaining({ id: special.merged?.id, mergedIntoId: special.coached?.id })]);
  });

  it('refuses filters, sorts, limits and cursors outside the convention with 400', async () => {
    const first = await page(manager, 'sort=familyName&limit=2');
    for (const query of [
      'sort=password',
      'limit=101',
      'limit=0',
      'colour=red',
      'cursor=broken',
      `sort=number&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
      'hasOpenCase=yes',
      'birthDate=2001-13-01',
      'residenceStatus=duldung',
      'birthYear=20x1',
      'q=Mo%00hammed',
      'cityDistrict=%0A',
    ]) {
      const response = await manager.get(`/api/v1/participants?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect((response.json() as { errors?: unknown[] }).errors?.length, query).toBeGreaterThan(0);
    }
  });

  it('audits a search once with the count and the names of the filters, never their values', async () => {
    await page(manager, 'q=Hasan&includeMerged=false&sort=-createdAt');
    const [entry] = await adminQuery<{
      action: string;
      participant_id: string | null;
      details: Record<string, unknown>;
    }>(
      `select action, participant_id, details from audit_log where details->>'operation' = 'search'
        order by seq desc limit 1`,
    );
    expect(entry).toMatchObject({
      action: 'read',
      participant_id: null,
      details: { operation: 'search', count: 1, filters: 'includeMerged,q', sort: '-createdAt' },
    });
    expect(JSON.stringify(entry)).not.toMatch(/hasan/i);
  });
});

describe('reach', () => {
  /** Every record of Köln: the list must show exactly those a GET allows. */
  async function expectListAndGetAgree(browser: Browser): Promise<string[]> {
    const listed = new Set((await allPages(browser, 'includeMerged=true', 100)).map((item) => item.id));
    const all = await adminQuery<{ id: string }>('select id from participant where municipality_id = $1', [koeln]);
    for (const { id } of all) {
      const status = (await browser.get(`/api/v1/participants/${id}`)).statusCode;
      expect([200, 403], id).toContain(status);
      expect(status === 200, `${id}: GET ${status}, listed ${listed.has(id)}`).toBe(listed.has(id));
    }
    return [...listed];
  }

  it('shows a coach only the participants currently assigned to them, in the list and one by one', async () => {
    const visible = await expectListAndGetAgree(coach);
    expect(visible).toEqual([special.coached?.id]);
  });

  it('shows restricted records only to assigned staff, whatever the role', async () => {
    const restricted = special.restricted?.id ?? '';
    const forManager = await expectListAndGetAgree(manager);
    expect(forManager).not.toContain(restricted);
    expect(forManager.length).toBe(66);
    const forAssigned = await expectListAndGetAgree(assignedManager);
    expect(forAssigned).toContain(restricted);
    expect(forAssigned.length).toBe(67);
    const denials = await adminQuery<{ n: number }>(
      `select count(*)::int as n from audit_log where participant_id = $1 and outcome = 'denied'`,
      [restricted],
    );
    expect(denials[0]?.n).toBeGreaterThan(0);
  });

  it('shows provider staff no participant until enrolments exist', async () => {
    expect(await expectListAndGetAgree(providerStaff)).toEqual([]);
  });

  it('answers 404 for records of another municipality and never lists them', async () => {
    const hassan = special.hassan?.id ?? '';
    expect((await bonnManager.get(`/api/v1/participants/${hassan}`)).statusCode).toBe(404);
    const bonnList = await allPages(bonnManager, 'includeMerged=true');
    expect(bonnList).toHaveLength(1);
    expect(bonnList[0]?.id).not.toBe(hassan);
  });
});

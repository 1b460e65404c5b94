// The duplicate check at intake (transliteration variants, swapped names, restricted records shown only as
// their likeness), creation refused until the candidates are reviewed, and merging that keeps all history.
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
import type { DuplicateCandidate, Participant } from './participant.schema.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
let koeln: string;
let bonn: string;
let manager: Browser;
let assignedManager: Browser;
let assignedManagerUser: TestUser;
let coach: Browser;
let bonnManager: Browser;
let ip = 60;

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

async function check(body: Record<string, unknown>, browser = manager): Promise<DuplicateCandidate[]> {
  const response = await browser.post('/api/v1/participants/duplicate-candidates', body);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { candidates: DuplicateCandidate[] }).candidates;
}

async function createParticipant(body: Record<string, unknown>, browser = manager): Promise<Participant> {
  const response = await browser.post('/api/v1/participants', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Participant;
}

/** A case of the participant inserted directly (the cases API is another area), with an assignment. */
async function addCase(
  participantId: string,
  options: { programme?: string; exited?: boolean; userId?: string; contact?: boolean } = {},
): Promise<string> {
  return withTenant(database.handle.db, { municipalityId: koeln, userId: null }, async (trx) => {
    const created = await trx
      .insertInto('participant_case')
      .values({
        municipality_id: koeln,
        participant_id: participantId,
        programme: options.programme ?? 'diaa',
        opened_on: '2025-02-01',
        ...(options.exited ? { exited_on: '2025-12-31', exit_outcome: 'dropout' as const } : {}),
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
          role: 'participation_manager',
          started_at: new Date('2025-02-01T09:00:00Z'),
        })
        .execute();
    }
    if (options.contact) {
      await trx
        .insertInto('case_contact')
        .values({
          municipality_id: koeln,
          case_id: created.id,
          participant_id: participantId,
          occurred_at: new Date('2025-03-03T10:00:00Z'),
          channel: 'in_person',
          topic: 'Erstgespräch',
          coaching: true,
        })
        .execute();
    }
    return created.id;
  });
}

let hassan: Participant;
let karimi: Participant;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  koeln = await createOrganisation(db, 'municipality', 'Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bonn');
  manager = await signIn(await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true }));
  assignedManagerUser = await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true });
  assignedManager = await signIn(assignedManagerUser);
  coach = await signIn(await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true }));
  bonnManager = await signIn(
    await createUser(db, { organisationId: bonn, roles: ['participation_manager'], totp: true }),
  );

  hassan = await createParticipant({
    familyName: 'Al-Hassan',
    givenNames: 'Mohammed',
    familyNameOriginal: 'الحسن',
    givenNamesOriginal: 'محمد',
    birthDate: '2001-03-04',
    birthDatePrecision: 'day',
  });
  karimi = await createParticipant({
    familyName: 'Karimi',
    givenNames: 'Zahra',
    birthDate: '2002-08-01',
    birthDatePrecision: 'month',
    restricted: true,
  });
  await addCase(karimi.id, { userId: assignedManagerUser.id });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('duplicate check', () => {
  it('finds transliteration variants with the reasons, within the municipality only', async () => {
    const [candidate, ...others] = await check({
      familyName: 'Alhasan',
      givenNames: 'Muhammad',
      birthDate: '2001-01-01',
      birthDatePrecision: 'year',
    });
    expect(others).toEqual([]);
    expect(candidate).toMatchObject({ id: hassan.id, restricted: false });
    if (candidate?.restricted !== false) throw new Error('expected a visible candidate');
    expect(candidate.reasons).toEqual(expect.arrayContaining(['transliteration_variant', 'compatible_birth_date']));
    expect(candidate.participant).toMatchObject({ number: hassan.number, familyName: 'Al-Hassan' });
    expect(candidate.score).toBeGreaterThan(0);
    expect(await check({ familyName: 'Alhasan', givenNames: 'Muhammad' }, bonnManager)).toEqual([]);
  });

  it('finds swapped family and given names, and names in the original script', async () => {
    const swapped = await check({
      familyName: 'Mohamed',
      givenNames: 'Hassan',
      birthDate: '2001-03-04',
      birthDatePrecision: 'day',
    });
    expect(swapped.map((c) => c.id)).toEqual([hassan.id]);
    const first = swapped[0];
    if (first?.restricted !== false) throw new Error('expected a visible candidate');
    expect(first.reasons).toEqual(expect.arrayContaining(['swapped_names', 'same_birth_date']));
    const script = await check({
      familyName: 'Hasan',
      givenNames: 'Mohamad',
      familyNameOriginal: 'الحسن',
      birthDate: '2001-03-04',
      birthDatePrecision: 'day',
    });
    expect(script.map((c) => c.id)).toEqual([hassan.id]);
  });

  it('finds nobody for another person or another birth year', async () => {
    expect(
      await check({ familyName: 'Berisha', givenNames: 'Arben', birthDate: '2001-03-04', birthDatePrecision: 'day' }),
    ).toEqual([]);
    expect(
      await check({
        familyName: 'Al-Hassan',
        givenNames: 'Mohammed',
        birthDate: '1995-06-01',
        birthDatePrecision: 'month',
      }),
    ).toEqual([]);
  });

  it('shows a restricted record the actor may not see only as its likeness', async () => {
    const hidden = await check({
      familyName: 'Karimy',
      givenNames: 'Sahra',
      birthDate: '2002-01-01',
      birthDatePrecision: 'year',
    });
    expect(hidden).toEqual([{ id: karimi.id, restricted: true, score: expect.any(Number) }]);
    const shown = await check(
      { familyName: 'Karimy', givenNames: 'Sahra', birthDate: '2002-01-01', birthDatePrecision: 'year' },
      assignedManager,
    );
    expect(shown[0]).toMatchObject({ id: karimi.id, restricted: false, participant: { familyName: 'Karimi' } });
  });

  it('lists every invalid field and is kept to roles that take in participants', async () => {
    const response = await manager.post('/api/v1/participants/duplicate-candidates', {
      familyName: '',
      birthDate: '2001-02-30',
      birthDatePrecision: 'decade',
      nickname: 'Mo',
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['familyName', 'birthDate', 'birthDatePrecision']));
    const future = await manager.post('/api/v1/participants/duplicate-candidates', {
      familyName: 'X',
      birthDate: '2030-01-01',
    });
    expect((future.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      'birthDate',
      'birthDatePrecision',
    ]);
    expect(
      (await coach.post('/api/v1/participants/duplicate-candidates', { familyName: 'Al-Hassan' })).statusCode,
    ).toBe(403);
  });

  it('audits the check and each record whose data were shown', async () => {
    await check({ familyName: 'Alhassan', givenNames: 'Mohammad', birthDate: '2001-03-04', birthDatePrecision: 'day' });
    const [summary] = await adminQuery<{ details: Record<string, unknown>; participant_id: string | null }>(
      `select details, participant_id from audit_log where details->>'operation' = 'duplicate_check'
        order by seq desc limit 1`,
    );
    expect(summary).toEqual({ participant_id: null, details: { operation: 'duplicate_check', count: 1, hidden: 0 } });
    const shown = await adminQuery<{ n: number }>(
      `select count(*)::int as n from audit_log where participant_id = $1 and action = 'read'
          and details->>'operation' = 'duplicate_candidate'`,
      [hassan.id],
    );
    expect(shown[0]?.n).toBeGreaterThanOrEqual(3);
  });
});

describe('creation', () => {
  it('is refused with 409 and the candidates until every candidate is reviewed', async () => {
    const body = { familyName: 'Alhassan', givenNames: 'Muhammad', birthDate: '2001-03-04', birthDatePrecision: 'day' };
    const before = await adminQuery<{ n: number }>('select count(*)::int as n from participant');
    const refused = await manager.post('/api/v1/participants', body);
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const problem = refused.json() as { code: string; candidates: DuplicateCandidate[] };
    expect(problem.code).toBe('conflict');
    expect(problem.candidates.map((c) => c.id)).toEqual([hassan.id]);
    expect(await adminQuery('select count(*)::int as n from participant')).toEqual(before);
    // Another candidate's id does not count as reviewing this one.
    expect(
      (await manager.post('/api/v1/participants', { ...body, reviewedCandidateIds: [karimi.id] })).statusCode,
    ).toBe(409);
    const created = await manager.post('/api/v1/participants', { ...body, reviewedCandidateIds: [hassan.id] });
    expect(created.statusCode, created.body).toBe(201);
    const audit = await adminQuery<{ details: Record<string, unknown> }>(
      `select details from audit_log where participant_id = $1 and action = 'create'`,
      [(created.json() as Participant).id],
    );
    expect(audit).toEqual([{ details: { reviewedCandidates: 1 } }]);
  });

  it('checks simultaneous intakes of one person one after the other: one is created, the other sees it', async () => {
    const body = { familyName: 'Tesfamariam', givenNames: 'Yonas', birthDate: '2003-10-10', birthDatePrecision: 'day' };
    const answers = await Promise.all([
      manager.post('/api/v1/participants', body),
      assignedManager.post('/api/v1/participants', body),
    ]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const created = answers.find((answer) => answer.statusCode === 201)?.json() as Participant;
    const refused = answers.find((answer) => answer.statusCode === 409)?.json() as { candidates: { id: string }[] };
    expect(refused.candidates.map((candidate) => candidate.id)).toEqual([created.id]);
  });

  it('numbers without gaps: a refused intake uses up no number, simultaneous ones get distinct numbers', async () => {
    const numberOf = (participant: Participant) => Number(participant.number.slice(3));
    const before = await createParticipant({ familyName: 'Vorher', givenNames: 'Vera' });
    expect((await manager.post('/api/v1/participants', { familyName: 'Vorher', givenNames: 'Vera' })).statusCode).toBe(
      409,
    );
    const names = ['Abebe', 'Bekele', 'Chala', 'Desta', 'Ermias', 'Fikru'];
    const parallel = await Promise.all(
      names.map((name, index) =>
        (index % 2 === 0 ? manager : assignedManager).post('/api/v1/participants', {
          familyName: name,
          givenNames: 'Test',
        }),
      ),
    );
    expect(parallel.map((answer) => answer.statusCode)).toEqual(names.map(() => 201));
    const numbers = parallel.map((answer) => numberOf(answer.json() as Participant)).sort((a, b) => a - b);
    expect(numbers).toEqual(names.map((_, index) => numberOf(before) + 1 + index));
  });

  it('cannot skip a restricted candidate either', async () => {
    const body = { familyName: 'Karimi', givenNames: 'Zahra', birthDate: '2002-08-20', birthDatePrecision: 'day' };
    const refused = await manager.post('/api/v1/participants', body);
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { candidates: unknown[] }).candidates).toEqual([
      { id: karimi.id, restricted: true, score: expect.any(Number) },
    ]);
    expect(
      (await manager.post('/api/v1/participants', { ...body, reviewedCandidateIds: [karimi.id] })).statusCode,
    ).toBe(201);
  });
});

describe('merging', () => {
  it('moves every row of the duplicate to the survivor, copies what is missing and keeps both histories', async () => {
    const survivor = await createParticipant({
      familyName: 'Rezaei',
      givenNames: 'Ali',
      birthDate: '2000-05-05',
      birthDatePrecision: 'day',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2024-01-01' }],
      languages: [{ language: 'fa', level: 'native' }],
    });
    const reviewed = { reviewedCandidateIds: [survivor.id] };
    const duplicate = await createParticipant({
      familyName: 'Rezai',
      givenNames: 'Ali',
      birthDate: '2000-05-05',
      birthDatePrecision: 'day',
      phone: '0176 1234567',
      familyNameOriginal: 'رضایی',
      nationalities: ['AF'],
      residenceStatuses: [{ status: 'asylum_permit', validFrom: '2021-03-01', validTo: '2023-12-31' }],
      languages: [{ language: 'de', level: 'A2' }],
      schooling: [{ country: 'IR', years: 9, qualification: 'foreign_other' }],
      consents: [{ purpose: 'case_management', scope: 'Fallbegleitung', givenOn: '2025-02-01' }],
      ...reviewed,
    });
    await addCase(survivor.id, { programme: 'diaa' });
    const oldCase = await addCase(duplicate.id, {
      programme: 'diaa',
      exited: true,
      userId: assignedManagerUser.id,
      contact: true,
    });
    await manager.get(`/api/v1/participants/${duplicate.id}`);
    const auditBefore = await adminQuery<{ participant_id: string; n: number }>(
      `select participant_id, count(*)::int as n from audit_log where participant_id in ($1, $2) group by 1`,
      [survivor.id, duplicate.id],
    );

    const url = `/api/v1/participants/${survivor.id}/merge`;
    expect((await manager.post(url, { duplicateId: duplicate.id })).statusCode).toBe(428);
    expect((await manager.post(url, { duplicateId: duplicate.id }, { 'if-match': '"5"' })).statusCode).toBe(412);
    const merged = await manager.post(url, { duplicateId: duplicate.id }, { 'if-match': '"1"' });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.headers.etag).toBe('"2"');
    const result = merged.json() as Participant;
    expect(result).toMatchObject({
      familyName: 'Rezaei',
      phone: '0176 1234567',
      familyNameOriginal: 'رضایی',
      nationalities: ['AF'],
      version: 2,
    });
    expect(result.residenceStatuses.map((s) => [s.status, s.validFrom, s.validTo])).toEqual([
      ['asylum_permit', '2021-03-01', '2023-12-31'],
      ['toleration_60a', '2024-01-01', null],
    ]);
    expect(result.languages.map((l) => l.language).sort()).toEqual(['de', 'fa']);
    expect(result.schooling).toHaveLength(1);
    expect(result.consents).toHaveLength(1);

    for (const table of ['participant_case', 'case_assignment', 'case_contact']) {
      const rows = await adminQuery<{ participant_id: string }>(
        `select participant_id from ${table} where municipality_id = $1 and (participant_id = $2 or participant_id = $3)`,
        [koeln, survivor.id, duplicate.id],
      );
      expect(rows.length, table).toBeGreaterThan(0);
      expect(
        rows.every((row) => row.participant_id === survivor.id),
        table,
      ).toBe(true);
    }
    const [movedCase] = await adminQuery<{ participant_id: string }>(
      'select participant_id from participant_case where id = $1',
      [oldCase],
    );
    expect(movedCase?.participant_id).toBe(survivor.id);

    // The duplicate stays, read-only, pointing at the survivor.
    const stub = await manager.get(`/api/v1/participants/${duplicate.id}`);
    expect(stub.statusCode).toBe(200);
    expect(stub.json()).toMatchObject({ mergedIntoId: survivor.id, familyName: 'Rezai', residenceStatuses: [] });
    const version = `"${(stub.json() as Participant).version}"`;
    const edit = await manager.request(
      'PATCH',
      `/api/v1/participants/${duplicate.id}`,
      { city: 'Köln' },
      { 'if-match': version },
    );
    expect(edit.statusCode).toBe(409);
    expect((edit.json() as { detail: string }).detail).toContain('merged');
    expect(
      (
        await manager.post(
          `/api/v1/participants/${duplicate.id}/merge`,
          { duplicateId: survivor.id },
          { 'if-match': version },
        )
      ).statusCode,
    ).toBe(409);
    const listed = (await manager.get('/api/v1/participants?q=Rezai&includeMerged=true')).json() as {
      items: { id: string; mergedIntoId: string | null }[];
    };
    expect(listed.items).toContainEqual(expect.objectContaining({ id: duplicate.id, mergedIntoId: survivor.id }));
    expect(
      ((await manager.get('/api/v1/participants?q=Rezai')).json() as { items: { id: string }[] }).items.map(
        (i) => i.id,
      ),
    ).toEqual([survivor.id]);

    // Both audit trails are kept, and the merge is recorded on both.
    const auditAfter = await adminQuery<{ participant_id: string; n: number }>(
      `select participant_id, count(*)::int as n from audit_log where participant_id in ($1, $2) group by 1`,
      [survivor.id, duplicate.id],
    );
    for (const { participant_id, n } of auditBefore) {
      expect(auditAfter.find((row) => row.participant_id === participant_id)?.n).toBeGreaterThan(n);
    }
    const mergeEntries = await adminQuery<{
      participant_id: string;
      changed_fields: string[];
      details: Record<string, unknown>;
    }>(
      `select participant_id, changed_fields, details from audit_log where details->>'operation' = 'merge' order by seq`,
    );
    expect(mergeEntries).toHaveLength(2);
    expect(mergeEntries[0]).toMatchObject({
      participant_id: survivor.id,
      details: { operation: 'merge', mergedId: duplicate.id },
    });
    expect(mergeEntries[0]?.changed_fields).toEqual(
      expect.arrayContaining([
        'phone',
        'familyNameOriginal',
        'participant_residence_status',
        'participant_case',
        'case_contact',
      ]),
    );
    expect(mergeEntries[1]).toMatchObject({ participant_id: duplicate.id, details: { mergedIntoId: survivor.id } });
    // The person assigned to the duplicate's case now reaches the survivor.
    expect((await assignedManager.get(`/api/v1/participants/${survivor.id}`)).statusCode).toBe(200);
  });

  it('refuses to merge two records with an open case in the same programme, and changes nothing', async () => {
    const first = await createParticipant({
      familyName: 'Osei',
      givenNames: 'Kwame',
      birthDate: '1999-09-09',
      birthDatePrecision: 'day',
    });
    const second = await createParticipant({
      familyName: 'Osey',
      givenNames: 'Kwame',
      birthDate: '1999-09-09',
      birthDatePrecision: 'day',
      languages: [{ language: 'tw', level: 'native' }],
      reviewedCandidateIds: [first.id],
    });
    await addCase(first.id, { programme: 'diaa' });
    await addCase(second.id, { programme: 'diaa' });
    const refused = await manager.post(
      `/api/v1/participants/${first.id}/merge`,
      { duplicateId: second.id },
      { 'if-match': '"1"' },
    );
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', programmes: ['diaa'] });
    expect((refused.json() as { detail: string }).detail).toContain('diaa');
    const after = (await manager.get(`/api/v1/participants/${second.id}`)).json() as Participant;
    expect(after).toMatchObject({ mergedIntoId: null, version: 1 });
    expect(after.languages).toHaveLength(1);
  });

  it('refuses merging a record into itself, another municipality’s record and a blocked record', async () => {
    const record = await createParticipant({ familyName: 'Einzeln', givenNames: 'Elif' });
    const self = await manager.post(
      `/api/v1/participants/${record.id}/merge`,
      { duplicateId: record.id },
      { 'if-match': '"1"' },
    );
    expect(self.statusCode).toBe(400);
    const bonnRecord = await createParticipant({ familyName: 'Anderswo', givenNames: 'Aylin' }, bonnManager);
    expect(
      (
        await manager.post(
          `/api/v1/participants/${record.id}/merge`,
          { duplicateId: bonnRecord.id },
          { 'if-match': '"1"' },
        )
      ).statusCode,
    ).toBe(404);
    const blocked = await createParticipant({ familyName: 'Gesperrt', givenNames: 'Gül' });
    await withTenant(database.handle.db, { municipalityId: koeln, userId: null }, (trx) =>
      trx
        .updateTable('participant')
        .set({ blocked_at: new Date(), blocked_reason: 'Art. 18' })
        .where('id', '=', blocked.id)
        .execute(),
    );
    const refused = await manager.post(
      `/api/v1/participants/${record.id}/merge`,
      { duplicateId: blocked.id },
      { 'if-match': '"1"' },
    );
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { detail: string }).detail).toContain('blocked');
  });
});

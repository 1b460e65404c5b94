// The participant record through the API: intake with sub-records, changes with If-Match, the residence
// status history, languages, schooling, consents, idempotent creation, blocking, the audit trail of reads
// and writes, and eligibility with the municipality's policy.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  buildAccountsApp,
  codeFor,
  createOrganisation,
  createUser,
  FakeClock,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { Actor } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import type { Participant } from './participant.schema.ts';
import { assertWritable, eligibilityPersonOf } from './participant.service.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
let koeln: string;
let bonn: string;
let manager: Browser;
let managerUser: TestUser;
let bonnManager: Browser;
let admin: Browser;
let coach: Browser;
let ip = 10;

async function signIn(user: TestUser): Promise<Browser> {
  ip += 1;
  const browser = new Browser(app, `198.51.100.${ip}`);
  const response = await browser.login(user, clock, user);
  expect(response.statusCode).toBe(200);
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

async function participantCount(municipalityId: string): Promise<number> {
  const [row] = await adminQuery<{ n: number }>(
    'select count(*)::int as n from participant where municipality_id = $1',
    [municipalityId],
  );
  return row?.n ?? -1;
}

const intake = {
  familyName: 'Haidari',
  givenNames: 'Mariam',
  familyNameOriginal: 'حیدری',
  birthDate: '2003-05-17',
  birthDatePrecision: 'month',
  gender: 'female',
  countriesOfOrigin: ['AF'],
  nationalities: ['AF'],
  phone: '+49 221 1234567',
  email: 'mariam@example.org',
  street: 'Keupstraße 1',
  postcode: '51063',
  city: 'Köln',
  cityDistrict: 'Mülheim',
  accommodation: 'municipal_shelter',
  workPermission: 'permitted_with_approval',
  benefits: ['asylblg'],
  residenceStatuses: [
    { status: 'toleration_60a', validFrom: '2024-06-01', documentExpiry: '2027-05-31' },
    { status: 'asylum_permit', validFrom: '2022-09-15' },
  ],
  languages: [
    { language: 'prs', level: 'native' },
    { language: 'de', level: 'A2', evidenceDate: '2025-03-01', evidence: 'telc A2' },
  ],
  schooling: [{ country: 'AF', years: 8, qualification: 'foreign_other', recognised: false }],
  consents: [{ purpose: 'case_management', scope: 'Fallbegleitung im Programm Durchstarten', givenOn: '2026-11-02' }],
};

async function create(body: Record<string, unknown>, browser = manager, headers: Record<string, string> = {}) {
  return browser.post('/api/v1/participants', body, headers);
}

async function createParticipant(body: Record<string, unknown>): Promise<Participant> {
  const response = await create(body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Participant;
}

function fieldsOf(response: { json: () => unknown }): string[] {
  return ((response.json() as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field).sort();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  koeln = await createOrganisation(db, 'municipality', 'Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bonn');
  managerUser = await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true });
  manager = await signIn(managerUser);
  bonnManager = await signIn(
    await createUser(db, { organisationId: bonn, roles: ['participation_manager'], totp: true }),
  );
  admin = await signIn(await createUser(db, { organisationId: koeln, roles: ['municipal_admin'], totp: true }));
  coach = await signIn(await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true }));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('intake', () => {
  it('creates a participant with sub-records and reads it back with the current status and its version', async () => {
    const response = await create(intake);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    const created = response.json() as Participant;
    expect(response.headers.location).toBe(`/api/v1/participants/${created.id}`);
    expect(created).toMatchObject({
      number: 'TN-000001',
      familyName: 'Haidari',
      // Known only to the month: stored as its first day.
      birthDate: '2003-05-01',
      birthDatePrecision: 'month',
      gender: 'female',
      accommodation: 'municipal_shelter',
      restricted: false,
      blockedAt: null,
      mergedIntoId: null,
      version: 1,
    });
    // The history in order; the permit ended the day before the toleration started.
    expect(created.residenceStatuses.map((s) => [s.status, s.validFrom, s.validTo])).toEqual([
      ['asylum_permit', '2022-09-15', '2024-05-31'],
      ['toleration_60a', '2024-06-01', null],
    ]);
    expect(created.residenceStatuses[1]?.legalParagraph).toBe('§ 60a AufenthG');
    expect(created.currentResidenceStatus?.status).toBe('toleration_60a');
    expect(created.languages.map((l) => `${l.language}:${l.level}`).sort()).toEqual(['de:A2', 'prs:native']);
    expect(created.schooling).toHaveLength(1);
    expect(created.consents[0]).toMatchObject({ purpose: 'case_management', revokedOn: null, version: 1 });

    const read = await manager.get(`/api/v1/participants/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toEqual(created);
  });

  it('numbers participants per municipality without gaps', async () => {
    const second = await createParticipant({ familyName: 'Okafor', givenNames: 'Chidi' });
    expect(second.number).toBe('TN-000002');
    const inBonn = await create({ familyName: 'Berisha', givenNames: 'Arben' }, bonnManager);
    expect(inBonn.statusCode).toBe(201);
    expect((inBonn.json() as Participant).number).toBe('TN-000001');
  });

  it('lists every malformed field of a new participant and creates nothing', async () => {
    const before = await participantCount(koeln);
    const response = await create({
      familyName: '',
      givenNames: 'Ma\u0000riam',
      street: 'Keupstraße\n1',
      birthDate: '2003-02-30',
      birthDatePrecision: 'week',
      gender: 'unknown',
      countriesOfOrigin: ['Syria', 'SY'],
      nationalities: ['QQ'],
      email: 'not an e-mail',
      postcode: '5106',
      phone: 'call me',
      benefits: ['welfare'],
      residenceStatuses: [
        { status: 'duldung', validFrom: '01.02.2024' },
        { status: 'other', validFrom: '1850-01-01', notes: 'Zeile 1\nZeile 2' },
      ],
      languages: [{ language: 'Arabic', level: 'B3' }],
      schooling: [{ country: 'sy', years: 30, qualification: 'abitur' }],
      consents: [{ purpose: 'everything', scope: '', givenOn: 'yesterday', documentId: 'doc-1' }],
      shoeSize: 44,
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const fields = fieldsOf(response);
    for (const field of [
      'familyName',
      'givenNames',
      'street',
      'birthDate',
      'birthDatePrecision',
      'gender',
      'countriesOfOrigin.0',
      'nationalities.0',
      'email',
      'postcode',
      'phone',
      'benefits.0',
      'residenceStatuses.0.status',
      'residenceStatuses.0.validFrom',
      'residenceStatuses.1.validFrom',
      'languages.0.language',
      'languages.0.level',
      'schooling.0.country',
      'schooling.0.years',
      'schooling.0.qualification',
      'consents.0.purpose',
      'consents.0.scope',
      'consents.0.givenOn',
      'consents.0.documentId',
    ]) {
      expect(fields, field).toContain(field);
    }
    expect((response.json() as { errors: { field: string; code: string }[] }).errors).toContainEqual(
      expect.objectContaining({ code: 'unrecognized_keys' }),
    );
    // Line breaks are fine in notes (multi-line), so no problem is reported there.
    expect(fields).not.toContain('residenceStatuses.1.notes');
    expect(await participantCount(koeln)).toBe(before);
  });

  it('lists every rule a well-formed participant breaks and creates nothing', async () => {
    const before = await participantCount(koeln);
    const response = await create({
      familyName: 'Zukunft',
      birthDate: '2027-01-01',
      benefits: ['none', 'sgb2'],
      residenceStatuses: [
        { status: 'asylum_permit', validFrom: '2023-01-01', validTo: '2024-12-31' },
        { status: 'toleration_60a', validFrom: '2024-06-01', validTo: '2025-06-30' },
        { status: 'toleration_60c', validFrom: '2025-08-01', validTo: '2025-07-01' },
      ],
      languages: [{ language: 'de', level: 'B1', evidenceDate: '2026-12-24' }],
      consents: [
        {
          purpose: 'case_management',
          scope: 'Fallbegleitung',
          givenOn: '2026-12-01',
          documentId: '00000000-0000-4000-8000-000000000001',
        },
      ],
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual([
      'benefits',
      'birthDate',
      'birthDatePrecision',
      'consents.0.documentId',
      'consents.0.givenOn',
      'languages.0.evidenceDate',
      'residenceStatuses.1.validFrom',
      'residenceStatuses.2.validTo',
    ]);
    expect(await participantCount(koeln)).toBe(before);
  });

  it('creates once per Idempotency-Key: the same request again gets the stored answer, another payload 422', async () => {
    const before = await participantCount(koeln);
    const body = { familyName: 'Tesfaye', givenNames: 'Semhar', birthDate: '2004', birthDatePrecision: 'year' };
    const key = { 'idempotency-key': 'intake-tesfaye-1' };
    const shape = await create(body, manager, key);
    expect(shape.statusCode).toBe(400);
    const valid = { ...body, birthDate: '2004-07-01' };
    const first = await create(valid, manager, { 'idempotency-key': 'intake-tesfaye-2' });
    expect(first.statusCode).toBe(201);
    const again = await create(valid, manager, { 'idempotency-key': 'intake-tesfaye-2' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(await participantCount(koeln)).toBe(before + 1);
    const other = await create({ ...valid, givenNames: 'Selam' }, manager, { 'idempotency-key': 'intake-tesfaye-2' });
    expect(other.statusCode).toBe(422);
    expect(await participantCount(koeln)).toBe(before + 1);
    expect((first.json() as Participant).birthDate).toBe('2004-01-01');
  });

  it('refuses a second participant with the same external id with 409', async () => {
    const first = await create({ familyName: 'Import', givenNames: 'Eins', externalId: 'ALT-4711' });
    expect(first.statusCode).toBe(201);
    const second = await create({ familyName: 'Anders', givenNames: 'Zwei', externalId: 'ALT-4711' });
    expect(second.statusCode).toBe(409);
    expect(fieldsOf(second)).toEqual(['externalId']);
    // Another municipality has its own external ids.
    expect(
      (await create({ familyName: 'Import', givenNames: 'Bonn', externalId: 'ALT-4711' }, bonnManager)).statusCode,
    ).toBe(201);
  });

  it('keeps intake to roles that may create participants', async () => {
    expect((await create({ familyName: 'Nobody' }, coach)).statusCode).toBe(403);
    expect((await create({ familyName: 'Nobody' }, admin)).statusCode).toBe(403);
  });
});

describe('changes', () => {
  let participant: Participant;
  const url = () => `/api/v1/participants/${participant.id}`;

  beforeAll(async () => {
    participant = await createParticipant({
      familyName: 'Rahimi',
      givenNames: 'Ahmad',
      birthDate: '2001-02-03',
      birthDatePrecision: 'day',
      residenceStatuses: [{ status: 'asylum_permit', validFrom: '2021-04-01' }],
    });
  });

  it('changes a participant only with the current version in If-Match (428 without, 412 stale)', async () => {
    const change = { postcode: '50667', cityDistrict: 'Innenstadt', accommodation: 'private' };
    expect((await manager.request('PATCH', url(), change)).statusCode).toBe(428);
    expect((await manager.request('PATCH', url(), change, { 'if-match': '"9"' })).statusCode).toBe(412);
    expect((await manager.request('PATCH', url(), change, { 'if-match': 'soon' })).statusCode).toBe(400);
    const changed = await manager.request('PATCH', url(), change, { 'if-match': '"1"' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    participant = changed.json() as Participant;
    expect(participant).toMatchObject({ ...change, version: 2 });
    expect((await manager.request('PATCH', url(), { city: 'Köln' }, { 'if-match': '"1"' })).statusCode).toBe(412);
    const [stored] = await adminQuery<{ postcode: string; version: number }>(
      'select postcode, version from participant where id = $1',
      [participant.id],
    );
    expect(stored).toEqual({ postcode: '50667', version: 2 });
  });

  it('refuses an invalid change with every problem and changes nothing', async () => {
    const shape = await manager.request(
      'PATCH',
      url(),
      { postcode: 'abc', nationalities: ['XY1'], gender: 'x', number: 'TN-999999' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(shape.statusCode).toBe(400);
    expect(fieldsOf(shape)).toEqual(expect.arrayContaining(['gender', 'nationalities.0', 'postcode']));
    const rules = await manager.request(
      'PATCH',
      url(),
      { birthDate: '2030-01-01', benefits: ['sgb2', 'none'] },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(rules)).toEqual(['benefits', 'birthDate', 'birthDatePrecision']);
    const finer = await manager.request(
      'PATCH',
      url(),
      { birthDatePrecision: 'day' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(finer.statusCode).toBe(200);
    participant = finer.json() as Participant;
    const coarser = await manager.request(
      'PATCH',
      url(),
      { birthDatePrecision: 'year' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(coarser.statusCode).toBe(200);
    participant = coarser.json() as Participant;
    expect(participant).toMatchObject({ birthDate: '2001-01-01', birthDatePrecision: 'year' });
    const guessDay = await manager.request(
      'PATCH',
      url(),
      { birthDatePrecision: 'day' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(guessDay)).toEqual(['birthDate']);
    const reread = (await manager.get(url())).json() as Participant;
    expect(reread.version).toBe(participant.version);
  });

  it('keeps the residence status history: adding ends the open status, corrections and deletions are explicit', async () => {
    const add = await manager.post(
      `${url()}/residence-statuses`,
      { status: 'toleration_60c', validFrom: '2025-08-01', legalParagraph: '§ 60c Abs. 1 AufenthG' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(add.statusCode, add.body).toBe(201);
    participant = add.json() as Participant;
    expect(participant.residenceStatuses.map((s) => [s.status, s.validFrom, s.validTo])).toEqual([
      ['asylum_permit', '2021-04-01', '2025-07-31'],
      ['toleration_60c', '2025-08-01', null],
    ]);
    expect(participant.currentResidenceStatus?.legalParagraph).toBe('§ 60c Abs. 1 AufenthG');

    // A status that would overlap a closed one is refused; nothing is shortened silently.
    const overlap = await manager.post(
      `${url()}/residence-statuses`,
      { status: 'toleration_60a', validFrom: '2023-01-01', validTo: '2023-12-31' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(overlap.statusCode).toBe(400);
    expect(fieldsOf(overlap)).toEqual(['validFrom']);
    const sameDay = await manager.post(
      `${url()}/residence-statuses`,
      { status: 'toleration_60a', validFrom: '2025-08-01' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(sameDay)).toEqual(['validFrom']);
    expect(
      (await manager.post(`${url()}/residence-statuses`, { status: 'other', validFrom: '2026-01-01' })).statusCode,
    ).toBe(428);

    // A wrongly entered status is added, corrected, then deleted: the one before is open again.
    const wrong = await manager.post(
      `${url()}/residence-statuses`,
      { status: 'residence_25a', validFrom: '2026-10-01' },
      { 'if-match': `"${participant.version}"` },
    );
    participant = wrong.json() as Participant;
    expect(participant.currentResidenceStatus?.status).toBe('residence_25a');
    const wrongId = participant.currentResidenceStatus?.id ?? '';
    const corrected = await manager.request(
      'PATCH',
      `${url()}/residence-statuses/${wrongId}`,
      { status: 'residence_25b', notes: 'Bescheid vom 30.09.' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(corrected.statusCode, corrected.body).toBe(200);
    participant = corrected.json() as Participant;
    // The paragraph followed the status, because it was the status's default.
    expect(participant.currentResidenceStatus).toMatchObject({
      status: 'residence_25b',
      legalParagraph: '§ 25b AufenthG',
    });
    const badCorrection = await manager.request(
      'PATCH',
      `${url()}/residence-statuses/${wrongId}`,
      { validFrom: '2025-01-01' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(badCorrection.statusCode).toBe(400);
    const deleted = await manager.delete(`${url()}/residence-statuses/${wrongId}`, {
      'if-match': `"${participant.version}"`,
    });
    expect(deleted.statusCode, deleted.body).toBe(200);
    participant = deleted.json() as Participant;
    expect(participant.residenceStatuses.map((s) => [s.status, s.validTo])).toEqual([
      ['asylum_permit', '2025-07-31'],
      ['toleration_60c', null],
    ]);
    expect(
      (await manager.delete(`${url()}/residence-statuses/${wrongId}`, { 'if-match': `"${participant.version}"` }))
        .statusCode,
    ).toBe(404);

    const audit = await adminQuery<{ action: string; changed_fields: string[] }>(
      `select action, changed_fields from audit_log where participant_id = $1 and details->>'record' = 'residenceStatus'
        order by seq`,
      [participant.id],
    );
    expect(audit).toEqual([
      {
        action: 'create',
        changed_fields: [
          'residenceStatuses.legalParagraph',
          'residenceStatuses.status',
          'residenceStatuses.validFrom',
          'residenceStatuses.validTo',
        ],
      },
      {
        action: 'create',
        changed_fields: ['residenceStatuses.status', 'residenceStatuses.validFrom', 'residenceStatuses.validTo'],
      },
      {
        action: 'update',
        changed_fields: ['residenceStatuses.legalParagraph', 'residenceStatuses.notes', 'residenceStatuses.status'],
      },
      { action: 'delete', changed_fields: ['residenceStatuses.id', 'residenceStatuses.validTo'] },
    ]);
  });

  it('records languages and schooling, and corrects or deletes wrong entries', async () => {
    const language = await manager.post(
      `${url()}/languages`,
      { language: 'fa', level: 'native' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(language.statusCode, language.body).toBe(201);
    participant = language.json() as Participant;
    const languageId = participant.languages[0]?.id ?? '';
    const corrected = await manager.request(
      'PATCH',
      `${url()}/languages/${languageId}`,
      { language: 'prs' },
      { 'if-match': `"${participant.version}"` },
    );
    participant = corrected.json() as Participant;
    expect(participant.languages[0]).toMatchObject({ language: 'prs', level: 'native' });
    const future = await manager.post(
      `${url()}/languages`,
      { language: 'de', level: 'B1', evidenceDate: '2027-01-01' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(future)).toEqual(['evidenceDate']);

    const schooling = await manager.post(
      `${url()}/schooling`,
      { country: 'IR', years: 6, qualification: 'none' },
      { 'if-match': `"${participant.version}"` },
    );
    participant = schooling.json() as Participant;
    const schoolingId = participant.schooling[0]?.id ?? '';
    const recognised = await manager.request(
      'PATCH',
      `${url()}/schooling/${schoolingId}`,
      { qualification: 'esa', recognised: true },
      { 'if-match': `"${participant.version}"` },
    );
    participant = recognised.json() as Participant;
    expect(participant.schooling[0]).toMatchObject({ qualification: 'esa', recognised: true, years: 6 });
    // Found by the API fuzzer: a correction naming no field was an `update … set` without columns (500).
    for (const path of [`languages/${languageId}`, `schooling/${schoolingId}`]) {
      const empty = await manager.request('PATCH', `${url()}/${path}`, {}, { 'if-match': `"${participant.version}"` });
      expect(empty.statusCode, empty.body).toBe(200);
      participant = empty.json() as Participant;
    }
    expect(participant.languages[0]).toMatchObject({ language: 'prs', level: 'native' });
    expect(participant.schooling[0]).toMatchObject({ qualification: 'esa', recognised: true, years: 6 });
    const removed = await manager.delete(`${url()}/schooling/${schoolingId}`, {
      'if-match': `"${participant.version}"`,
    });
    participant = removed.json() as Participant;
    expect(participant.schooling).toEqual([]);
    expect(
      (
        await manager.request(
          'PATCH',
          `${url()}/languages/00000000-0000-4000-8000-000000000000`,
          { level: 'A1' },
          { 'if-match': `"${participant.version}"` },
        )
      ).statusCode,
    ).toBe(404);
  });

  it('records consents and their revocation with dates', async () => {
    const given = await manager.post(
      `${url()}/consents`,
      { purpose: 'data_sharing_providers', scope: 'Weitergabe an Träger der Maßnahme', givenOn: '2026-11-20' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(given.statusCode, given.body).toBe(201);
    participant = given.json() as Participant;
    const consentId = participant.consents[0]?.id ?? '';
    const unknownDocument = await manager.post(
      `${url()}/consents`,
      {
        purpose: 'photo_documents',
        scope: 'Fotos',
        givenOn: '2026-11-20',
        documentId: '00000000-0000-4000-8000-000000000009',
      },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(unknownDocument)).toEqual(['documentId']);
    const early = await manager.post(
      `${url()}/consents/${consentId}/revoke`,
      { revokedOn: '2026-11-01' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(fieldsOf(early)).toEqual(['revokedOn']);
    const revoked = await manager.post(
      `${url()}/consents/${consentId}/revoke`,
      { revokedOn: '2026-11-28' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(revoked.statusCode, revoked.body).toBe(200);
    participant = revoked.json() as Participant;
    expect(participant.consents[0]).toMatchObject({ revokedOn: '2026-11-28', version: 2 });
    const twice = await manager.post(
      `${url()}/consents/${consentId}/revoke`,
      { revokedOn: '2026-11-29' },
      { 'if-match': `"${participant.version}"` },
    );
    expect(twice.statusCode).toBe(409);
  });

  it('answers 404 for another municipality’s participant and 400 for a malformed id', async () => {
    expect((await bonnManager.get(url())).statusCode).toBe(404);
    expect(
      (await bonnManager.request('PATCH', url(), { city: 'Bonn' }, { 'if-match': `"${participant.version}"` }))
        .statusCode,
    ).toBe(404);
    expect((await manager.get('/api/v1/participants/TN-000001')).statusCode).toBe(400);
    expect((await manager.get('/api/v1/participants/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('blocking (Art. 18 GDPR)', () => {
  it('needs a recent sign-in, makes the record read-only, and is lifted the same way', async () => {
    const user = await createUser(database.handle.db, {
      organisationId: koeln,
      roles: ['participation_manager'],
      totp: true,
    });
    const browser = await signIn(user);
    let participant = await createParticipant({ familyName: 'Sperrvermerk', givenNames: 'Lina' });
    const url = `/api/v1/participants/${participant.id}`;

    clock.advance(6 * 60_000);
    const stale = await browser.post(`${url}/block`, { reason: 'Antrag nach Art. 18 DSGVO' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(401);
    expect((stale.json() as { code: string }).code).toBe('reauthentication_required');
    clock.advance(31_000);
    expect(
      (await browser.post('/api/v1/auth/reauthenticate', { password: user.password, code: codeFor(user, clock) }))
        .statusCode,
    ).toBe(200);
    expect((await browser.post(`${url}/block`, { reason: 'Antrag nach Art. 18 DSGVO' })).statusCode).toBe(428);
    expect((await browser.post(`${url}/block`, { reason: '' }, { 'if-match': '"1"' })).statusCode).toBe(400);
    const blocked = await browser.post(`${url}/block`, { reason: 'Antrag nach Art. 18 DSGVO' }, { 'if-match': '"1"' });
    expect(blocked.statusCode, blocked.body).toBe(200);
    participant = blocked.json() as Participant;
    expect(participant).toMatchObject({ blockedReason: 'Antrag nach Art. 18 DSGVO', version: 2 });
    expect(participant.blockedAt).not.toBeNull();

    const version = { 'if-match': '"2"' };
    for (const write of [
      () => browser.request('PATCH', url, { city: 'Köln' }, version),
      () => browser.post(`${url}/residence-statuses`, { status: 'other', validFrom: '2026-01-01' }, version),
      () => browser.post(`${url}/languages`, { language: 'de', level: 'A1' }, version),
      () => browser.post(`${url}/consents`, { purpose: 'other', scope: 'x', givenOn: '2026-11-01' }, version),
    ]) {
      const refused = await write();
      expect(refused.statusCode).toBe(409);
      expect((refused.json() as { code: string; detail: string }).code).toBe('conflict');
      expect((refused.json() as { detail: string }).detail).toContain('blocked');
    }
    expect((await browser.get(url)).statusCode).toBe(200);
    const search = (await browser.get('/api/v1/participants?blocked=true')).json() as { items: { id: string }[] };
    expect(search.items.map((item) => item.id)).toContain(participant.id);

    // Writes of other areas (cases) ask the participant service first.
    const actor: Actor = {
      userId: user.id,
      organisationId: koeln,
      roles: ['participation_manager'],
      municipalityIds: [koeln],
      activeMunicipalityId: koeln,
      teamIds: [],
    };
    await expect(
      withTenant(database.handle.db, { municipalityId: koeln, userId: user.id }, (trx) =>
        assertWritable(trx, actor, participant.id),
      ),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      withTenant(database.handle.db, { municipalityId: koeln, userId: user.id }, (trx) =>
        assertWritable(trx, { ...actor, activeMunicipalityId: bonn }, participant.id),
      ),
    ).rejects.toMatchObject({ code: 'not_found' });

    expect((await browser.post(`${url}/block`, { reason: 'nochmal' }, version)).statusCode).toBe(409);
    const unblocked = await browser.post(`${url}/unblock`, {}, version);
    expect(unblocked.statusCode, unblocked.body).toBe(200);
    expect(unblocked.json()).toMatchObject({ blockedAt: null, blockedReason: null, version: 3 });
    expect((await browser.request('PATCH', url, { city: 'Köln' }, { 'if-match': '"3"' })).statusCode).toBe(200);
    await withTenant(database.handle.db, { municipalityId: koeln, userId: user.id }, (trx) =>
      assertWritable(trx, actor, participant.id),
    );
    const audit = await adminQuery<{ details: { operation?: string } }>(
      `select details from audit_log where participant_id = $1 and details ? 'operation' order by seq`,
      [participant.id],
    );
    expect(audit.map((row) => row.details.operation)).toEqual(['block', 'unblock']);
  });
});

describe('audit trail', () => {
  it('records every read and write of a participant with its id and the names of changed fields, never values', async () => {
    const participant = await createParticipant({ familyName: 'Audit', givenNames: 'Amir', phone: '0221 555' });
    await manager.get(`/api/v1/participants/${participant.id}`);
    await manager.request(
      'PATCH',
      `/api/v1/participants/${participant.id}`,
      { phone: '0221 556' },
      { 'if-match': '"1"' },
    );
    await manager.get(`/api/v1/participants/${participant.id}/eligibility?strand=FB1`);
    const entries = await adminQuery<{
      action: string;
      resource_type: string;
      changed_fields: string[];
      outcome: string;
      details: Record<string, unknown>;
    }>(
      `select action, resource_type, changed_fields, outcome, details from audit_log
        where participant_id = $1 order by seq`,
      [participant.id],
    );
    expect(entries.map((entry) => [entry.action, entry.resource_type, entry.outcome])).toEqual([
      ['create', 'participant', 'success'],
      ['read', 'participant', 'success'],
      ['update', 'participant', 'success'],
      ['read', 'participant', 'success'],
    ]);
    expect(entries[0]?.changed_fields).toEqual(['familyName', 'givenNames', 'phone']);
    expect(entries[2]?.changed_fields).toEqual(['phone']);
    expect(JSON.stringify(entries)).not.toContain('0221');
    expect(JSON.stringify(entries)).not.toContain('Amir');
  });

  it('records a refused read of a record outside the actor’s reach', async () => {
    const participant = await createParticipant({ familyName: 'Fremd', givenNames: 'Farid' });
    expect((await coach.get(`/api/v1/participants/${participant.id}`)).statusCode).toBe(403);
    const [denial] = await adminQuery<{ action: string; outcome: string }>(
      `select action, outcome from audit_log where participant_id = $1 and outcome = 'denied'`,
      [participant.id],
    );
    expect(denial).toEqual({ action: 'read', outcome: 'denied' });
  });
});

describe('eligibility', () => {
  let young: Participant;
  let old: Participant;

  beforeAll(async () => {
    young = await createParticipant({
      familyName: 'Jung',
      givenNames: 'Yasin',
      birthDate: '2004-03-10',
      birthDatePrecision: 'day',
      accommodation: 'private',
      workPermission: 'banned',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2023-01-01' }],
    });
    old = await createParticipant({
      familyName: 'Alt',
      givenNames: 'Omid',
      birthDate: '1996-01-01',
      birthDatePrecision: 'year',
      accommodation: 'private',
      residenceStatuses: [{ status: 'residence_25a', validFrom: '2025-01-01' }],
    });
  });

  it('decides for a strand on a day with every reason', async () => {
    const fb1 = await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB1&on=2026-11-29`);
    expect(fb1.statusCode, fb1.body).toBe(200);
    expect(fb1.json()).toMatchObject({
      participantId: young.id,
      outcome: 'eligible',
      strand: 'FB1',
      programme: 'diaa',
    });
    // FB2 excludes a legal work ban.
    const fb2 = (await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB2`)).json() as {
      outcome: string;
      evaluatedOn: string;
      reasons: { code: string; effect: string }[];
    };
    expect(fb2.outcome).toBe('not_eligible');
    expect(fb2.evaluatedOn).toBe('2026-11-29');
    expect(fb2.reasons).toContainEqual(expect.objectContaining({ code: 'work_ban.banned', effect: 'not_met' }));
    // Before the 18th birthday.
    const early = (
      await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB1&on=2022-03-09`)
    ).json() as {
      reasons: { code: string }[];
    };
    expect(early.reasons.map((r) => r.code)).toContain('age.too_young');
    const tooOld = (await manager.get(`/api/v1/participants/${old.id}/eligibility?strand=FB1`)).json() as {
      outcome: string;
      reasons: { code: string }[];
    };
    expect(tooOld.outcome).toBe('not_eligible');
    expect(tooOld.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining(['age.too_old', 'residence_status.not_admitted']),
    );
    expect((await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB9`)).statusCode).toBe(400);
    expect(
      (await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB1&on=2026-02-30`)).statusCode,
    ).toBe(400);
    expect(
      (await manager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB1&programme=kim`)).statusCode,
    ).toBe(400);
    expect((await bonnManager.get(`/api/v1/participants/${young.id}/eligibility?strand=FB1`)).statusCode).toBe(404);
  });

  it('applies the municipality’s override, changed by its administrator with If-Match', async () => {
    const policy = await admin.get('/api/v1/municipality-policy/eligibility');
    expect(policy.statusCode).toBe(200);
    expect(policy.headers.etag).toBe('"1"');
    expect(policy.json()).toMatchObject({ municipalityId: koeln, override: null, version: 1 });
    expect((await manager.get('/api/v1/municipality-policy/eligibility')).statusCode).toBe(200);
    const override = { override: { maxAge: 30, admittedStatuses: ['toleration_60a', 'residence_25a'] } };
    expect((await admin.put('/api/v1/municipality-policy/eligibility', override)).statusCode).toBe(428);
    expect(
      (await admin.put('/api/v1/municipality-policy/eligibility', override, { 'if-match': '"2"' })).statusCode,
    ).toBe(412);
    const invalid = await admin.put(
      '/api/v1/municipality-policy/eligibility',
      { override: { minAge: 40, admittedStatuses: ['duldung'], colour: 'red' } },
      { 'if-match': '"1"' },
    );
    expect(invalid.statusCode).toBe(400);
    expect(
      (await manager.put('/api/v1/municipality-policy/eligibility', override, { 'if-match': '"1"' })).statusCode,
    ).toBe(403);
    const saved = await admin.put('/api/v1/municipality-policy/eligibility', override, { 'if-match': '"1"' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(saved.json()).toMatchObject({ version: 2, effective: { maxAge: 30, minAge: 18 } });
    const decision = (await manager.get(`/api/v1/participants/${old.id}/eligibility?strand=FB1`)).json() as {
      outcome: string;
    };
    expect(decision.outcome).toBe('eligible');
    // Bonn keeps the defaults.
    expect(
      ((await bonnManager.get('/api/v1/municipality-policy/eligibility')).json() as { version: number }).version,
    ).toBe(1);
    const reset = await admin.put('/api/v1/municipality-policy/eligibility', { override: null }, { 'if-match': '"2"' });
    expect(reset.json()).toMatchObject({ override: null, version: 3 });
  });

  it('gives the cases area what eligibility depends on', async () => {
    const person = await withTenant(database.handle.db, { municipalityId: koeln, userId: null }, (trx) =>
      eligibilityPersonOf(trx, koeln, young.id),
    );
    expect(person).toEqual({
      birthDate: '2004-03-10',
      birthDatePrecision: 'day',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2023-01-01', validTo: null }],
      accommodation: 'private',
      workPermission: 'banned',
      excludedOffender: false,
    });
    const elsewhere = await withTenant(database.handle.db, { municipalityId: bonn, userId: null }, (trx) =>
      eligibilityPersonOf(trx, bonn, young.id),
    );
    expect(elsewhere).toBeUndefined();
  });
});

describe('API description', () => {
  it('describes the participant routes in the OpenAPI document', async () => {
    const response = await manager.get('/api/openapi.json');
    expect(response.statusCode).toBe(200);
    const paths = Object.keys((response.json() as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/participants',
        '/api/v1/participants/{id}',
        '/api/v1/participants/duplicate-candidates',
        '/api/v1/participants/{id}/residence-statuses/{recordId}',
      ]),
    );
  });
});

import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  PLAIN_COOKIE,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import {
  addDocument,
  assignToCase,
  createCase,
  createFullRecord,
  createParticipant,
} from '../../test/helpers/participant-factories.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { ANONYMISATION_PLAN, personTables } from './anonymisation.rules.ts';
import type { ParticipantExport } from './data-rights.schema.ts';
import { EXPORTED_TABLES, NOT_EXPORTED_TABLES } from './export.service.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
let koeln: string;
let bonn: string;
let manager: TestUser;
let coach: TestUser;
let bonnManager: TestUser;
let ip = 0;

async function adminRows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function signedIn(user: TestUser): Promise<Browser> {
  ip += 1;
  const tab = new Browser(app, `198.51.100.${ip}`);
  clock.advance(31_000); // a fresh TOTP step: codes are usable once
  expect((await tab.login(user, clock, user)).statusCode).toBe(200);
  return tab;
}

/** A person with data in every table, whose case the participation manager of Köln manages. */
async function managersFullRecord() {
  const { db } = database.handle;
  const record = await createFullRecord(db, koeln);
  await assignToCase(
    db,
    koeln,
    { caseId: record.caseId, participantId: record.id },
    manager.id,
    'participation_manager',
  );
  return record;
}

/** The raw bytes of a response (the Browser helper reads bodies as text). */
async function download(tab: Browser, url: string) {
  return app.inject({
    method: 'GET',
    url,
    remoteAddress: tab.ip,
    headers: { 'sec-fetch-site': 'same-origin', cookie: `${PLAIN_COOKIE}=${tab.token ?? ''}` },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  koeln = await createOrganisation(db, 'municipality', 'Stadt Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bundesstadt Bonn');
  manager = await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true });
  coach = await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true });
  bonnManager = await createUser(db, { organisationId: bonn, roles: ['participation_manager'], totp: true });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('coverage', () => {
  it('exports every table that holds a participant (participant and every table with participant_id)', async () => {
    const rows = await adminRows<{ table_name: string }>(
      `select distinct table_name from information_schema.columns
        where table_schema = 'public' and (column_name = 'participant_id' or table_name = 'participant')
        order by 1`,
    );
    expect([...EXPORTED_TABLES, ...Object.keys(NOT_EXPORTED_TABLES)].sort()).toEqual(
      rows.map((row) => row.table_name).sort(),
    );
  });

  it('classifies every column of every scrubbed table for anonymisation', async () => {
    for (const table of personTables) {
      const plan = ANONYMISATION_PLAN[table];
      if (plan.rows !== 'scrub') continue;
      const columns = await adminRows<{ column_name: string }>(
        `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1`,
        [table],
      );
      expect(Object.keys(plan.columns).sort(), table).toEqual(columns.map((c) => c.column_name).sort());
    }
  });
});

describe('OpenAPI', () => {
  it('documents the data-rights routes with their schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: object };
    }>();
    expect(Object.keys(document.paths['/api/v1/participants/{id}/export'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/v1/participants/{id}'] ?? {})).toContain('delete');
    expect(Object.keys(document.paths['/api/v1/municipality-policy/retention'] ?? {}).sort()).toEqual(['get', 'put']);
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['ParticipantExport', 'DeleteParticipant', 'DeletionResult', 'RetentionPolicy']),
    );
    // Found by the API fuzzer: the PDF answer was documented as JSON only.
    const exported = (document.paths['/api/v1/participants/{id}/export']?.get ?? {}) as {
      responses: Record<string, { content?: Record<string, unknown> }>;
    };
    expect(Object.keys(exported.responses['200']?.content ?? {}).sort()).toEqual([
      'application/json',
      'application/pdf',
    ]);
  });
});

describe('Art. 15 export as JSON', () => {
  it('contains the person, every sub-record, the documents and the audit entries about the person', async () => {
    const { db } = database.handle;
    const record = await managersFullRecord();
    const tab = await signedIn(manager);
    const first = await tab.get(`/api/v1/participants/${record.id}/export`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toMatch(/attachment; filename="auskunft-TN-\d{6}-2026-11-29\.json"/);
    // A second export shows the first one in the access log.
    const response = await tab.get(`/api/v1/participants/${record.id}/export?format=json`);
    const report = response.json() as ParticipantExport;
    expect(report.controller.name).toBe('Stadt Köln');
    expect(report.dataSubject).toMatchObject({ participantId: record.id, number: record.number });
    for (const table of EXPORTED_TABLES.filter((t) => t !== 'deletion_ledger')) {
      expect(report.tables[table]?.length ?? 0, table).toBeGreaterThan(0);
    }
    expect(report.tables.participant?.[0]).toMatchObject({
      familyName: 'Haddad',
      familyNameOriginal: 'حداد',
      birthDate: '2003-04-17',
      email: 'samir@example.org',
      street: 'Keupstraße 12',
    });
    expect(report.tables.case_contact?.[0]).toMatchObject({ notes: 'Hat Angst vor der Prüfung, Bruder in Bonn hilft' });
    expect(report.tables.case_assignment?.[0]).toMatchObject({
      userId: manager.id,
      userDisplayName: expect.any(String),
    });
    const document = report.tables.case_document?.[0] as { content: string; sha256: string; contentEncoding: string };
    expect(document.contentEncoding).toBe('base64');
    expect(createHash('sha256').update(Buffer.from(document.content, 'base64')).digest('hex')).toBe(document.sha256);
    const exports = (report.tables.audit_log ?? []).filter((entry) => entry.action === 'export');
    expect(exports).toHaveLength(1);
    expect(exports[0]).toMatchObject({ actorOrganisation: 'Stadt Köln', actorRoles: ['participation_manager'] });
    // Staff identities, addresses and browsers are not part of the person's access log.
    expect(JSON.stringify(report.tables.audit_log)).not.toMatch(/198\.51\.100|Mozilla|actorUserId/);
    expect(report.information.retention.map((item) => item.class)).toContain('Falldaten');
    expect(report.counts.case_contact).toBe(1);

    const audited = await withTenant(db, { municipalityId: koeln, userId: null }, (trx) =>
      trx
        .selectFrom('audit_log')
        .select(['action', 'outcome', 'participant_id', 'actor_user_id'])
        .where('participant_id', '=', record.id)
        .where('action', '=', 'export')
        .execute(),
    );
    expect(audited).toEqual([
      { action: 'export', outcome: 'success', participant_id: record.id, actor_user_id: manager.id },
      { action: 'export', outcome: 'success', participant_id: record.id, actor_user_id: manager.id },
    ]);
  });

  it('includes the records merged into the person', async () => {
    const { db } = database.handle;
    const primary = await createParticipant(db, koeln);
    const duplicate = await createParticipant(db, koeln, { family_name: 'Hadad', merged_into_id: primary.id });
    const tab = await signedIn(manager);
    const report = (await tab.get(`/api/v1/participants/${primary.id}/export`)).json() as ParticipantExport;
    expect(report.dataSubject.recordIds.sort()).toEqual([primary.id, duplicate.id].sort());
    expect(report.tables.participant?.map((row) => row.familyName).sort()).toEqual(['Hadad', 'Haddad']);
  });

  it("lists the feedback links of the person's enrolments with their offer, never the token's hash", async () => {
    const { db } = database.handle;
    const record = await managersFullRecord();
    const tokenHash = createHash('sha256').update('a link secret').digest();
    const enrolmentId = await withTenant(db, { municipalityId: koeln, userId: null }, async (trx) => {
      const enrolment = await trx
        .selectFrom('enrolment')
        .select('id')
        .where('participant_id', '=', record.id)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('feedback_invitation')
        .values([
          {
            municipality_id: koeln,
            enrolment_id: enrolment.id,
            token_hash: tokenHash,
            language: 'ti',
            created_by: manager.id,
            expires_at: new Date('2026-11-20T08:00:00Z'),
            used_at: null,
          },
          {
            municipality_id: koeln,
            enrolment_id: enrolment.id,
            token_hash: createHash('sha256').update('another link secret').digest(),
            language: 'de',
            created_by: manager.id,
            expires_at: new Date('2026-12-06T08:00:00Z'),
            used_at: new Date('2026-11-28T17:30:00Z'),
          },
        ])
        .execute();
      return enrolment.id;
    });
    const tab = await signedIn(manager);
    const response = await tab.get(`/api/v1/participants/${record.id}/export`);
    const report = response.json() as ParticipantExport;
    // Made in one transaction: the same creation time, so the order between them is the ids'.
    const links = [...(report.tables.feedback_invitation ?? [])].sort((a, b) =>
      String(a.expiresAt).localeCompare(String(b.expiresAt)),
    );
    expect(links.map((link) => [link.language, link.expiresAt, link.usedAt])).toEqual([
      ['ti', '2026-11-20T08:00:00.000Z', null],
      ['de', '2026-12-06T08:00:00.000Z', '2026-11-28T17:30:00.000Z'],
    ]);
    expect(links[0]).toMatchObject({
      enrolmentId,
      offerTitle: 'Jugendintegrationskurs B1',
      createdAt: expect.any(String),
    });
    expect(Object.keys(links[0] ?? {}).sort()).toEqual(
      ['createdAt', 'enrolmentId', 'expiresAt', 'id', 'language', 'offerTitle', 'usedAt'].sort(),
    );
    expect(report.counts.feedback_invitation).toBe(2);
    expect(response.body).not.toContain(tokenHash.toString('base64'));
    expect(response.body).not.toContain(tokenHash.toString('hex'));
  });
});

describe('Art. 15 export as PDF', () => {
  it('is a valid PDF in German with the pseudonymous number, the names in their scripts and the documents', async () => {
    const { db } = database.handle;
    const record = await createFullRecord(db, koeln, {
      participantOverrides: { family_name: 'Iwanow', given_names: 'Alexei', family_name_original: 'Иванов' },
    });
    const tab = await signedIn(manager);
    const response = await download(tab, `/api/v1/participants/${record.id}/export?format=pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toMatch(/\.pdf"$/);
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    expect(pdf.numPages).toBeGreaterThanOrEqual(3);
    const { text } = await extractText(pdf, { mergePages: true });
    for (const expected of [
      'Auskunft nach Art. 15 DSGVO',
      record.number,
      'Stadt Köln',
      'Familienname',
      'Iwanow',
      'Иванов',
      'Aufenthaltsstatus',
      'Duldung (§ 60a AufenthG)',
      'Bewerbung bei Schreinerei Müller',
      'Zugriffsprotokoll',
      'Ihre Rechte',
    ]) {
      expect(text, expected).toContain(expected);
    }
    // The document is attached to the PDF as a file.
    const attachments = (await pdf.getAttachments()) as Map<string, { filename: string }> | null;
    expect([...(attachments?.values() ?? [])].map((a) => a.filename)).toContain('zeugnis.pdf');
  });
});

describe('access', () => {
  it('refuses coaches (no export right), other municipalities (404) and unassigned staff on restricted records', async () => {
    const { db } = database.handle;
    const record = await createFullRecord(db, koeln);
    await assignToCase(db, koeln, { caseId: record.caseId, participantId: record.id }, coach.id, 'coach');
    const coachTab = await signedIn(coach);
    expect((await coachTab.get(`/api/v1/participants/${record.id}/export`)).statusCode).toBe(403);
    const bonnTab = await signedIn(bonnManager);
    const foreign = await bonnTab.get(`/api/v1/participants/${record.id}/export`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).not.toContain('Haddad');

    const restricted = await createParticipant(db, koeln, { restricted: true });
    const caseId = await createCase(db, koeln, restricted.id);
    await assignToCase(db, koeln, { caseId, participantId: restricted.id }, coach.id, 'coach');
    const tab = await signedIn(manager);
    const denied = await tab.get(`/api/v1/participants/${restricted.id}/export`);
    expect(denied.statusCode).toBe(403);
    const entries = await withTenant(db, { municipalityId: koeln, userId: null }, (trx) =>
      trx.selectFrom('audit_log').select(['action', 'outcome']).where('participant_id', '=', restricted.id).execute(),
    );
    expect(entries).toEqual([{ action: 'export', outcome: 'denied' }]);
  });

  it('asks for a fresh sign-in (step-up) after 5 minutes', async () => {
    const record = await createParticipant(database.handle.db, koeln);
    const tab = await signedIn(manager);
    clock.advance(6 * 60_000);
    const late = await tab.get(`/api/v1/participants/${record.id}/export`);
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'reauthentication_required' });
  });

  it.each([
    ['/api/v1/participants/not-a-uuid/export', 'id'],
    ['/api/v1/participants/00000000-0000-4000-8000-000000000000/export?format=xml', 'format'],
    ['/api/v1/participants/00000000-0000-4000-8000-000000000000/export?format=json&extra=1', ''],
  ])('answers bad input %s with 400 and field errors', async (url, field) => {
    const tab = await signedIn(manager);
    const response = await tab.get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = response.json() as { errors: { field: string }[] };
    expect(body.errors.length).toBeGreaterThan(0);
    if (field) expect(body.errors.map((e) => e.field)).toContain(field);
  });

  it('answers an unknown id with 404', async () => {
    const tab = await signedIn(manager);
    expect((await tab.get('/api/v1/participants/00000000-0000-4000-8000-000000000000/export')).statusCode).toBe(404);
  });
});

describe('a large record', () => {
  it('exports 500 contacts and 20 documents as JSON and as PDF within 60 s each', async () => {
    const { db } = database.handle;
    const record = await createFullRecord(db, koeln);
    const keys = { caseId: record.caseId, participantId: record.id };
    await withTenant(db, { municipalityId: koeln, userId: null }, (trx) =>
      sql`insert into case_contact (municipality_id, case_id, participant_id, occurred_at, duration_minutes, channel,
                                    topic, attendees, coaching, notes)
          select ${koeln}, ${record.caseId}, ${record.id}, timestamptz '2024-03-01 09:00+01' + n * interval '1 day',
                 30 + n % 60, 'in_person', 'Coaching-Termin ' || n, 'Teilnehmer und Coach', true,
                 repeat('Gesprächsnotiz zu Bewerbung, Sprache und Wohnung. ', 8)
            from generate_series(1, 499) as n`.execute(trx),
    );
    for (let index = 0; index < 19; index += 1) {
      await addDocument(db, koeln, keys, { content: Buffer.alloc(200_000, index), file_name: `scan-${index}.pdf` });
    }
    const tab = await signedIn(manager);
    let started = performance.now();
    const json = await tab.get(`/api/v1/participants/${record.id}/export`);
    const jsonMs = performance.now() - started;
    expect(json.statusCode).toBe(200);
    const report = json.json() as ParticipantExport;
    expect(report.counts).toMatchObject({ case_contact: 500, case_document: 20 });

    started = performance.now();
    const pdf = await download(tab, `/api/v1/participants/${record.id}/export?format=pdf`);
    const pdfMs = performance.now() - started;
    expect(pdf.statusCode).toBe(200);
    const pages = (await getDocumentProxy(new Uint8Array(pdf.rawPayload))).numPages;
    console.info(
      `Art. 15 export, 500 contacts + 20 documents: JSON ${Math.round(jsonMs)} ms (${json.body.length} bytes), ` +
        `PDF ${Math.round(pdfMs)} ms (${pdf.rawPayload.length} bytes, ${pages} pages)`,
    );
    expect(jsonMs).toBeLessThan(60_000);
    expect(pdfMs).toBeLessThan(60_000);
    expect(pages).toBeGreaterThan(20);
  });
});

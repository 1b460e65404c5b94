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
import {
  addConsent,
  addDocument,
  assignToCase,
  createCase,
  createFullRecord,
  createParticipant,
} from '../../test/helpers/participant-factories.ts';
import { applicationJobs } from '../app.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createLogger } from '../platform/logger.ts';
import { createScheduler, listJobRuns } from '../platform/jobs/scheduler.ts';
import { reapplyDeletionLedger } from './erasure.service.ts';
import { runRetention } from './retention.service.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock(new Date('2026-11-29T08:00:00Z'));
let koeln: string;
let bonn: string;
let manager: TestUser;
let coach: TestUser;
let admin: TestUser;
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
  clock.advance(31_000);
  expect((await tab.login(user, clock, user)).statusCode).toBe(200);
  return tab;
}

async function participantRow(id: string) {
  const [row] = await adminRows<Record<string, unknown>>('select * from participant where id = $1', [id]);
  return row;
}

async function ledger(participantId: string) {
  return adminRows<{
    subject: string;
    action: string;
    class: string;
    reason: string;
    evidence: Record<string, unknown>;
  }>('select subject, action, class, reason, evidence from deletion_ledger where participant_id = $1 order by seq', [
    participantId,
  ]);
}

async function audit(participantId: string) {
  return adminRows<{ action: string; outcome: string; changed_fields: string[]; details: Record<string, unknown> }>(
    'select action, outcome, changed_fields, details from audit_log where participant_id = $1 order by seq',
    [participantId],
  );
}

async function count(table: string, participantId: string): Promise<number> {
  const column = table === 'participant' ? 'id' : 'participant_id';
  const [row] = await adminRows<{ n: number }>(`select count(*)::int as n from ${table} where ${column} = $1`, [
    participantId,
  ]);
  return row?.n ?? 0;
}

function erase(tab: Browser, id: string, body: unknown, headers: Record<string, string> = {}) {
  return tab.request('DELETE', `/api/v1/participants/${id}`, body, headers);
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  koeln = await createOrganisation(db, 'municipality', 'Stadt Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bundesstadt Bonn');
  manager = await createUser(db, { organisationId: koeln, roles: ['participation_manager'], totp: true });
  coach = await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true });
  admin = await createUser(db, { organisationId: koeln, roles: ['municipal_admin'], totp: true });
  bonnManager = await createUser(db, { organisationId: bonn, roles: ['participation_manager'], totp: true });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('erasure on request (Art. 17)', () => {
  it('anonymises a person with an ended case: identifying data go, statistical facts stay, with evidence', async () => {
    const { db } = database.handle;
    const record = await createFullRecord(db, koeln, {
      caseOverrides: { exited_on: '2024-06-30', exit_outcome: 'training_dual', exit_notes: 'Vertrag bei Holz Schmitz' },
    });
    await addConsent(db, koeln, record.id, { purpose: 'follow_up_contact' });
    const before = await participantRow(record.id);
    const tab = await signedIn(manager);
    const response = await erase(
      tab,
      record.id,
      { reason: 'no_longer_necessary' },
      { 'if-match': `"${String(before?.version)}"` },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      participantId: record.id,
      action: 'anonymise',
      class: 'case_data',
      ground: 'no_longer_necessary',
      records: 1,
      rows: { participant: 1, case_document: 1, participant_consent: 2, case_contact: 1 },
    });

    const after = await participantRow(record.id);
    expect(after).toMatchObject({
      family_name: '[anonymisiert]',
      given_names: '',
      family_name_original: null,
      given_names_original: null,
      name_keys: [],
      phone: null,
      email: null,
      street: null,
      postcode: null,
      vocational_experience: null,
      // kept for reports
      gender: 'male',
      countries_of_origin: ['SY'],
      city: 'Köln',
      city_district: 'Mülheim',
      birth_date_precision: 'year',
    });
    expect(after?.anonymised_at).toBeInstanceOf(Date);
    expect((after?.birth_date as Date).getFullYear()).toBe(2003);
    expect(after?.number).not.toBe(record.number);
    expect(after?.number).toMatch(/^TN-\d{6}$/);
    expect(await count('case_document', record.id)).toBe(0);
    expect(await count('participant_consent', record.id)).toBe(0);
    const [caseRow] = await adminRows('select * from participant_case where participant_id = $1', [record.id]);
    expect(caseRow).toMatchObject({
      intake_notes: null,
      exit_notes: null,
      exit_outcome: 'training_dual',
      eligibility_reasons: [],
    });
    const [contact] = await adminRows('select * from case_contact where participant_id = $1', [record.id]);
    expect(contact).toMatchObject({
      topic: '[anonymisiert]',
      notes: null,
      attendees: null,
      channel: 'in_person',
      coaching: true,
    });
    const [assessment] = await adminRows<{ areas: Record<string, Record<string, unknown>>; notes: string | null }>(
      'select areas, notes from case_assessment where participant_id = $1',
      [record.id],
    );
    expect(assessment?.notes).toBeNull();
    expect(assessment?.areas.language).toEqual({ needsSupport: true, germanLevel: 'A2' });
    expect(JSON.stringify(assessment?.areas)).not.toMatch(/Tischler|Rücken|Telefon/);
    const [conference] = await adminRows('select * from case_conference where participant_id = $1', [record.id]);
    expect(conference).toMatchObject({ attendees: '[anonymisiert]', findings: null, agreements: null });
    const [status] = await adminRows('select * from participant_residence_status where participant_id = $1', [
      record.id,
    ]);
    expect(status).toMatchObject({ status: 'toleration_60a', notes: null });

    expect(await ledger(record.id)).toEqual([
      expect.objectContaining({
        subject: 'participant',
        action: 'anonymise',
        class: 'case_data',
        reason: 'Art. 17(1)(a) GDPR: no longer necessary',
        evidence: expect.objectContaining({ trigger: 'request', rows: expect.objectContaining({ case_document: 1 }) }),
      }),
    ]);
    // The ledger holds no personal data.
    expect(JSON.stringify(await ledger(record.id))).not.toMatch(/Haddad|Samir|Keupstraße|TN-/);
    expect((await audit(record.id)).at(-1)).toMatchObject({
      action: 'delete',
      outcome: 'success',
      changed_fields: expect.arrayContaining(['family_name', 'phone', 'birth_date']),
      details: expect.objectContaining({ erasure: 'anonymise', trigger: 'request' }),
    });

    // Anonymised already: a second request changes nothing.
    const again = await erase(
      tab,
      record.id,
      { reason: 'no_longer_necessary' },
      { 'if-match': `"${String(after?.version)}"` },
    );
    expect(again.statusCode).toBe(409);
    expect(await ledger(record.id)).toHaveLength(1);
  });

  it('deletes a person who never had a case, with the records merged into it', async () => {
    const { db } = database.handle;
    const person = await createParticipant(db, koeln);
    const duplicate = await createParticipant(db, koeln, { family_name: 'Hadad', merged_into_id: person.id });
    const tab = await signedIn(manager);
    const response = await erase(tab, person.id, { reason: 'consent_withdrawn' }, { 'if-match': '"1"' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      action: 'delete',
      class: 'without_case',
      records: 2,
      rows: { participant: 2 },
    });
    expect(await count('participant', person.id)).toBe(0);
    expect(await count('participant', duplicate.id)).toBe(0);
    expect(await ledger(person.id)).toEqual([expect.objectContaining({ action: 'delete', class: 'without_case' })]);
    expect(await ledger(duplicate.id)).toEqual([
      expect.objectContaining({ action: 'delete', evidence: expect.objectContaining({ mergedInto: person.id }) }),
    ]);
    expect((await audit(person.id)).map((entry) => entry.action)).toContain('delete');
    expect((await tab.get(`/api/v1/participants/${person.id}/export`)).statusCode).toBe(404);
  });

  it('refuses and changes nothing: no If-Match, stale version, open case, blocked, bad body, no step-up, no right, other tenant', async () => {
    const { db } = database.handle;
    const open = await createParticipant(db, koeln);
    await createCase(db, koeln, open.id);
    const blocked = await createParticipant(db, koeln, { blocked_at: new Date(), blocked_reason: 'Rechtsstreit' });
    const plain = await createParticipant(db, koeln);
    const caseId = await createCase(db, koeln, plain.id, { exited_on: '2024-01-31', exit_outcome: 'dropout' });
    await assignToCase(db, koeln, { caseId, participantId: plain.id }, coach.id);
    const tab = await signedIn(manager);
    const cases: [string, Browser, string, unknown, Record<string, string>, number, string?][] = [
      ['no If-Match', tab, plain.id, { reason: 'objection' }, {}, 428],
      ['stale version', tab, plain.id, { reason: 'objection' }, { 'if-match': '"7"' }, 412],
      ['open case', tab, open.id, { reason: 'objection' }, { 'if-match': '"1"' }, 409],
      ['blocked', tab, blocked.id, { reason: 'objection' }, { 'if-match': '"1"' }, 409],
      ['no reason', tab, plain.id, {}, { 'if-match': '"1"' }, 400, 'reason'],
      ['unknown reason', tab, plain.id, { reason: 'because' }, { 'if-match': '"1"' }, 400, 'reason'],
      ['extra field', tab, plain.id, { reason: 'objection', note: 'x' }, { 'if-match': '"1"' }, 400],
      ['bad id', tab, 'not-a-uuid', { reason: 'objection' }, { 'if-match': '"1"' }, 400, 'id'],
      ['coach (no delete right)', await signedIn(coach), plain.id, { reason: 'objection' }, { 'if-match': '"1"' }, 403],
      [
        'other municipality',
        await signedIn(bonnManager),
        plain.id,
        { reason: 'objection' },
        { 'if-match': '"1"' },
        404,
      ],
    ];
    for (const [name, browser, id, body, headers, status, field] of cases) {
      const response = await erase(browser, id, body, headers);
      expect(response.statusCode, name).toBe(status);
      if (field)
        expect(
          (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field),
          name,
        ).toContain(field);
    }
    const late = await signedIn(manager);
    clock.advance(6 * 60_000);
    const stepUp = await erase(late, plain.id, { reason: 'objection' }, { 'if-match': '"1"' });
    expect(stepUp.json()).toMatchObject({ code: 'reauthentication_required' });
    for (const id of [open.id, blocked.id, plain.id]) {
      expect(await participantRow(id)).toMatchObject({ family_name: 'Haddad', anonymised_at: null, version: 1 });
      expect(await ledger(id)).toEqual([]);
    }
  });
});

describe('retention job', () => {
  it('does nothing before the period and anonymises or deletes after it; a second run is a no-op', async () => {
    const { db } = database.handle;
    const municipality = await createOrganisation(db, 'municipality', 'Retentionstadt');
    const ended = await createFullRecord(db, municipality, {
      caseOverrides: { exited_on: '2020-06-30', exit_outcome: 'employment_insured' },
    });
    const followedUp = await createParticipant(db, municipality);
    await createCase(db, municipality, followedUp.id, {
      exited_on: '2020-06-30',
      exit_outcome: 'training_dual',
      followed_up_on: '2021-01-04',
      follow_up_outcome: 'training_dual',
    });
    const open = await createParticipant(db, municipality);
    await createCase(db, municipality, open.id, { opened_on: '2015-01-01' });
    const withoutCase = await createParticipant(db, municipality);
    await adminRows(`update participant set updated_at = '2023-03-10T12:00:00Z' where id = $1`, [withoutCase.id]);

    const run = (at: string) => runRetention(db, { now: () => new Date(at), municipalities: [municipality] });
    expect(await run('2025-03-09T12:00:00Z')).toMatchObject({ anonymised: 0, deleted: 0, failures: 0 });
    expect(await run('2025-03-10T12:00:00Z')).toMatchObject({ anonymised: 0, deleted: 1 });
    expect(await count('participant', withoutCase.id)).toBe(0);
    expect(await run('2025-06-29T12:00:00Z')).toMatchObject({ anonymised: 0, deleted: 0 });
    expect(await run('2025-06-30T12:00:00Z')).toMatchObject({ anonymised: 1, deleted: 0 });
    expect(await participantRow(ended.id)).toMatchObject({ family_name: '[anonymisiert]' });
    expect(await participantRow(followedUp.id)).toMatchObject({ family_name: 'Haddad' });
    expect(await run('2026-01-04T12:00:00Z')).toMatchObject({ anonymised: 1 });
    expect(await participantRow(followedUp.id)).toMatchObject({ family_name: '[anonymisiert]' });

    const ledgerBefore = await adminRows('select * from deletion_ledger where municipality_id = $1', [municipality]);
    expect(ledgerBefore).toHaveLength(3);
    expect(await run('2040-01-01T12:00:00Z')).toMatchObject({
      evaluated: 0,
      anonymised: 0,
      deleted: 0,
      consentData: 0,
    });
    expect(await adminRows('select * from deletion_ledger where municipality_id = $1', [municipality])).toHaveLength(3);
    expect(await participantRow(open.id)).toMatchObject({ family_name: 'Haddad', anonymised_at: null });
    expect((await audit(ended.id)).at(-1)).toMatchObject({
      action: 'delete',
      details: expect.objectContaining({ trigger: 'retention', erasure: 'anonymise', class: 'case_data' }),
    });
  });

  it('applies the municipality rule (delete after 12 months) set through the API', async () => {
    const { db } = database.handle;
    const person = await createParticipant(db, koeln);
    await createCase(db, koeln, person.id, { exited_on: '2025-01-15', exit_outcome: 'moved_away' });
    const tab = await signedIn(admin);
    const policy = await tab.get('/api/v1/municipality-policy/retention');
    const changed = await tab.put(
      '/api/v1/municipality-policy/retention',
      {
        caseData: { periodMonths: 12, action: 'delete', enabled: true },
        consentBased: { periodMonths: 0, action: 'delete', enabled: true },
        withoutCase: { periodMonths: 24, action: 'delete', enabled: true },
      },
      { 'if-match': String(policy.headers.etag) },
    );
    expect(changed.statusCode).toBe(200);
    await runRetention(db, { now: () => new Date('2026-01-14T12:00:00Z'), municipalities: [koeln] });
    expect(await count('participant', person.id)).toBe(1);
    await runRetention(db, { now: () => new Date('2026-01-15T12:00:00Z'), municipalities: [koeln] });
    expect(await count('participant', person.id)).toBe(0);
    expect(await ledger(person.id)).toEqual([expect.objectContaining({ action: 'delete', class: 'case_data' })]);
  });

  it('deletes exactly the data of a revoked consent', async () => {
    const { db } = database.handle;
    const municipality = await createOrganisation(db, 'municipality', 'Einwilligungsstadt');
    const person = await createParticipant(db, municipality);
    const caseId = await createCase(db, municipality, person.id, { exited_on: '2025-10-01', exit_outcome: 'other' });
    const keys = { caseId, participantId: person.id };
    await addDocument(db, municipality, keys, { kind: 'other', content_type: 'image/jpeg', file_name: 'foto.jpg' });
    await addDocument(db, municipality, keys, {
      kind: 'certificate',
      content_type: 'image/png',
      file_name: 'zeugnis.png',
    });
    await addDocument(db, municipality, keys, {
      kind: 'other',
      content_type: 'application/pdf',
      file_name: 'brief.pdf',
    });
    await addConsent(db, municipality, person.id, { purpose: 'follow_up_contact', revoked_on: '2026-01-10' });
    await addConsent(db, municipality, person.id, { purpose: 'photo_documents', revoked_on: '2026-01-10' });
    await addConsent(db, municipality, person.id, { purpose: 'data_sharing_providers', revoked_on: '2026-01-10' });

    const run = (at: string) => runRetention(db, { now: () => new Date(at), municipalities: [municipality] });
    expect(await run('2026-01-09T12:00:00Z')).toMatchObject({ consentData: 0 });
    expect(await run('2026-01-10T12:00:00Z')).toMatchObject({
      consentData: 2,
      anonymised: 0,
      deleted: 0,
    });
    expect(await participantRow(person.id)).toMatchObject({
      phone: null,
      email: null,
      street: null,
      postcode: null,
      family_name: 'Haddad',
      city: 'Köln',
      anonymised_at: null,
    });
    const files = await adminRows<{ file_name: string }>(
      'select file_name from case_document where participant_id = $1 order by file_name',
      [person.id],
    );
    expect(files.map((file) => file.file_name)).toEqual(['brief.pdf', 'zeugnis.png']);
    const entries = await ledger(person.id);
    expect(entries).toEqual([
      expect.objectContaining({
        subject: 'consent_data',
        evidence: expect.objectContaining({ purpose: 'follow_up_contact', rows: { participant: 1 } }),
      }),
      expect.objectContaining({
        subject: 'consent_data',
        evidence: expect.objectContaining({ purpose: 'photo_documents', rows: { case_document: 1 } }),
      }),
    ]);
    expect((await audit(person.id)).filter((entry) => entry.action === 'delete')).toHaveLength(2);
    // Nothing left to do.
    expect(await run('2026-02-01T12:00:00Z')).toMatchObject({ consentData: 0 });
    expect(await ledger(person.id)).toHaveLength(2);
  });

  it('keeps contact details while a case is open but deletes the photos', async () => {
    const { db } = database.handle;
    const municipality = await createOrganisation(db, 'municipality', 'Offenstadt');
    const person = await createParticipant(db, municipality);
    const caseId = await createCase(db, municipality, person.id);
    await addDocument(
      db,
      municipality,
      { caseId, participantId: person.id },
      { kind: 'other', content_type: 'image/jpeg' },
    );
    await addConsent(db, municipality, person.id, { purpose: 'follow_up_contact', revoked_on: '2026-01-10' });
    await addConsent(db, municipality, person.id, { purpose: 'photo_documents', revoked_on: '2026-01-10' });
    await runRetention(db, { now: () => new Date('2026-03-01T12:00:00Z'), municipalities: [municipality] });
    expect(await participantRow(person.id)).toMatchObject({ phone: '+49 221 1234567' });
    expect(await count('case_document', person.id)).toBe(0);
  });

  it('runs as the scheduled job "retention", recorded in job_run', async () => {
    const { db } = database.handle;
    const scheduler = createScheduler({
      db,
      logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
      instance: 'test',
    });
    for (const job of applicationJobs({ db, now: () => new Date('2026-01-01T01:30:00Z') })) scheduler.register(job);
    expect(scheduler.jobs().map((job) => job.name)).toEqual(['retention', 'purge', 'measure-careers', 'eligibility']);
    const outcome = await scheduler.runSlot('retention', new Date('2026-01-01T01:30:00Z'));
    expect(outcome.status).toBe('succeeded');
    const [run] = await listJobRuns(db, { job: 'retention' });
    expect(run?.result).toMatchObject({ municipalities: expect.any(Number), failures: 0 });
    expect(scheduler.nextRun('retention', new Date('2026-07-01T12:00:00Z'))?.toISOString()).toBe(
      '2026-07-02T00:30:00.000Z', // 02:30 in Berlin summer time
    );
  });
});

describe('deletion ledger re-application after a restore', () => {
  const tables = [
    'participant',
    'participant_residence_status',
    'participant_language',
    'participant_schooling',
    'participant_consent',
    'participant_case',
    'case_assessment',
    'case_goal',
    'case_step',
    'case_contact',
    'case_referral',
    'case_conference',
    'case_document',
  ];

  it('erases again the people an older backup brings back, and then does nothing', async () => {
    const { db } = database.handle;
    const municipality = await createOrganisation(db, 'municipality', 'Restorestadt');
    const deleted = await createParticipant(db, municipality);
    await adminRows(`update participant set updated_at = '2020-01-01T12:00:00Z' where id = $1`, [deleted.id]);
    const anonymised = await createFullRecord(db, municipality, {
      caseOverrides: { exited_on: '2019-01-31', exit_outcome: 'dropout' },
    });
    const revoked = await createParticipant(db, municipality);
    await createCase(db, municipality, revoked.id, { exited_on: '2025-12-01', exit_outcome: 'other' });
    await addConsent(db, municipality, revoked.id, { purpose: 'follow_up_contact' });
    const ids = [deleted.id, anonymised.id, revoked.id];

    // The "backup": every row of the three people as it is now (JSON from PostgreSQL, bytea as hex).
    const backup = new Map<string, unknown[]>();
    for (const table of tables) {
      const column = table === 'participant' ? 'id' : 'participant_id';
      const rows = await adminRows<{ row: unknown }>(
        `select row_to_json(t) as row from ${table} t where ${column} = any($1)`,
        [ids],
      );
      backup.set(
        table,
        rows.map((r) => r.row),
      );
    }

    // Then: the person without a case is deleted, the old case anonymised, the follow-up consent revoked.
    await adminRows(`update participant_consent set revoked_on = '2026-01-02' where participant_id = $1`, [revoked.id]);
    const report = await runRetention(db, {
      now: () => new Date('2026-01-02T12:00:00Z'),
      municipalities: [municipality],
    });
    expect(report).toMatchObject({ deleted: 1, anonymised: 1, consentData: 1 });
    expect(await count('participant', deleted.id)).toBe(0);

    // Restore of the older backup: the rows come back as they were.
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      await client.query('delete from participant where id = any($1)', [ids]);
      for (const table of tables) {
        for (const row of backup.get(table) ?? []) {
          await client.query(`insert into ${table} select * from json_populate_record(null::${table}, $1)`, [
            JSON.stringify(row),
          ]);
        }
      }
    } finally {
      await client.end();
    }
    expect(await count('participant', deleted.id)).toBe(1);
    expect(await participantRow(anonymised.id)).toMatchObject({ family_name: 'Haddad', anonymised_at: null });
    expect(await participantRow(revoked.id)).toMatchObject({ phone: '+49 221 1234567' });

    const reapplied = await reapplyDeletionLedger(db, { now: () => new Date('2026-02-01T03:00:00Z') });
    expect(reapplied).toMatchObject({ deleted: 1, anonymised: 1, consentData: 1 });
    expect(await count('participant', deleted.id)).toBe(0);
    expect(await participantRow(anonymised.id)).toMatchObject({ family_name: '[anonymisiert]', phone: null });
    expect(await count('case_document', anonymised.id)).toBe(0);
    expect(await participantRow(revoked.id)).toMatchObject({ phone: null, email: null, family_name: 'Haddad' });
    const [consent] = await adminRows<{ revoked_on: Date | null }>(
      'select revoked_on from participant_consent where participant_id = $1',
      [revoked.id],
    );
    expect(consent?.revoked_on).not.toBeNull();
    expect((await ledger(deleted.id)).at(-1)).toMatchObject({
      reason: expect.stringMatching(/^reapplied after a restore/),
    });

    const ledgerRows = (await adminRows('select seq from deletion_ledger')).length;
    expect(await reapplyDeletionLedger(db)).toMatchObject({ deleted: 0, anonymised: 0, consentData: 0 });
    expect((await adminRows('select seq from deletion_ledger')).length).toBe(ledgerRows);
  });
});

describe('retention policy API', () => {
  it('shows the defaults, changes with If-Match after a step-up, and lists every problem', async () => {
    const municipality = await createOrganisation(database.handle.db, 'municipality', 'Policystadt');
    const localAdmin = await createUser(database.handle.db, {
      organisationId: municipality,
      roles: ['municipal_admin'],
      totp: true,
    });
    const localManager = await createUser(database.handle.db, {
      organisationId: municipality,
      roles: ['participation_manager'],
      totp: true,
    });
    const reader = await signedIn(localManager);
    const initial = await reader.get('/api/v1/municipality-policy/retention');
    expect(initial.statusCode).toBe(200);
    expect(initial.headers.etag).toBe('"1"');
    expect(initial.json()).toMatchObject({
      caseData: { periodMonths: 60, action: 'anonymise', enabled: true, isDefault: true, minimumPeriodMonths: 6 },
      consentBased: { periodMonths: 0, action: 'delete', isDefault: true },
      withoutCase: { periodMonths: 24, action: 'delete', isDefault: true },
      version: 1,
    });
    const body = {
      caseData: { periodMonths: 72, action: 'anonymise', enabled: true },
      consentBased: { periodMonths: 1, action: 'delete', enabled: true },
      withoutCase: { periodMonths: 12, action: 'delete', enabled: false },
    };
    expect((await reader.put('/api/v1/municipality-policy/retention', body, { 'if-match': '"1"' })).statusCode).toBe(
      403,
    );

    const tab = await signedIn(localAdmin);
    expect((await tab.put('/api/v1/municipality-policy/retention', body)).statusCode).toBe(428);
    const invalid = await tab.put(
      '/api/v1/municipality-policy/retention',
      {
        caseData: { periodMonths: 3, action: 'anonymise', enabled: true },
        consentBased: { periodMonths: 0, action: 'anonymise', enabled: true },
        withoutCase: { periodMonths: 0, action: 'delete', enabled: true },
      },
      { 'if-match': '"1"' },
    );
    expect(invalid.statusCode).toBe(400);
    expect((invalid.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      'caseData.periodMonths',
      'consentBased.action',
      'withoutCase.periodMonths',
    ]);
    const malformed = await tab.put(
      '/api/v1/municipality-policy/retention',
      { caseData: { periodMonths: -1, action: 'keep', enabled: 'yes' } },
      { 'if-match': '"1"' },
    );
    expect(malformed.statusCode).toBe(400);
    expect((malformed.json() as { errors: unknown[] }).errors.length).toBeGreaterThanOrEqual(5);

    const changed = await tab.put('/api/v1/municipality-policy/retention', body, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      caseData: { periodMonths: 72, isDefault: false },
      withoutCase: { enabled: false },
    });
    const version = String(changed.headers.etag);
    expect(version).toBe('"4"');
    expect((await tab.put('/api/v1/municipality-policy/retention', body, { 'if-match': '"1"' })).statusCode).toBe(412);
    const again = await tab.put('/api/v1/municipality-policy/retention', body, { 'if-match': version });
    expect(again.headers.etag).toBe('"7"');

    const entries = await adminRows<{ action: string; changed_fields: string[] }>(
      `select action, changed_fields from audit_log where municipality_id = $1 and resource_type = 'policy' and outcome = 'success'`,
      [municipality],
    );
    expect(entries[0]?.changed_fields.sort()).toEqual([
      'caseData.periodMonths',
      'consentBased.periodMonths',
      'withoutCase.enabled',
      'withoutCase.periodMonths',
    ]);
    clock.advance(6 * 60_000);
    const late = await tab.put('/api/v1/municipality-policy/retention', body, { 'if-match': '"7"' });
    expect(late.json()).toMatchObject({ code: 'reauthentication_required' });
  });
});

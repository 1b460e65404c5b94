// Participant imports on a real database: broken files write nothing and name every problem by row and column;
// --skip-invalid imports the rest; a second import of the same file changes nothing, a changed row updates only
// what changed (audited by field name); the API imports in the background for the participation manager only.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildAccountsApp, createOrganisation, createUser } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createParticipantImportService, type ParticipantImportService } from './participant-import.service.ts';
import type { ParticipantImport } from './participant-import.schema.ts';
import { spawnCli } from '../../test/helpers/cli.ts';

let database: TestDatabase;
let service: ParticipantImportService;
let municipalityId: string;
let otherMunicipalityId: string;
let directory: string;

const encode = (text: string) => new TextEncoder().encode(text);

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

async function count(table: string, where = 'true', values: unknown[] = []): Promise<number> {
  const [row] = await admin<{ n: string }>(`select count(*) as n from ${table} where ${where}`, values);
  return Number(row?.n ?? 0);
}

const HEADER =
  'external_id;family_name;given_names;birth_date;gender;countries_of_origin;residence_status;residence_status_valid_from;german_level;first_language;phone';

function rows(from: number, to: number, prefix = 'K'): string[] {
  const result: string[] = [];
  for (let i = from; i <= to; i += 1) {
    result.push(
      `${prefix}-${i};Familie${i};Vorname${i};${1995 + (i % 8)}-0${1 + (i % 9)}-1${i % 10};${i % 6 === 0 ? 'female' : 'male'};AF|IR;toleration_60a;2021-0${1 + (i % 9)}-01;A2;prs;0221 ${100000 + i}`,
    );
  }
  return result;
}

beforeAll(async () => {
  database = await createTestDatabase();
  municipalityId = await createOrganisation(database.handle.db, 'municipality', 'Stadt Importhausen');
  otherMunicipalityId = await createOrganisation(database.handle.db, 'municipality', 'Stadt Anderswo');
  service = createParticipantImportService({ db: database.handle.db, now: () => new Date('2026-11-29T10:00:00Z') });
  directory = await mkdtemp(join(tmpdir(), 'durchstarten-import-'));
});

afterAll(async () => {
  await database?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('import as the operator', () => {
  it('writes nothing for a file with broken rows and lists every problem with row and column, no cell values', async () => {
    const file = [
      HEADER,
      ...rows(1, 3),
      'K-4;;Ohne;2001-13-01;robot;DE|ZZ;toleration_60a;;C9;Arabic;not a phone!',
      'K-2;Doppelt;Eintrag;2000;male;;;;;;',
      'K-6;Zukunft;Person;2090-01-01;male;;;;;;',
    ].join('\n');
    const outcome = await service.importAsOperator(municipalityId, {
      fileName: 'kaputt.csv',
      skipInvalid: false,
      content: encode(file),
    });
    expect(outcome.import).toMatchObject({ status: 'invalid', totalRows: 6, createdRows: 0, processedRows: 0 });
    expect(await count('participant')).toBe(0);
    const found = outcome.problems.map((p) => `${p.row}:${p.column}`);
    expect(found).toEqual(
      expect.arrayContaining([
        '5:family_name',
        '5:birth_date',
        '5:gender',
        '5:countries_of_origin',
        '5:residence_status_valid_from',
        '5:german_level',
        '5:first_language',
        '5:phone',
        '6:external_id',
        '7:birth_date',
      ]),
    );
    expect(outcome.problems.every((p) => p.severity === 'error')).toBe(true);
    // Stored with the import, and free of what the cells held.
    const [stored] = await admin<{ errors: unknown }>('select errors from participant_import where id = $1', [
      outcome.import.id,
    ]);
    const text = JSON.stringify(stored?.errors);
    for (const cell of ['robot', 'Arabic', 'not a phone', '2001-13-01', 'ZZ', 'C9', 'Doppelt'])
      expect(text).not.toContain(cell);
    expect(await count('audit_log', "resource_type = 'participant_import' and details->>'status' = 'invalid'")).toBe(1);
  });

  it('imports the valid rows with skipInvalid and reports the others', async () => {
    const file = [HEADER, ...rows(1, 3), 'K-4;;x;;;;;;;;'].join('\n');
    const outcome = await service.importAsOperator(municipalityId, {
      fileName: 'teilweise.csv',
      skipInvalid: true,
      content: encode(file),
    });
    expect(outcome.import).toMatchObject({
      status: 'succeeded',
      totalRows: 4,
      createdRows: 3,
      skippedRows: 1,
      processedRows: 4,
    });
    expect(outcome.problems.map((p) => `${p.row}:${p.column}:${p.code}`)).toEqual(['5:family_name:too_small']);
    const people = await admin<{ number: string; external_id: string; name_keys: string[] }>(
      'select number, external_id, name_keys from participant order by number',
    );
    expect(people.map((p) => [p.number, p.external_id])).toEqual([
      ['TN-000001', 'K-1'],
      ['TN-000002', 'K-2'],
      ['TN-000003', 'K-3'],
    ]);
    expect(people.every((p) => p.name_keys.length > 0)).toBe(true);
    expect(await count('participant_residence_status', "status = 'toleration_60a' and valid_to is null")).toBe(3);
    expect(await count('participant_language')).toBe(6);
    // One entry per created participant, as intake writes it, and one for the import.
    expect(
      await count('audit_log', "action = 'create' and resource_type = 'participant' and participant_id is not null"),
    ).toBe(3);
    expect(await count('audit_log', "resource_type = 'participant_import' and details->>'created' = '3'")).toBe(1);
  });

  it('changes nothing when the same file is imported again', async () => {
    const file = [HEADER, ...rows(1, 3)].join('\n');
    const before = await admin<{ id: string; version: number }>('select id, version from participant order by id');
    const outcome = await service.importAsOperator(municipalityId, {
      fileName: 'wieder.csv',
      skipInvalid: false,
      content: encode(file),
    });
    expect(outcome.import).toMatchObject({ status: 'succeeded', createdRows: 0, updatedRows: 0, unchangedRows: 3 });
    expect(await admin('select id, version from participant order by id')).toEqual(before);
    expect(await count('participant_residence_status')).toBe(3);
  });

  it('updates only what a changed row changes, audited with the names of the fields', async () => {
    const changed = rows(2, 2)[0]
      ?.replace('0221 100002', '0221 999999')
      .replace('toleration_60a;2021-03-01', 'toleration_60c;2024-05-01');
    const file = [HEADER, ...rows(1, 1), changed].join('\n');
    const outcome = await service.importAsOperator(municipalityId, {
      fileName: 'geaendert.csv',
      skipInvalid: false,
      content: encode(file),
    });
    expect(outcome.import).toMatchObject({ status: 'succeeded', updatedRows: 1, unchangedRows: 1 });
    const [person] = await admin<{ id: string; phone: string; version: number }>(
      "select id, phone, version from participant where external_id = 'K-2'",
    );
    expect(person).toMatchObject({ phone: '0221 999999', version: 2 });
    const statuses = await admin<{ status: string; valid_to: string | null }>(
      'select status, valid_to::text from participant_residence_status where participant_id = $1 order by valid_from',
      [person?.id],
    );
    expect(statuses).toEqual([
      { status: 'toleration_60a', valid_to: '2024-04-30' },
      { status: 'toleration_60c', valid_to: null },
    ]);
    const [audit] = await admin<{ changed_fields: string[] }>(
      "select changed_fields from audit_log where action = 'update' and participant_id = $1",
      [person?.id],
    );
    expect(audit?.changed_fields).toEqual(['phone', 'residenceStatuses']);
  });

  it('warns about rows that look like existing participants', async () => {
    const file = [HEADER, 'Z-1;Familie1;Vorname1;1996-02-11;male;AF;;;;;'].join('\n');
    const outcome = await service.importAsOperator(municipalityId, {
      fileName: 'aehnlich.csv',
      skipInvalid: false,
      content: encode(file),
    });
    expect(outcome.import.status).toBe('succeeded');
    expect(outcome.problems).toEqual([
      expect.objectContaining({ row: 2, column: 'family_name', code: 'possible_duplicate', severity: 'warning' }),
    ]);
    expect(outcome.problems[0]?.message).toContain('TN-000001');
  });

  it('reads a comma-separated file with a BOM; other municipalities keep their own external ids', async () => {
    const file = '\uFEFFexternal_id,family_name,given_names\r\nK-1,Anders,Jemand\r\n';
    const outcome = await service.importAsOperator(otherMunicipalityId, {
      fileName: 'bom.csv',
      skipInvalid: false,
      content: encode(file),
    });
    expect(outcome.import).toMatchObject({ status: 'succeeded', createdRows: 1 });
    expect(await count('participant', 'municipality_id = $1', [otherMunicipalityId])).toBe(1);
    expect(
      await count('participant', "municipality_id = $1 and external_id = 'K-1' and family_name = 'Familie1'", [
        municipalityId,
      ]),
    ).toBe(1);
  });

  it('imports 5,000 rows in batches and records the time', async () => {
    const file = [HEADER, ...rows(1000, 5999, 'P')].join('\n');
    const progress: number[] = [];
    const started = performance.now();
    const outcome = await service.importAsOperator(
      municipalityId,
      { fileName: 'gross.csv', skipInvalid: false, content: encode(file) },
      (p) => progress.push(p.processed),
    );
    const seconds = (performance.now() - started) / 1000;
    console.info(`import of 5,000 rows: ${seconds.toFixed(1)} s (${Math.round(5000 / seconds)} rows/s)`);
    expect(outcome.import).toMatchObject({ status: 'succeeded', createdRows: 5000, processedRows: 5000 });
    expect(progress).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    expect(seconds).toBeLessThan(120);
    const [numbers] = await admin<{ n: string; distinct: string }>(
      'select count(*) as n, count(distinct number) as distinct from participant where municipality_id = $1',
      [municipalityId],
    );
    expect(numbers?.n).toBe(numbers?.distinct);
  });
});

describe('the command line', () => {
  function cli(args: string[]) {
    return spawnCli({ databaseUrl: database.adminUrl }, args);
  }

  it('validates without writing (--dry-run), refuses broken files with exit 2 and writes the report', async () => {
    const file = join(directory, 'cli.csv');
    const report = join(directory, 'report.csv');
    await writeFile(file, [HEADER, ...rows(1, 2, 'C'), 'C-3;;;;;;;;;;'].join('\n'));
    const before = await count('participant');
    const dry = cli(['import', 'participants', file, '--municipality', 'Stadt Importhausen', '--dry-run']);
    expect(dry.status).toBe(2);
    expect(dry.stdout).toContain('would create 2');
    const refused = cli(['import', 'participants', file, '--municipality', municipalityId, '--report', report]);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toContain('row 4, family_name');
    expect(await readFile(report, 'utf8')).toContain('4;family_name;error;too_small;');
    expect(await count('participant')).toBe(before);
    const skipped = cli(['import', 'participants', file, '--municipality', 'stadt importhausen', '--skip-invalid']);
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).toContain('created 2');
    expect(await count('participant')).toBe(before + 2);
    const unknown = cli(['import', 'participants', file, '--municipality', 'Atlantis']);
    expect(unknown.status).toBe(2);
  });
});

describe('the API', () => {
  let app: HttpServer;
  let manager: Browser;

  async function signIn(
    roles: ('participation_manager' | 'coach')[],
    organisationId = municipalityId,
  ): Promise<Browser> {
    const user = await createUser(database.handle.db, { organisationId, roles, isDemo: true });
    const browser = new Browser(app, `198.51.100.${Math.floor(Math.random() * 200) + 20}`);
    const response = await browser.post('/api/v1/auth/login', { email: user.email, password: user.password });
    expect(response.statusCode, response.body).toBe(200);
    return browser;
  }

  async function upload(browser: Browser, body: string, query = '') {
    return browser.post(`/api/v1/participant-imports${query}`, body, { 'content-type': 'text/csv; charset=utf-8' });
  }

  async function settled(browser: Browser, id: string): Promise<ParticipantImport> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const response = await browser.get(`/api/v1/participant-imports/${id}`);
      const body = response.json() as ParticipantImport;
      if (!['validating', 'importing'].includes(body.status)) return body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('import did not finish');
  }

  beforeAll(async () => {
    app = await buildAccountsApp(database);
    manager = await signIn(['participation_manager']);
  });

  afterAll(async () => app?.close());

  it('accepts a CSV upload (202), imports it in the background and shows progress and problems', async () => {
    const response = await upload(
      manager,
      [HEADER, ...rows(1, 2, 'W'), 'W-3;;;;;;;;;;'].join('\n'),
      '?skipInvalid=true&fileName=web.csv',
    );
    expect(response.statusCode, response.body).toBe(202);
    const started = response.json() as ParticipantImport;
    expect(response.headers.location).toBe(`/api/v1/participant-imports/${started.id}`);
    expect(started).toMatchObject({ status: 'validating', fileName: 'web.csv', skipInvalid: true });
    const done = await settled(manager, started.id);
    expect(done).toMatchObject({ status: 'succeeded', totalRows: 3, createdRows: 2, skippedRows: 1 });
    expect(done.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ row: 4, column: 'family_name', severity: 'error' }),
    ]);
    const list = await manager.get('/api/v1/participant-imports?limit=2');
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: ParticipantImport[] }).items[0]?.id).toBe(started.id);
    const [audit] = await admin<{ actor_user_id: string | null }>(
      "select actor_user_id from audit_log where action = 'create' and resource_type = 'participant' and details->>'importId' = $1 limit 1",
      [started.id],
    );
    expect(audit?.actor_user_id).not.toBeNull();
  });

  it('refuses bad input with 4xx and problem details, never 5xx', async () => {
    const wrongType = await manager.post('/api/v1/participant-imports', '{}', { 'content-type': 'application/json' });
    expect(wrongType.statusCode).toBe(415);
    const badQuery = await upload(manager, HEADER, '?skipInvalid=maybe');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json()).toMatchObject({ code: 'validation_failed' });
    expect((await manager.get('/api/v1/participant-imports/not-a-uuid')).statusCode).toBe(400);
    expect((await manager.get('/api/v1/participant-imports?sort=fileName')).statusCode).toBe(400);
    const tooLarge = await upload(manager, `${HEADER}\n${'x'.repeat(21 * 1024 * 1024)}`);
    expect(tooLarge.statusCode).toBe(413);
    const empty = await upload(manager, '');
    expect(empty.statusCode).toBeLessThan(500);
  });

  it('keeps imports within their municipality and from coaches', async () => {
    const other = await signIn(['participation_manager'], otherMunicipalityId);
    const [own] = await admin<{ id: string }>('select id from participant_import where municipality_id = $1 limit 1', [
      municipalityId,
    ]);
    expect((await other.get(`/api/v1/participant-imports/${own?.id}`)).statusCode).toBe(404);
    const coach = await signIn(['coach']);
    expect((await upload(coach, [HEADER, ...rows(1, 1, 'Q')].join('\n'))).statusCode).toBe(403);
    expect((await coach.get('/api/v1/participant-imports')).statusCode).toBe(403);
    expect(await count('participant', "external_id like 'Q-%'")).toBe(0);
  });
});

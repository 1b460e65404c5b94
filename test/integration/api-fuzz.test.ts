// API fuzzing (issue 5, quality target "Reliability"): every operation of /api/openapi.json, for every
// role, the second tenant and an anonymous client, with generated valid and malformed input. Asserts no
// 5xx, every response valid against its declared schema, and that rejected requests changed nothing.
// CI size by default; `npm run fuzz -- --runs N --seed S` runs the same test longer (FUZZ_* variables).
import { randomInt } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { FakeClock, TEST_SECRET_KEY } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { runCampaign, type CampaignReport } from '../fuzz/campaign.ts';
import { DatabaseFingerprinter } from '../fuzz/fingerprint.ts';
import { createFuzzWorld, type FuzzWorld } from '../fuzz/fixture.ts';
import { operationsOf, type JsonSchema, type OpenApiDocument, type Operation } from '../fuzz/openapi.ts';
import { ResponseChecker } from '../fuzz/response-check.ts';
import { schemaArbitrary } from '../fuzz/schema-arbitrary.ts';
import { EXEMPT_COLUMNS, EXEMPT_TABLES, SKIPPED_OPERATIONS } from '../fuzz/policy.ts';
import { formatReport, reproduction } from '../fuzz/report.ts';

const settings = {
  seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31),
  runsAllowed: Number(process.env.FUZZ_RUNS ?? 5),
  runsDenied: Number(process.env.FUZZ_RUNS_DENIED ?? 1),
  getFingerprintRate: Number(process.env.FUZZ_GET_FINGERPRINT_RATE ?? 1),
  routeFilter: process.env.FUZZ_ROUTE || undefined,
  verbose: process.env.FUZZ_VERBOSE === '1',
};

let database: TestDatabase;
let app: HttpServer;
let world: FuzzWorld;
let fingerprinter: DatabaseFingerprinter;
let admin: pg.Client;
let document: OpenApiDocument;
let operations: Operation[];
// From the real time on: rows the factories insert take the database's now(), which the app's clock must not precede.
const clock = new FakeClock(new Date());
/** Errors behind 5xx answers, by request id: a finding shows what broke, not only that something did. */
const serverErrors = new Map<string, string>();

beforeAll(async () => {
  database = await createTestDatabase();
  // As buildAccountsApp (fake clock, known key), plus a hook that keeps the error behind each 5xx.
  app = await buildApp({
    config: database.config,
    logger: createLogger(database.config),
    database: database.handle,
    webRoot: '/nonexistent-web-root',
    secretKey: TEST_SECRET_KEY,
    now: clock.now,
  });
  app.addHook('onError', async (request, _reply, error) => {
    const cause =
      error.cause === undefined ? '' : `\n    cause: ${JSON.stringify(error.cause, null, 0)?.slice(0, 1500)}`;
    serverErrors.set(request.id, `${(error.stack ?? String(error)).split('\n').slice(0, 4).join('\n')}${cause}`);
  });
  await app.ready();
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  document = response.json();
  operations = operationsOf(document);
  world = await createFuzzWorld(database, app, clock, { peoplePerMunicipality: 8 });
  fingerprinter = new DatabaseFingerprinter(database.adminUrl, {
    ignoredColumns: Object.fromEntries(
      Object.entries(EXEMPT_COLUMNS).map(([table, columns]) => [table, Object.keys(columns)]),
    ),
    countedOnly: Object.keys(EXEMPT_TABLES),
  });
  await fingerprinter.open();
  admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
}, 180_000);

afterAll(async () => {
  await admin?.end();
  await fingerprinter?.close();
  await world?.close();
  await app?.close();
  await database?.close();
});

describe('API fuzzing', () => {
  it('knows every operation of the document and skips only listed, existing ones', () => {
    expect(operations.length).toBeGreaterThan(80);
    const keys = new Set(operations.map((operation) => operation.key));
    expect(Object.keys(SKIPPED_OPERATIONS).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('exempts only tables and columns that exist', async () => {
    expect(Object.keys(EXEMPT_TABLES).filter((table) => !fingerprinter.tables.includes(table))).toEqual([]);
    const listed = Object.entries(EXEMPT_COLUMNS).flatMap(([table, columns]) =>
      Object.keys(columns).map((column) => [table, column]),
    );
    const missing = [];
    for (const [table, column] of listed) {
      const found = await admin.query(
        `select 1 from information_schema.columns where table_schema = 'public' and table_name = $1 and column_name = $2`,
        [table, column],
      );
      if (found.rowCount === 0) missing.push(`${table}.${column}`);
    }
    expect(missing).toEqual([]);
  });

  it('generates valid values: sampled bodies and query strings of every operation pass their own schemas', () => {
    const checker = new ResponseChecker(document);
    const problems: string[] = [];
    for (const operation of operations) {
      const parts: [string, JsonSchema][] = [];
      const body = operation.body?.content['application/json'];
      if (body) parts.push(['body', body]);
      for (const parameter of [...operation.queryParams, ...operation.pathParams]) {
        parts.push([`parameter ${parameter.name}`, parameter.schema]);
      }
      for (const [part, schema] of parts) {
        const samples = fc.sample(schemaArbitrary(schema, { document, maxItems: 2 }), {
          seed: settings.seed,
          numRuns: 15,
        });
        for (const value of samples) {
          const found = checker.schemaProblems(`${operation.key} ${part}`, schema, value);
          if (found.length > 0)
            problems.push(`${operation.key} ${part}: ${found.join('; ')} in ${JSON.stringify(value)?.slice(0, 200)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('notices what it is there to notice: undeclared statuses, wrong bodies, silent validation failures, changed rows', async () => {
    const checker = new ResponseChecker(document);
    const me = operations.find((operation) => operation.key === 'GET /api/v1/me');
    if (!me) throw new Error('GET /api/v1/me is not in the document');
    const problemType = { 'content-type': 'application/problem+json; charset=utf-8' };
    const problem = (status: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ type: 'urn:x', title: 'x', status, code: 'bad_request', ...extra });
    expect(checker.check(me, { statusCode: 500, headers: problemType, body: problem(500) })).not.toEqual([]);
    expect(
      checker.check(me, { statusCode: 200, headers: { 'content-type': 'application/json' }, body: '{"id":1}' }),
    ).not.toEqual([]);
    expect(
      checker.check(me, { statusCode: 400, headers: problemType, body: problem(400, { code: 'validation_failed' }) }),
    ).toEqual(['a validation failure names no field errors']);
    expect(
      checker.check(me, { statusCode: 400, headers: { 'content-type': 'application/json' }, body: problem(400) }),
    ).not.toEqual([]);
    expect(checker.check(me, { statusCode: 401, headers: problemType, body: problem(401) })).toEqual([]);

    const before = await fingerprinter.take();
    await admin.query(`update organisation set name = name || ' ' where id = $1`, [world.municipalityB]);
    const after = await fingerprinter.take();
    await admin.query(`update organisation set name = rtrim(name) where id = $1`, [world.municipalityB]);
    expect(DatabaseFingerprinter.changedTables(before, after, new Set())).toEqual(['organisation']);
    expect(DatabaseFingerprinter.changedTables(before, after, new Set(['organisation']))).toEqual([]);
  });

  it('answers generated and malformed requests without 5xx, schema mismatches or changes by rejected requests', async () => {
    console.log(`API fuzzing: seed ${settings.seed}, ${settings.runsAllowed} runs per permitted route and client`);
    const report: CampaignReport = await runCampaign(
      app,
      document,
      operations,
      world,
      fingerprinter,
      async (text, values) => (await admin.query<Record<string, unknown>>(text, values)).rows,
      {
        seed: settings.seed,
        runsAllowed: settings.runsAllowed,
        runsDenied: settings.runsDenied,
        getFingerprintRate: settings.getFingerprintRate,
        routeFilter: settings.routeFilter,
        exemptTables: EXEMPT_TABLES,
        skippedOperations: SKIPPED_OPERATIONS,
        serverErrorOf: (requestId) => serverErrors.get(requestId),
        log: settings.verbose ? (line) => console.log(line) : undefined,
      },
    );
    console.log(formatReport(report, settings));

    if (!settings.routeFilter) {
      const uncovered = operations
        .filter((operation) => !SKIPPED_OPERATIONS[operation.key])
        .flatMap((operation) => {
          const covered = report.coverage.get(operation.key) ?? new Set<string>();
          return world.clients
            .filter((client) => !covered.has(client.name))
            .map((client) => `${operation.key} as ${client.name}`);
        });
      expect(uncovered).toEqual([]);
    }
    expect(report.requests).toBeGreaterThan(0);
    // Plans that could not even be sent would be coverage lost without a trace.
    expect(report.notSent).toBeLessThan(report.requests / 100);
    expect(report.findings, `findings; reproduce with: ${reproduction(settings)}`).toEqual([]);
  }, 900_000);
});

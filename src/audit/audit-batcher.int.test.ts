// The group commit of read audits (audit-batcher.ts): the entries of concurrent requests are all committed and
// chained, per municipality in their own chain; a failing batch fails its requests, which then send no data.
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildAccountsApp, createOrganisation, createUser, FakeClock } from '../../test/helpers/accounts.ts';
import { adminRows } from '../../test/helpers/backup-compare.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { createParticipant } from '../../test/helpers/participant-factories.ts';
import type { Database } from '../database.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createAuditBatcher } from './audit-batcher.ts';
import { verifyAuditLog } from './audit-verification.service.ts';
import type { AuditEntry } from './audit.service.ts';

let database: TestDatabase;
let owner: Kysely<Database>;
const clock = new FakeClock();

beforeAll(async () => {
  database = await createTestDatabase();
  // audit:verify reads every chain on the maintenance connection, as the command does.
  owner = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.adminUrl, max: 2 }) }),
  });
});

afterAll(async () => {
  await owner?.destroy();
  await database?.close();
});

function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return adminRows<T>(database.adminUrl, text, values);
}

function readEntry(municipalityId: string, n: number): AuditEntry {
  return {
    municipalityId,
    actor: { userId: randomUUID(), organisationId: municipalityId, roles: ['coach'] },
    action: 'read',
    resourceType: 'participant',
    resourceId: null,
    participantId: null,
    outcome: 'success',
    request: { ip: '198.51.100.7', userAgent: 'test', requestId: `req-${n}` },
    details: { n },
  };
}

/** The entries of a chain in seq order, with the transaction that wrote each (xmin). */
async function chainOf(municipalityId: string) {
  return admin<{ seq: string; n: number; xid: string }>(
    `select seq, (details->>'n')::int as n, xmin::text as xid from audit_log where municipality_id = $1 order by seq`,
    [municipalityId],
  );
}

describe('the read-audit batcher', () => {
  it('commits the entries of concurrent requests in a few transactions, chained in the order they came', async () => {
    const municipality = await createOrganisation(database.handle.db);
    const batcher = createAuditBatcher({ db: database.handle.db });
    await Promise.all(Array.from({ length: 60 }, (_, n) => batcher.append(readEntry(municipality, n))));
    const chain = await chainOf(municipality);
    expect(chain.map((row) => row.n)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect(chain.map((row) => Number(row.seq))).toEqual(Array.from({ length: 60 }, (_, n) => n + 1));
    // The first entry starts a batch at once; the 59 that came while it was written share the next commit.
    expect(new Set(chain.map((row) => row.xid)).size).toBe(2);
    const verified = await verifyAuditLog(owner, { municipalityId: municipality });
    expect(verified).toMatchObject({ ok: true, entries: 60 });
  });

  it('writes the entries of two municipalities into their own chains', async () => {
    const [first, second] = [
      await createOrganisation(database.handle.db),
      await createOrganisation(database.handle.db),
    ];
    const batcher = createAuditBatcher({ db: database.handle.db, maxBatch: 7 });
    await Promise.all(Array.from({ length: 40 }, (_, n) => batcher.append(readEntry(n % 2 === 0 ? first : second, n))));
    expect((await chainOf(first)).map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, n) => 2 * n));
    expect((await chainOf(second)).map((row) => row.n)).toEqual(Array.from({ length: 20 }, (_, n) => 2 * n + 1));
    // Batches hold at most maxBatch entries: 1 + 7 + 7 + 5 per chain.
    expect(new Set((await chainOf(first)).map((row) => row.xid)).size).toBe(4);
    expect(await verifyAuditLog(owner)).toMatchObject({ ok: true });
  });

  it('refuses an invalid entry alone, without spoiling the batch of the others', async () => {
    const municipality = await createOrganisation(database.handle.db);
    const batcher = createAuditBatcher({ db: database.handle.db });
    const invalid = { ...readEntry(municipality, 99), action: 'Not An Action' };
    const outcomes = await Promise.allSettled([
      batcher.append(readEntry(municipality, 0)),
      batcher.append(invalid),
      batcher.append(readEntry(municipality, 1)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await chainOf(municipality)).map((row) => row.n)).toEqual([0, 1]);
  });

  it('fails every request of a failing batch with a 503 problem, and writes on once the cause is gone', async () => {
    const municipality = await createOrganisation(database.handle.db);
    const failures: number[] = [];
    const batcher = createAuditBatcher({
      db: database.handle.db,
      onBatchError: (_error, entries) => failures.push(entries),
    });
    const constraint = `refuse_reads_${randomUUID().slice(0, 8)}`;
    // A check the batch's insert cannot pass (NOT VALID: the existing rows are not checked, new ones are).
    await admin(`alter table audit_log add constraint ${constraint} check (action <> 'read') not valid`);
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, (_, n) => batcher.append(readEntry(municipality, n))),
      );
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toMatchObject({ code: 'unavailable', status: 503, headers: { 'retry-after': '1' } });
        }
      }
      expect(failures.reduce((sum, entries) => sum + entries, 0)).toBe(5);
    } finally {
      await admin(`alter table audit_log drop constraint ${constraint}`);
    }
    expect(await chainOf(municipality)).toEqual([]);
    await batcher.append(readEntry(municipality, 5));
    expect((await chainOf(municipality)).map((row) => row.n)).toEqual([5]);
    expect(await verifyAuditLog(owner, { municipalityId: municipality })).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('reads of participant data through the API', () => {
  let app: HttpServer;
  let municipality: string;
  let browser: Browser;
  let participantId: string;

  beforeAll(async () => {
    app = await buildAccountsApp(database, { clock });
    municipality = await createOrganisation(database.handle.db);
    const manager = await createUser(database.handle.db, {
      organisationId: municipality,
      roles: ['participation_manager'],
      totp: true,
    });
    browser = new Browser(app, '198.51.100.77');
    expect((await browser.login(manager, clock, manager)).statusCode).toBe(200);
    participantId = (await createParticipant(database.handle.db, municipality, { family_name: 'Quarshie' })).id;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answer only after their entries are committed: concurrent reads all leave a chained entry', async () => {
    const before = (await chainOf(municipality)).length;
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        browser.get(n % 2 === 0 ? `/api/v1/participants/${participantId}` : '/api/v1/participants'),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(Array.from({ length: 12 }, () => 200));
    const entries = await admin<{ participant_id: string | null; operation: string | null }>(
      `select participant_id, details->>'operation' as operation from audit_log
        where municipality_id = $1 and action = 'read' order by seq`,
      [municipality],
    );
    expect(entries.length - before).toBe(12);
    expect(entries.filter((entry) => entry.participant_id === participantId)).toHaveLength(6);
    expect(entries.filter((entry) => entry.operation === 'search')).toHaveLength(6);
    expect(await verifyAuditLog(owner, { municipalityId: municipality })).toMatchObject({ ok: true });
  });

  it('send no data when the entry cannot be committed (503 with Retry-After)', async () => {
    const constraint = `refuse_reads_${randomUUID().slice(0, 8)}`;
    await admin(`alter table audit_log add constraint ${constraint} check (action <> 'read') not valid`);
    try {
      for (const url of [`/api/v1/participants/${participantId}`, '/api/v1/participants']) {
        const response = await browser.get(url);
        expect(response.statusCode).toBe(503);
        expect(response.headers['retry-after']).toBe('1');
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).not.toContain('Quarshie');
        expect(response.body).not.toContain(participantId);
      }
    } finally {
      await admin(`alter table audit_log drop constraint ${constraint}`);
    }
    const again = await browser.get(`/api/v1/participants/${participantId}`);
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Quarshie');
  });
});

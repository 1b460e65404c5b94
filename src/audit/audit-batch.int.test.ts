// The set-based chain append (migration 0011, audit_append_batch): a batch chains exactly like single appends and
// interleaves with them, callers cannot choose seq, time or hashes, and a failing batch leaves no trace.
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { formatVerification, runAuditVerify } from '../cli/commands/audit.ts';
import type { Database } from '../database.ts';
import { APP_ROLE, derivedAppPassword, OWNER_ROLE } from '../platform/db/bootstrap.ts';
import { withTenant } from '../platform/db/rls.ts';
import { appendAudit, appendAuditBulk, type AuditEntry } from './audit.service.ts';

let database: TestDatabase;
/** A second pool of the app role, so that single appends run in other sessions while a batch runs. */
let others: Kysely<Database>;
const municipality: Record<'mixed' | 'forged' | 'foreign' | 'failing' | 'owner', string> = {
  mixed: '',
  forged: '',
  foreign: '',
  failing: '',
  owner: '',
};

async function admin<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function entry(municipalityId: string | null, i: number): AuditEntry {
  return {
    municipalityId,
    actor:
      i % 4 === 0
        ? null
        : { userId: '11111111-2222-4333-8444-555555555555', organisationId: municipalityId, roles: ['coach'] },
    action: i % 2 ? 'participant.update' : 'create',
    resourceType: 'participant',
    resourceId: i % 5 ? `p-${i}` : null,
    participantId: i % 3 ? 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff' : null,
    changedFields: i % 3 ? ['familyName', 'languages', 'address.postcode'] : [],
    outcome: i % 11 ? 'success' : 'failure',
    request:
      i % 6
        ? { ip: i % 2 ? '2001:DB8::7' : '198.51.100.4', userAgent: 'Mozilla ✓ 😀 "x"\\ عربى', requestId: `r-${i}` }
        : undefined,
    details: { i, source: 'import', flag: i % 2 === 0, none: null, note: i % 7 ? 'ä,{"}' : '' },
  };
}

const verify = (municipalityId?: string) =>
  runAuditVerify(database.handle.migrationConnection, municipalityId ? { municipalityId } : {});

const chainRows = (m: string) =>
  admin<{ seq: string; i: number | null; action: string }>(
    `select seq, (details->>'i')::int as i, action from audit_log where municipality_id = $1 order by seq`,
    [m],
  );

const head = async (chain: string) =>
  (
    await admin<{ seq: string; hash: Buffer }>('select seq, hash from audit_chain_head where chain_key = $1', [chain])
  )[0];

beforeAll(async () => {
  database = await createTestDatabase();
  const names = Object.keys(municipality) as (keyof typeof municipality)[];
  const rows = await admin<{ id: string; name: string }>(
    `insert into organisation (kind, name, municipality_kind)
       select 'municipality', 'Batch ' || n, 'district_free_city' from unnest($1::text[]) as n returning id, name`,
    [names],
  );
  for (const row of rows) municipality[row.name.replace('Batch ', '') as keyof typeof municipality] = row.id;
  const appUrl = new URL(database.adminUrl);
  appUrl.username = APP_ROLE;
  appUrl.password = derivedAppPassword(database.adminUrl);
  const pool = new pg.Pool({ connectionString: appUrl.toString(), max: 8 });
  // pool.end() resolves before its sockets close; the test database's removal then ends them from the server side.
  pool.on('error', () => undefined);
  others = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
});

afterAll(async () => {
  await others?.destroy();
  await database?.close();
});

describe('audit_append_batch', () => {
  it('chains a batch of 1,000 entries between concurrent single appends, verified by audit:verify', async () => {
    const m = municipality.mixed;
    const batch = Array.from({ length: 1000 }, (_, i) => entry(m, i));
    const single = (i: number) =>
      withTenant(others, { municipalityId: m, userId: null }, (trx) => appendAudit(trx, entry(m, i)));
    await single(-1);
    await Promise.all([
      withTenant(database.handle.db, { municipalityId: m, userId: null }, (trx) => appendAuditBulk(trx, batch)),
      ...Array.from({ length: 20 }, (_, k) => single(10_000 + k)),
    ]);
    await single(-2);

    const rows = await chainRows(m);
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 1022 }, (_, k) => k + 1));
    const inBatch = rows.filter((r) => r.i !== null && r.i >= 0 && r.i < 1000);
    // One lock for the whole batch: its entries are adjacent and in the given order.
    expect(inBatch.map((r) => r.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const start = Number(inBatch[0]?.seq);
    expect(inBatch.map((r) => Number(r.seq))).toEqual(Array.from({ length: 1000 }, (_, k) => start + k));
    expect(rows.at(-1)?.i).toBe(-2);
    expect(Number((await head(`m:${m}`))?.seq)).toBe(1022);

    const result = await verify(m);
    expect(result.ok, formatVerification(result)).toBe(true);
    expect(result.entries).toBe(1022);
  });

  it('chains system entries (no municipality) the same way', async () => {
    const before = Number((await head('system'))?.seq ?? 0);
    await withTenant(database.handle.db, { municipalityId: null, userId: null }, (trx) =>
      appendAuditBulk(trx, [entry(null, 1), entry(null, 2), entry(null, 3)]),
    );
    expect(Number((await head('system'))?.seq)).toBe(before + 3);
    const result = await verify();
    expect(result.ok, formatVerification(result)).toBe(true);
  });

  it('takes no seq, id, time or hash from the caller, neither through the function nor by setting its flag', async () => {
    const m = municipality.forged;
    const forged = {
      seq: 999,
      id: '00000000-0000-4000-8000-000000000000',
      occurred_at: '2000-01-01T00:00:00Z',
      prev_hash: `\\x${'01'.repeat(32)}`,
      hash: `\\x${'02'.repeat(32)}`,
      municipality_id: municipality.foreign,
      action: 'participant.read',
      resource_type: 'participant',
      outcome: 'success',
    };
    await withTenant(database.handle.db, { municipalityId: m, userId: null }, async (trx) => {
      await sql`select audit_append_batch(${m}::uuid, ${JSON.stringify([forged, forged])}::jsonb)`.execute(trx);
      // The app role setting the function's flag itself and inserting with hashes: the trigger still chains the row.
      await sql`select set_config('durchstarten.audit_batch', 'on', true)`.execute(trx);
      await sql`insert into audit_log (municipality_id, seq, id, occurred_at, action, resource_type, outcome,
                  prev_hash, hash)
                values (${m}::uuid, 999, '00000000-0000-4000-8000-000000000001', '2000-01-01Z', 'participant.read',
                        'participant', 'success', ${Buffer.alloc(32, 1)}, ${Buffer.alloc(32, 2)})`.execute(trx);
    });
    const rows = await admin<{ seq: string; id: string; occurred_at: Date; prev_hash: Buffer }>(
      'select seq, id, occurred_at, prev_hash from audit_log where municipality_id = $1 order by seq',
      [m],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    for (const row of rows) {
      expect(row.id.startsWith('00000000-0000-4000-8000-00000000000')).toBe(false);
      expect(row.occurred_at.getFullYear()).toBeGreaterThan(2000);
      expect(row.prev_hash.equals(Buffer.alloc(32, 1))).toBe(false);
    }
    expect(await chainRows(municipality.foreign)).toEqual([]);
    const result = await verify(m);
    expect(result.ok, formatVerification(result)).toBe(true);
  });

  it("refuses another municipality's chain (row-level security applies inside the function)", async () => {
    await expect(
      withTenant(database.handle.db, { municipalityId: municipality.forged, userId: null }, (trx) =>
        appendAuditBulk(trx, [entry(municipality.foreign, 1)]),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await chainRows(municipality.foreign)).toEqual([]);
    expect(await head(`m:${municipality.foreign}`)).toBeUndefined();
  });

  it('writes nothing when one entry of the batch is refused, and the chain continues gapless', async () => {
    const m = municipality.failing;
    const append = (entries: AuditEntry[]) =>
      withTenant(database.handle.db, { municipalityId: m, userId: null }, (trx) => appendAuditBulk(trx, entries));
    await append([entry(m, 0), entry(m, 1)]);
    const before = await head(`m:${m}`);
    // Past the JavaScript checks, straight to the function: the table's checks refuse the last entry.
    const bad = [
      { action: 'create', resource_type: 'participant', outcome: 'success' },
      { action: 'create', resource_type: 'participant', outcome: 'success' },
      { action: 'Not An Action', resource_type: 'participant', outcome: 'success' },
    ];
    await expect(
      withTenant(database.handle.db, { municipalityId: m, userId: null }, (trx) =>
        sql`select audit_append_batch(${m}::uuid, ${JSON.stringify(bad)}::jsonb)`.execute(trx),
      ),
    ).rejects.toThrow(/check constraint/);
    await expect(
      withTenant(database.handle.db, { municipalityId: m, userId: null }, (trx) =>
        sql`select audit_append_batch(${m}::uuid, ${JSON.stringify({ not: 'a list' })}::jsonb)`.execute(trx),
      ),
    ).rejects.toThrow(/JSON array/);
    expect((await chainRows(m)).map((r) => Number(r.seq))).toEqual([1, 2]);
    const after = await head(`m:${m}`);
    expect(Number(after?.seq)).toBe(Number(before?.seq));
    expect(after?.hash.equals(before?.hash ?? Buffer.alloc(0))).toBe(true);

    await append([entry(m, 2)]);
    expect((await chainRows(m)).map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    const result = await verify(m);
    expect(result.ok, formatVerification(result)).toBe(true);
  });

  it("chains the owner's own inserts too: only the function's insert passes the trigger", async () => {
    const m = municipality.owner;
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(`set local role ${OWNER_ROLE}`);
      await client.query(`select set_config('app.tenant_id', $1, true)`, [m]);
      await client.query(
        `insert into audit_log (municipality_id, seq, id, occurred_at, action, resource_type, outcome, prev_hash, hash)
         values ($1, 77, gen_random_uuid(), now(), 'participant.read', 'participant', 'success', $2, $3)`,
        [m, Buffer.alloc(32, 1), Buffer.alloc(32, 2)],
      );
      await client.query('commit');
    } finally {
      await client.end();
    }
    expect((await chainRows(m)).map((r) => Number(r.seq))).toEqual([1]);
    const result = await verify(m);
    expect(result.ok, formatVerification(result)).toBe(true);
  });

  it('is not executable by anyone but the app role and the owner', async () => {
    const [fn] = await admin<{ acl: string[] }>(
      `select proacl::text[] as acl from pg_proc where proname = 'audit_append_batch'`,
    );
    expect(fn?.acl.some((entry) => entry.startsWith('=X'))).toBe(false);
    expect(fn?.acl.some((entry) => entry.startsWith(`${APP_ROLE}=X`))).toBe(true);
  });
});

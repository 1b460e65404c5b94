// The audit log in PostgreSQL: chaining under concurrency, append-only for every role, tamper detection by
// audit:verify, and tenant isolation — all on a real database, as the real roles.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { formatVerification, runAuditVerify } from '../cli/commands/audit.ts';
import type { Database } from '../database.ts';
import { APP_ROLE, derivedAppPassword, OWNER_ROLE } from '../platform/db/bootstrap.ts';
import { withTenant } from '../platform/db/rls.ts';
import { appendAudit, appendAuditBulk, AuditEntryError, type AuditEntry } from './audit.service.ts';

let database: TestDatabase;
const municipalities: Record<'a' | 'b' | 'busy' | 'tamper' | 'gap' | 'bulk' | 'bulkRefused', string> = {
  a: '',
  b: '',
  busy: '',
  tamper: '',
  gap: '',
  bulk: '',
  bulkRefused: '',
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

/** Runs statements on one connection as the owner role (what migrations and audit:verify use). */
async function asOwner(work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    await client.query(`set role ${OWNER_ROLE}`);
    await work(client);
  } finally {
    await client.end();
  }
}

function entry(municipalityId: string | null, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    municipalityId,
    actor: { userId: '11111111-2222-4333-8444-555555555555', organisationId: municipalityId, roles: ['coach'] },
    action: 'participant.read',
    resourceType: 'participant',
    resourceId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    participantId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
    outcome: 'success',
    request: { ip: '203.0.113.7', userAgent: 'vitest', requestId: 'req-1' },
    ...overrides,
  };
}

async function append(municipalityId: string | null, overrides: Partial<AuditEntry> = {}): Promise<void> {
  await withTenant(database.handle.db, { municipalityId, userId: null }, (trx) =>
    appendAudit(trx, entry(municipalityId, overrides)),
  );
}

const verify = (municipalityId?: string) =>
  runAuditVerify(database.handle.migrationConnection, municipalityId ? { municipalityId } : {});

beforeAll(async () => {
  database = await createTestDatabase();
  const names = Object.keys(municipalities) as (keyof typeof municipalities)[];
  const rows = await admin<{ id: string; name: string }>(
    `insert into organisation (kind, name, municipality_kind)
       select 'municipality', 'Audit ' || n, 'district_free_city' from unnest($1::text[]) as n returning id, name`,
    [names],
  );
  for (const row of rows) municipalities[row.name.replace('Audit ', '') as keyof typeof municipalities] = row.id;
});

afterAll(async () => database?.close());

describe('appending', () => {
  it('chains entries per municipality, gapless from 1, with hashes the JavaScript verifier recomputes', async () => {
    const { a, b } = municipalities;
    await append(a);
    await append(a, {
      action: 'participant.update',
      changedFields: ['first_name', 'address.postcode'],
      request: { ip: '2001:DB8:0::1', userAgent: 'Mozilla/5.0 ✓ 😀 "quoted"\\', requestId: 'req-2' },
      details: { zz: null, a: 'ä', B: true, n: -12 },
    });
    await append(b, { actor: null, request: undefined });
    await append(null, { action: 'session.login', resourceType: 'session', outcome: 'denied', participantId: null });

    const rows = await admin<{ municipality_id: string; seq: string; ip: string | null }>(
      'select municipality_id, seq, ip from audit_log where municipality_id = any($1) order by municipality_id, seq',
      [[a, b]],
    );
    expect(rows.filter((r) => r.municipality_id === a).map((r) => Number(r.seq))).toEqual([1, 2]);
    expect(rows.filter((r) => r.municipality_id === b).map((r) => Number(r.seq))).toEqual([1]);
    expect(rows.find((r) => r.ip?.startsWith('2001'))?.ip).toBe('2001:db8::1');

    for (const id of [a, b]) {
      const result = await verify(id);
      expect(result.ok, formatVerification(result)).toBe(true);
    }
    const all = await verify();
    expect(all.chains.map((c) => c.chainKey)).toEqual(expect.arrayContaining(['system', `m:${a}`, `m:${b}`]));
  });

  it('ignores seq, id, time and hashes sent by the client', async () => {
    const { a } = municipalities;
    await withTenant(database.handle.db, { municipalityId: a, userId: null }, async (trx) => {
      await sql`insert into audit_log (municipality_id, seq, id, occurred_at, action, resource_type, outcome, prev_hash, hash)
                values (${a}::uuid, 999, '00000000-0000-4000-8000-000000000000', '2000-01-01Z', 'participant.read',
                        'participant', 'success', ${Buffer.alloc(32, 1)}, ${Buffer.alloc(32, 2)})`.execute(trx);
    });
    const [row] = await admin<{ seq: string; id: string; occurred_at: Date }>(
      'select seq, id, occurred_at from audit_log where municipality_id = $1 order by seq desc limit 1',
      [a],
    );
    expect(Number(row?.seq)).toBe(3);
    expect(row?.id).not.toBe('00000000-0000-4000-8000-000000000000');
    expect(row?.occurred_at.getFullYear()).toBeGreaterThan(2000);
    expect((await verify(a)).ok).toBe(true);
  });

  it('rejects values where only names belong before they reach the database', async () => {
    await expect(append(municipalities.a, { changedFields: ['first_name=Amina'] })).rejects.toThrow(AuditEntryError);
    await expect(append(municipalities.a, { details: { ratio: 0.5 } })).rejects.toThrow(AuditEntryError);
  });

  it('keeps one chain gapless under 50 concurrent transactions, some of which roll back', async () => {
    const { busy } = municipalities;
    const url = new URL(database.adminUrl);
    const appUrl = new URL(database.adminUrl);
    appUrl.username = APP_ROLE;
    appUrl.password = derivedAppPassword(url.toString());
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: appUrl.toString(), max: 25 }) }),
    });
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          withTenant(db, { municipalityId: busy, userId: null }, async (trx) => {
            await sql`select pg_sleep(random() * 0.02)`.execute(trx);
            await appendAudit(trx, entry(busy, { details: { i } }));
            await appendAudit(trx, entry(busy, { details: { i, second: true } }));
            await sql`select pg_sleep(random() * 0.01)`.execute(trx);
            if (i % 7 === 3) throw new Error('roll back');
          }),
        ),
      );
      const committed = outcomes.filter((o) => o.status === 'fulfilled').length;
      expect(committed).toBe(50 - 7);
      const rows = await admin<{ seq: string; i: number }>(
        `select seq, (details->>'i')::int as i from audit_log where municipality_id = $1 order by seq`,
        [busy],
      );
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: committed * 2 }, (_, k) => k + 1));
      // The two entries of one transaction are adjacent: the chain is locked until commit.
      for (let k = 0; k < rows.length; k += 2) expect(rows[k]?.i).toBe(rows[k + 1]?.i);
      const result = await verify(busy);
      expect(result.ok, formatVerification(result)).toBe(true);
      expect(result.entries).toBe(committed * 2);
    } finally {
      await db.destroy();
    }
  });
});

describe('bulk appending', () => {
  const bulk = (municipalityId: string | null, entries: AuditEntry[]) =>
    withTenant(database.handle.db, { municipalityId, userId: null }, (trx) => appendAuditBulk(trx, entries));

  it('chains a bulk append exactly as single appends, in the given order, also between concurrent appends', async () => {
    const { bulk: m } = municipalities;
    await append(m, { details: { i: -1 } });
    const entries = Array.from({ length: 300 }, (_, i) =>
      entry(m, {
        action: i % 2 ? 'participant.update' : 'participant.create',
        changedFields: i % 3 ? ['familyName', 'phone'] : [],
        request:
          i % 5
            ? { ip: i % 2 ? '2001:DB8::7' : '198.51.100.4', userAgent: 'Mozilla ✓ 😀 "x"\\', requestId: `r-${i}` }
            : undefined,
        ...(i % 4 === 0 ? { actor: null } : {}),
        details: { i, source: 'import', note: i % 7 ? null : 'ä,{"}' },
      }),
    );
    // Single appends of other transactions run at the same time: the chain serialises them with the bulk.
    await Promise.all([bulk(m, entries), append(m, { details: { i: 1000 } }), append(m, { details: { i: 1001 } })]);
    await bulk(m, [entry(m, { details: { i: 2000 } })]);

    const rows = await admin<{ seq: string; i: number; ip: string | null; changed_fields: string[] }>(
      `select seq, (details->>'i')::int as i, ip, changed_fields from audit_log where municipality_id = $1 order by seq`,
      [m],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 304 }, (_, k) => k + 1));
    const bulkRows = rows.filter((r) => r.i >= 0 && r.i < 300);
    expect(bulkRows.map((r) => r.i)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    // The bulk is one statement under the chain's lock: its entries are adjacent.
    const start = Number(bulkRows[0]?.seq);
    expect(bulkRows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 300 }, (_, k) => start + k));
    expect(bulkRows[1]).toMatchObject({ ip: '2001:db8::7', changed_fields: ['familyName', 'phone'] });
    expect(bulkRows[0]).toMatchObject({ ip: null, changed_fields: [] });

    const result = await verify(m);
    expect(result.ok, formatVerification(result)).toBe(true);
    expect(result.entries).toBe(304);
  });

  it('appends none of the entries when one of them is invalid, and refuses entries of several chains', async () => {
    const { bulkRefused: m, a } = municipalities;
    const valid = entry(m);
    await expect(bulk(m, [valid, entry(m, { changedFields: ['familyName=Amina'] }), valid])).rejects.toThrow(
      AuditEntryError,
    );
    await expect(bulk(m, [valid, entry(a)])).rejects.toThrow(/same municipalityId/);
    await bulk(m, []);
    const [row] = await admin<{ n: number }>('select count(*)::int as n from audit_log where municipality_id = $1', [
      m,
    ]);
    expect(row?.n).toBe(0);
  });
});

describe('append-only', () => {
  it('refuses UPDATE, DELETE and TRUNCATE to the application role', async () => {
    const { db } = database.handle;
    for (const table of ['audit_log', 'system_audit_log']) {
      for (const statement of [
        sql`update ${sql.table(table)} set outcome = 'success'`,
        sql`delete from ${sql.table(table)}`,
        sql`truncate ${sql.table(table)}`,
      ]) {
        await expect(
          withTenant(db, { municipalityId: municipalities.a, userId: null }, (trx) => statement.execute(trx)),
        ).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('permission denied') });
      }
    }
    await expect(sql`select * from audit_chain_head`.execute(db)).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE to the owner, with a clear error', async () => {
    await asOwner(async (client) => {
      for (const table of ['audit_log', 'system_audit_log']) {
        for (const statement of [
          `update ${table} set outcome = 'success'`,
          `delete from ${table}`,
          `truncate ${table}`,
        ]) {
          await expect(client.query(statement)).rejects.toThrow(new RegExp(`${table} is append-only`));
        }
      }
    });
  });

  it('refuses changes even to a superuser in replica mode, which skips ordinary triggers', async () => {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      await client.query('set session_replication_role = replica');
      await expect(client.query(`update audit_log set outcome = 'failure'`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });
});

describe('audit:verify detects tampering', () => {
  /** Tampers as a database superuser would: with the protecting trigger switched off. */
  async function tamper(statement: string, values: unknown[]): Promise<void> {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      await client.query('begin');
      await client.query('alter table audit_log disable trigger audit_append_only');
      await client.query(statement, values);
      await client.query('alter table audit_log enable always trigger audit_append_only');
      await client.query('commit');
    } finally {
      await client.end();
    }
  }

  it('names the first changed entry: chain, seq, id and what is wrong', async () => {
    const { tamper: m } = municipalities;
    for (let i = 0; i < 5; i += 1) await append(m, { details: { i } });
    expect((await verify(m)).ok).toBe(true);
    const [target] = await admin<{ id: string }>('select id from audit_log where municipality_id = $1 and seq = 3', [
      m,
    ]);

    await tamper(`update audit_log set outcome = 'denied' where municipality_id = $1 and seq = 3`, [m]);
    const result = await verify(m);
    expect(result.ok).toBe(false);
    expect(result.chains[0]?.broken).toMatchObject({
      chainKey: `m:${m}`,
      seq: 3,
      id: target?.id,
      problem: 'hash_mismatch',
    });
    expect(formatVerification(result)).toContain(
      `BROKEN m:${m}: first broken entry seq 3, id ${target?.id}: hash_mismatch`,
    );
    // Other chains are unaffected.
    expect((await verify(municipalities.a)).ok).toBe(true);
  });

  it('names a gap where an entry was deleted, and entries deleted at the end', async () => {
    const { gap: m } = municipalities;
    for (let i = 0; i < 4; i += 1) await append(m);
    await tamper('delete from audit_log where municipality_id = $1 and seq = 4', [m]);
    expect((await verify(m)).chains[0]?.broken).toMatchObject({ seq: null, problem: 'head_mismatch' });
    await tamper('delete from audit_log where municipality_id = $1 and seq = 2', [m]);
    expect((await verify(m)).chains[0]?.broken).toMatchObject({ seq: 3, problem: 'seq_gap' });
  });

  it('runs as `durchstarten audit:verify`, exit code 1 naming the broken entry', async () => {
    const run = promisify(execFile);
    const cli = join(import.meta.dirname, '..', 'cli', 'main.ts');
    const env = { ...process.env, DATABASE_URL: database.adminUrl, DATABASE_APP_URL: '', LOG_LEVEL: 'silent' };
    const ok = await run(process.execPath, [cli, 'audit:verify', '--municipality', municipalities.a], { env });
    expect(ok.stdout).toMatch(/^Audit log OK: 1 chain\(s\), \d+ entries verified\./);

    const failed = await run(process.execPath, [cli, 'audit:verify'], { env }).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(1);
    expect(failed.stdout).toContain('Audit log BROKEN');
    expect(failed.stdout).toContain(`BROKEN m:${municipalities.tamper}: first broken entry seq 3`);
    expect(failed.stdout).toContain(`ok     m:${municipalities.a}`);
  });
});

describe('tenant isolation', () => {
  it('shows a tenant only its own chain, even without WHERE, and never the system chain', async () => {
    const { a, b } = municipalities;
    await withTenant(database.handle.db, { municipalityId: a, userId: null }, async (trx) => {
      const rows = await sql<{ municipality_id: string }>`select municipality_id from audit_log`.execute(trx);
      expect(rows.rows.length).toBeGreaterThan(0);
      expect(rows.rows.every((r) => r.municipality_id === a)).toBe(true);
      const ofB = await sql<{
        n: string;
      }>`select count(*) as n from audit_log where municipality_id = ${b}::uuid`.execute(trx);
      expect(Number(ofB.rows[0]?.n)).toBe(0);
      const system = await sql<{ n: string }>`select count(*) as n from system_audit_log`.execute(trx);
      expect(Number(system.rows[0]?.n)).toBe(0);
    });
  });

  it("refuses to append to another tenant's chain", async () => {
    const { a, b } = municipalities;
    await expect(
      withTenant(database.handle.db, { municipalityId: a, userId: null }, (trx) => appendAudit(trx, entry(b))),
    ).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('row-level security') });
    // Not even with the tenant unset.
    await expect(appendAudit(database.handle.db, entry(b))).rejects.toMatchObject({ code: '42501' });
  });

  it('shows nothing without a tenant, and the system chain only in the explicit audit scope', async () => {
    const { db } = database.handle;
    await withTenant(db, { municipalityId: null, userId: null }, async (trx) => {
      expect((await sql`select 1 from audit_log`.execute(trx)).rows).toEqual([]);
      expect((await sql`select 1 from system_audit_log`.execute(trx)).rows).toEqual([]);
      await sql`select set_config('app.audit_scope', 'system', true)`.execute(trx);
      expect((await sql`select 1 from system_audit_log`.execute(trx)).rows.length).toBeGreaterThan(0);
      expect((await sql`select 1 from audit_log`.execute(trx)).rows).toEqual([]);
    });
  });

  it('lets anyone append to the system chain, from within a tenant too', async () => {
    await append(municipalities.a, { municipalityId: null, action: 'session.logout', resourceType: 'session' });
    const result = await verify();
    const system = result.chains.find((c) => c.chainKey === 'system');
    expect(system?.broken).toBeNull();
    expect(system?.entries).toBeGreaterThanOrEqual(2);
  });
});

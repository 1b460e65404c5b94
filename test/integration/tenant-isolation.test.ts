// Tenant isolation is enforced by PostgreSQL itself: every table with municipality_id has row-level
// security enabled AND forced, and the application role cannot see, change or create another
// municipality's rows — even when a query forgets its WHERE.
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '../../src/platform/db/bootstrap.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { tenantRowFactories } from '../helpers/tenant-factories.ts';

let database: TestDatabase;
let tenantTables: string[] = [];
let municipalityA: string;
let municipalityB: string;

async function adminRows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  tenantTables = (
    await adminRows<{ table: string }>(
      `select c.relname as table from pg_class c join pg_attribute a on a.attrelid = c.oid
        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
          and a.attname = 'municipality_id' and not a.attisdropped order by 1`,
    )
  ).map((row) => row.table);
  const created = await adminRows<{ id: string }>(
    `insert into organisation (kind, name, municipality_kind) values
       ('municipality', 'Testkommune A', 'district_free_city'), ('municipality', 'Testkommune B', 'district_free_city')
     returning id`,
  );
  municipalityA = created[0]?.id ?? '';
  municipalityB = created[1]?.id ?? '';
});

afterAll(async () => database?.close());

describe('catalog', () => {
  it('finds the tenant tables', () => {
    expect(tenantTables).toContain('team');
  });

  it('has row-level security enabled and forced on every table with municipality_id', async () => {
    const rows = await adminRows<{ table: string; enabled: boolean; forced: boolean }>(
      `select relname as table, relrowsecurity as enabled, relforcerowsecurity as forced
         from pg_class where relname = any($1) and relnamespace = 'public'::regnamespace`,
      [tenantTables],
    );
    expect(rows.filter((r) => !r.enabled || !r.forced).map((r) => r.table)).toEqual([]);
    expect(rows).toHaveLength(tenantTables.length);
  });

  it('has municipality_id leading the primary key of every tenant table', async () => {
    const rows = await adminRows<{ table: string; first: string }>(
      `select c.relname as table, a.attname as first
         from pg_index i join pg_class c on c.oid = i.indrelid
         join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
        where i.indisprimary and c.relname = any($1)`,
      [tenantTables],
    );
    expect(rows.filter((r) => r.first !== 'municipality_id').map((r) => r.table)).toEqual([]);
    expect(rows).toHaveLength(tenantTables.length);
  });

  it('connects the app as a role that is not superuser, has no BYPASSRLS and owns no tenant table', async () => {
    const [role] = await adminRows<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'select rolsuper, rolbypassrls from pg_roles where rolname = $1',
      [APP_ROLE],
    );
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await adminRows<{ table: string }>(
      `select relname as table from pg_class where relname = any($1) and pg_get_userbyid(relowner) = $2`,
      [tenantTables, APP_ROLE],
    );
    expect(owned).toEqual([]);
  });

  it('has a row factory for every tenant table, so that the cross-tenant suite covers it', () => {
    expect(tenantTables.filter((table) => !(table in tenantRowFactories))).toEqual([]);
  });
});

describe('cross-tenant access as the application role', () => {
  it.each(Object.keys(tenantRowFactories))(
    '%s: municipality A cannot select, insert, update or delete rows of B',
    async (table) => {
      const { db } = database.handle;
      const factory = tenantRowFactories[table];
      if (!factory) throw new Error(`no factory for ${table}`);
      await withTenant(db, { municipalityId: municipalityB, userId: null }, (trx) => factory(trx, municipalityB));
      const countAsB = () =>
        withTenant(db, { municipalityId: municipalityB, userId: null }, async (trx) =>
          Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(trx)).rows[0]?.n),
        );
      const rowsOfB = await countAsB();
      expect(rowsOfB).toBeGreaterThan(0);

      await withTenant(db, { municipalityId: municipalityA, userId: null }, async (trx) => {
        // SELECT without WHERE sees nothing of B.
        const seen = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}
          where municipality_id = ${municipalityB}::uuid`.execute(trx);
        expect(Number(seen.rows[0]?.n)).toBe(0);
        const all = await sql<{ municipality_id: string }>`select municipality_id from ${sql.table(table)}`.execute(
          trx,
        );
        expect(all.rows.every((row) => row.municipality_id === municipalityA)).toBe(true);
      });

      // UPDATE and DELETE without WHERE touch nothing of B (or are refused outright).
      for (const statement of [
        sql`update ${sql.table(table)} set municipality_id = municipality_id`,
        sql`delete from ${sql.table(table)}`,
      ]) {
        const outcome = await withTenant(db, { municipalityId: municipalityA, userId: null }, (trx) =>
          statement.execute(trx),
        ).then(
          (result) => ({ affected: Number(result.numAffectedRows ?? 0n) }),
          (error: { code?: string }) => ({ refused: error.code }),
        );
        // Either refused outright (insufficient privilege, e.g. the append-only audit log) or nothing touched.
        expect([{ affected: 0 }, { refused: '42501' }]).toContainEqual(outcome);
      }
      expect(await countAsB()).toBe(rowsOfB);

      // INSERT of a row for B while acting as A is refused by the policy's WITH CHECK.
      await expect(
        withTenant(db, { municipalityId: municipalityA, userId: null }, (trx) => factory(trx, municipalityB)),
      ).rejects.toMatchObject({ code: '42501' });

      // No tenant set: nothing visible at all.
      await withTenant(db, { municipalityId: null, userId: null }, async (trx) => {
        const seen = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(trx);
        expect(Number(seen.rows[0]?.n)).toBe(0);
      });
    },
  );

  it('forgets the tenant after the transaction', async () => {
    const { db } = database.handle;
    await withTenant(db, { municipalityId: municipalityA, userId: null }, async () => undefined);
    const setting = await sql<{ value: string | null }>`select current_setting('app.tenant_id', true) as value`.execute(
      db,
    );
    expect(setting.rows[0]?.value ?? '').toBe('');
  });
});

// Rules about the schema as a whole, read from PostgreSQL's catalog after all migrations.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;

async function adminRows<T extends pg.QueryResultRow>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

describe('schema catalog', () => {
  it('backs every foreign key between tenant tables with an index that starts with its columns', async () => {
    // Deleting or merging a parent row (a goal, a participant, a team) must not scan the whole child table.
    const unindexed = await adminRows<{ foreign_key: string }>(`
      select c.conrelid::regclass::text || ' (' || string_agg(a.attname, ', ' order by x.n) || ')' as foreign_key
        from pg_constraint c
        cross join lateral unnest(c.conkey) with ordinality x(attnum, n)
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = x.attnum
       where c.contype = 'f' and c.connamespace = 'public'::regnamespace
         and exists (select 1 from pg_attribute p where p.attrelid = c.confrelid and p.attname = 'municipality_id')
         and not exists (
           select 1 from pg_index i
            where i.indrelid = c.conrelid
              and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] @> c.conkey
              and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] <@ c.conkey)
       group by c.conrelid, c.conname
       order by 1`);
    expect(unindexed.map((row) => row.foreign_key)).toEqual([]);
  });
});

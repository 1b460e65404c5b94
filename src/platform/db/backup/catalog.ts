// What backup and restore read from the system catalog: the tables of the schema with their columns, row-level
// security and foreign keys, the sequences, and the session settings that make COPY text output deterministic.
import type pg from 'pg';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE } from '../migrations.ts';
import { TENANT_SETTING } from '../rls.ts';

export const SCHEMA = 'public';
/** The migrator's own tables: their state comes from migrating the target, not from the backup. */
const NOT_BACKED_UP = [MIGRATION_TABLE, MIGRATION_LOCK_TABLE];

export interface TableInfo {
  name: string;
  /** Stored columns in column order (generated columns are computed again on restore, COPY may not write them). */
  columns: string[];
  /** FORCE ROW LEVEL SECURITY: even the owner sees only the transaction tenant's rows. */
  forced: boolean;
  /** Has a municipality_id column (a tenant table, rls.ts). */
  tenant: boolean;
  /** Tables this one refers to with a foreign key (other than itself). */
  references: string[];
}

/** Timestamps in UTC and ISO, byte arrays in hex: the same text for the same data on every server and session. */
export async function setDeterministicOutput(client: pg.ClientBase): Promise<void> {
  await client.query(`set timezone = 'UTC'`);
  await client.query(`set datestyle = 'ISO, YMD'`);
  await client.query(`set intervalstyle = 'postgres'`);
  await client.query(`set bytea_output = 'hex'`);
  await client.query(`set extra_float_digits = 1`);
  await client.query(`set client_encoding = 'UTF8'`);
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function listTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows } = await client.query<{
    name: string;
    forced: boolean;
    columns: string[];
    refs: string[] | null;
  }>(
    `select c.relname as name, c.relforcerowsecurity as forced,
            array(select a.attname::text from pg_attribute a
                   where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
                   order by a.attnum) as columns,
            array(select distinct r.relname::text from pg_constraint f join pg_class r on r.oid = f.confrelid
                   where f.conrelid = c.oid and f.contype = 'f' and f.confrelid <> c.oid) as refs
       from pg_class c
      where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname <> all($2::text[])
      order by c.relname`,
    [SCHEMA, NOT_BACKED_UP],
  );
  return rows.map((row) => ({
    name: row.name,
    columns: row.columns,
    forced: row.forced,
    tenant: row.columns.includes('municipality_id'),
    references: row.refs ?? [],
  }));
}

/** Tables so that each comes after every table it refers to (name order among equals). Refuses cycles. */
export function dependencyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const remaining = [...tables].sort((a, b) => a.name.localeCompare(b.name));
  while (remaining.length > 0) {
    const index = remaining.findIndex((table) => table.references.every((ref) => placed.has(ref) || !byName.has(ref)));
    if (index === -1) {
      throw new Error(
        `The foreign keys between ${remaining.map((t) => t.name).join(', ')} form a cycle; ` +
          'backup and restore load tables one after the other and need an order.',
      );
    }
    const [next] = remaining.splice(index, 1);
    if (next) {
      ordered.push(next);
      placed.add(next.name);
    }
  }
  return ordered;
}

/**
 * The tenants of the row-level-security tables: every id of the tables their municipality_id refers to. Every
 * tenant row refers to one (foreign key), so reading tenant by tenant misses no row.
 */
export async function tenantIds(client: pg.ClientBase, tables: readonly TableInfo[]): Promise<string[]> {
  const forced = tables.filter((table) => table.forced && table.tenant).map((table) => table.name);
  if (forced.length === 0) return [];
  const { rows: targets } = await client.query<{ tbl: string; col: string }>(
    `select distinct r.relname as tbl, ra.attname as col
       from pg_constraint f
       join pg_class c on c.oid = f.conrelid
       join pg_attribute a on a.attrelid = f.conrelid and a.attnum = f.conkey[1]
       join pg_class r on r.oid = f.confrelid
       join pg_attribute ra on ra.attrelid = f.confrelid and ra.attnum = f.confkey[1]
      where f.contype = 'f' and array_length(f.conkey, 1) = 1 and a.attname = 'municipality_id'
        and c.relnamespace = $1::regnamespace and c.relname = any($2::text[])`,
    [SCHEMA, forced],
  );
  if (targets.length === 0) {
    throw new Error('No table refers to the tenants (municipality_id foreign key); cannot enumerate them.');
  }
  const ids = new Set<string>();
  for (const target of targets) {
    const { rows } = await client.query<{ id: string }>(
      `select ${quoteIdent(target.col)}::text as id from ${quoteIdent(target.tbl)}`,
    );
    for (const row of rows) ids.add(row.id);
  }
  return [...ids].sort();
}

/** Makes a tenant's rows visible (transaction-local), as withTenant does for the application. */
export async function setTenant(client: pg.ClientBase, tenantId: string): Promise<void> {
  await client.query('select set_config($1, $2, true)', [TENANT_SETTING, tenantId]);
}

export async function listSequences(
  client: pg.ClientBase,
): Promise<{ name: string; lastValue: string; isCalled: boolean }[]> {
  const { rows } = await client.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = $1::regnamespace and relkind = 'S' order by relname`,
    [SCHEMA],
  );
  const result = [];
  for (const { name } of rows) {
    const { rows: state } = await client.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text, is_called from ${quoteIdent(name)}`,
    );
    const row = state[0];
    if (row) result.push({ name, lastValue: row.last_value, isCalled: row.is_called });
  }
  return result;
}

/** The last applied migration, or null when the schema was never migrated. */
export async function lastMigration(client: pg.ClientBase): Promise<string | null> {
  const { rows: exists } = await client.query<{ present: boolean }>(`select to_regclass($1) is not null as present`, [
    `${SCHEMA}.${MIGRATION_TABLE}`,
  ]);
  if (!exists[0]?.present) return null;
  const { rows } = await client.query<{ name: string }>(
    `select name from ${quoteIdent(MIGRATION_TABLE)} order by name desc limit 1`,
  );
  return rows[0]?.name ?? null;
}

// Bulk inserts for large writes (demo data, imports): one array per column, unnested in SQL
// (`insert … select from unnest($1::uuid[], …)`): one statement per batch whatever its size, with a plan that does
// not grow with the rows — several times faster than multi-row VALUES. COPY would be faster still but is refused
// on tables with row-level security, and every tenant table has it.
import { sql, type RawBuilder, type Transaction } from 'kysely';

/** How a column travels: as the SQL type of its array parameter, converted in the SELECT where needed. */
export type BulkType = 'uuid' | 'text' | 'int' | 'numeric' | 'bool' | 'date' | 'jsonb' | 'text[]' | 'local_timestamp';

export type BulkColumns = readonly (readonly [string, BulkType])[];

/** A PostgreSQL array literal of text values ('{"a","b"}'), sent as one text and cast to text[] in SQL. */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

const PARAM_TYPE: Record<BulkType, string> = {
  uuid: 'uuid[]',
  text: 'text[]',
  int: 'int4[]',
  numeric: 'numeric[]',
  bool: 'bool[]',
  date: 'date[]',
  jsonb: 'jsonb[]',
  'text[]': 'text[]',
  local_timestamp: 'timestamp[]',
};

function selected(name: string, type: BulkType): RawBuilder<unknown> {
  const column = sql.ref(`u.${name}`);
  if (type === 'text[]') return sql`${column}::text[]`;
  // Local times of NRW offices; PostgreSQL applies the daylight-saving rules.
  if (type === 'local_timestamp') return sql`(${column} at time zone 'Europe/Berlin')`;
  return sql`${column}`;
}

/**
 * Inserts the rows given column by column (each array as long as the others). Runs under the transaction's
 * tenant, so row-level security checks every row.
 */
export async function insertBulk<DB>(
  trx: Transaction<DB>,
  table: string,
  columns: BulkColumns,
  values: Record<string, readonly unknown[]>,
): Promise<number> {
  const first = columns[0];
  const rows = first ? (values[first[0]]?.length ?? 0) : 0;
  if (rows === 0) return 0;
  for (const [name] of columns) {
    if (values[name]?.length !== rows) throw new RangeError(`${table}.${name}: expected ${rows} values`);
  }
  const names = columns.map(([name]) => sql.id(name));
  const params = columns.map(([name, type]) => sql`${values[name]}::${sql.raw(PARAM_TYPE[type])}`);
  const select = columns.map(([name, type]) => selected(name, type));
  await sql`insert into ${sql.table(table)} (${sql.join(names)})
    select ${sql.join(select)} from unnest(${sql.join(params)}) as u(${sql.join(names)})`.execute(trx);
  return rows;
}

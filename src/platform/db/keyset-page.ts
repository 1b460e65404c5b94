// One page of a hand-written query in keyset order (value, id): the rows after the cursor's position, one more
// than the page holds (the extra row only says that there is more; toPage in platform/http/listing.ts).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import { after } from '../http/listing.ts';

export interface KeysetQuery {
  /** the select list and the from clause (with joins) of the area's view */
  columns: RawBuilder<unknown>;
  from: RawBuilder<unknown>;
  /** the area's filters; joined with "and" */
  conditions: readonly RawBuilder<unknown>[];
  /** the sort expression: never null (coalesce it), as text or number, compared as it is answered */
  value: RawBuilder<unknown>;
  /** the row's id column, the tie-breaker */
  id: RawBuilder<unknown>;
  direction: 'asc' | 'desc';
  after?: { value: string; id: string };
  limit: number;
}

/**
 * The rows of the page, each with its sort value as `sort_value`: answered as compared, so that the cursor
 * continues exactly where the page ended.
 */
export async function selectKeysetPage<Row, DB>(
  db: Kysely<DB> | Transaction<DB>,
  query: KeysetQuery,
): Promise<(Row & { sort_value: string })[]> {
  const { value, id } = query;
  const direction = sql.raw(query.direction);
  const conditions = [sql`true`, ...query.conditions];
  if (query.after) conditions.push(after(value, id, query, query.after));
  const { rows } = await sql<Row & { sort_value: string }>`
    select ${query.columns}, ${value} as sort_value from ${query.from}
     where ${sql.join(conditions, sql` and `)}
     order by ${value} ${direction}, ${id} ${direction} limit ${query.limit + 1}`.execute(db);
  return rows;
}

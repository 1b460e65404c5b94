// List endpoints (API convention, docs/architecture.md "API conventions"): every list has
//   limit   1…100 (default 25)
//   cursor  opaque, from the previous page's nextCursor; bound to the sort it was issued for
//   sort    one field of the endpoint's allow-list, "-field" for descending
//   filters named by the endpoint (its own Zod shape); anything else is refused with 400.
// Pages are keyset-paginated on (sort value, id), so a page never skips or repeats rows while others write.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../pagination.ts';

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 100;

export interface ListOptions<Sort extends string, Filters extends z.ZodRawShape> {
  /** Fields a client may sort by (the allow-list). */
  sort: readonly [Sort, ...Sort[]];
  /** Sort when none is given, e.g. "-createdAt". */
  defaultSort: Sort | `-${Sort}`;
  /** Filter parameters with their validation. */
  filters: Filters;
}

/** The querystring schema of a list endpoint: limit, cursor, sort and the endpoint's filters; strict. */
export function listQuerySchema<Sort extends string, Filters extends z.ZodRawShape>(
  options: ListOptions<Sort, Filters>,
) {
  const sortValues = options.sort.flatMap((field) => [field, `-${field}`]) as [string, ...string[]];
  return z.strictObject({
    ...options.filters,
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
    cursor: z.string().min(1).max(500).optional(),
    sort: z
      .enum(sortValues)
      .default(options.defaultSort)
      .describe(`One of ${options.sort.join(', ')}; prefix with "-" for descending order.`)
      .transform((value) => value as Sort | `-${Sort}`),
  });
}

export interface SortOrder<Sort extends string> {
  field: Sort;
  direction: 'asc' | 'desc';
}

export function parseSort<Sort extends string>(sort: Sort | `-${Sort}`): SortOrder<Sort> {
  return sort.startsWith('-')
    ? { field: sort.slice(1) as Sort, direction: 'desc' }
    : { field: sort as Sort, direction: 'asc' };
}

/** The position after the last row of a page: its sort value and id, and the sort it belongs to. */
export interface Position {
  sort: string;
  value: string | number | null;
  id: string;
}

const positionSchema = z.object({
  sort: z.string().max(100),
  value: z.union([z.string().max(400), z.number(), z.null()]),
  id: z.uuid(),
});

/** Decodes a cursor and checks that it was issued for this sort (else 400, start again). */
export function readCursor(cursor: string | undefined, sort: string): Position | undefined {
  const position = decodeCursor(cursor, positionSchema);
  if (position && position.sort !== sort) {
    throw new AppError('validation_failed', 'The cursor belongs to another sort order; start again from page one.', {
      fieldErrors: [{ in: 'querystring', field: 'cursor', code: 'invalid_cursor', message: 'cursor of another sort' }],
    });
  }
  return position;
}

/**
 * The keyset condition "after this position" for an order by (value, id). `value` must be an expression that
 * is never null (use coalesce in the area's sort definition), so that row comparison is total.
 */
export function after(
  value: Expression<unknown>,
  id: Expression<unknown>,
  order: Pick<SortOrder<string>, 'direction'>,
  position: Pick<Position, 'value' | 'id'>,
): RawBuilder<SqlBool> {
  const op = sql.raw(order.direction === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${value}, ${id}) ${op} (${position.value}, ${position.id}::uuid)`;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Builds a page from up to limit + 1 rows fetched in order: the extra row only says that there is more.
 * `positionOf` gives a row's sort value (as used in `after`) and id.
 */
export function toPage<Row, T>(
  rows: readonly Row[],
  limit: number,
  sort: string,
  positionOf: (row: Row) => { value: string | number | null; id: string },
  present: (row: Row) => T,
): Page<T> {
  const visible = rows.slice(0, limit);
  const last = visible.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined ? encodeCursor({ sort, ...positionOf(last) } satisfies Position) : null;
  return { items: visible.map(present), nextCursor };
}

/** The response schema of a page of items. */
export function pageSchema<Item extends z.ZodType>(item: Item, id: string) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() }).meta({ id });
}

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAppError } from '../errors.ts';
import { listQuerySchema, parseSort, readCursor, toPage } from './listing.ts';

const schema = listQuerySchema({
  sort: ['name', 'createdAt'],
  defaultSort: '-createdAt',
  filters: { status: z.enum(['open', 'closed']).optional() },
});

describe('list query convention', () => {
  it('fills in limit and sort and accepts the allow-listed sort fields in both directions', () => {
    expect(schema.parse({})).toEqual({ limit: 25, sort: '-createdAt' });
    expect(schema.parse({ sort: 'name', limit: '10', status: 'open' })).toEqual({
      limit: 10,
      sort: 'name',
      status: 'open',
    });
    expect(schema.parse({ sort: '-name' }).sort).toBe('-name');
  });

  it('refuses sort fields outside the allow-list, unknown filters and limits out of range', () => {
    expect(schema.safeParse({ sort: 'password' }).success).toBe(false);
    expect(schema.safeParse({ sort: '--name' }).success).toBe(false);
    expect(schema.safeParse({ owner: 'x' }).success).toBe(false);
    expect(schema.safeParse({ limit: '0' }).success).toBe(false);
    expect(schema.safeParse({ limit: '101' }).success).toBe(false);
  });

  it('parses the direction of a sort', () => {
    expect(parseSort('name')).toEqual({ field: 'name', direction: 'asc' });
    expect(parseSort('-createdAt')).toEqual({ field: 'createdAt', direction: 'desc' });
  });
});

describe('pages and cursors', () => {
  const rows = [1, 2, 3].map((n) => ({ id: `00000000-0000-4000-8000-00000000000${n}`, name: `n${n}` }));

  it('returns a cursor only when there is a further row, pointing after the last visible row', () => {
    const page = toPage(
      rows,
      2,
      'name',
      (row) => ({ value: row.name, id: row.id }),
      (row) => row.name,
    );
    expect(page.items).toEqual(['n1', 'n2']);
    expect(readCursor(page.nextCursor ?? undefined, 'name')).toEqual({ sort: 'name', value: 'n2', id: rows[1]?.id });
    expect(
      toPage(
        rows,
        3,
        'name',
        (row) => ({ value: row.name, id: row.id }),
        (row) => row,
      ).nextCursor,
    ).toBeNull();
  });

  it('refuses a cursor issued for another sort, and garbage, with a field error', () => {
    const page = toPage(
      rows,
      1,
      'name',
      (row) => ({ value: row.name, id: row.id }),
      (row) => row,
    );
    for (const [cursor, sort] of [
      [page.nextCursor ?? '', '-name'],
      ['not-a-cursor', 'name'],
    ] as const) {
      try {
        readCursor(cursor, sort);
        expect.unreachable('the cursor was accepted');
      } catch (error) {
        expect(isAppError(error) && error.fieldErrors[0]?.field).toBe('cursor');
      }
    }
  });
});

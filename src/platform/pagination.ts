// Opaque cursors for keyset pagination: base64url-encoded JSON of the last row's sort key.
import type { z } from 'zod';
import { AppError } from './errors.ts';

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The cursor is not valid; start again from the first page.', {
      fieldErrors: [{ in: 'querystring', field: 'cursor', code: 'invalid_cursor', message: 'invalid cursor' }],
    });
  }
  return parsed.data;
}

// Recognising a constraint of the schema in an error of the pg driver: a service maps "this constraint refused
// the write" to a clear 409 instead of a 500. SQLSTATE classes: 23505 unique_violation, 23514 check_violation
// (also raised by triggers that enforce an invariant with that code, e.g. an offer's capacity).
function pgErrorOf(error: unknown): { code?: unknown; constraint?: unknown } {
  return typeof error === 'object' && error !== null ? error : {};
}

/** A unique index refused the write (the named one, or any when no name is given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}

/** A check constraint, or a trigger raising a check violation under that name, refused the write. */
export function isCheckViolation(error: unknown, constraint: string): boolean {
  const pg = pgErrorOf(error);
  return pg.code === '23514' && pg.constraint === constraint;
}

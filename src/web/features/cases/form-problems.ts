// Problems of a case form, from the shared Zod schemas (checked before sending) or from the server's field
// errors (RFC 9457 `errors`), reduced to one message per form field, in the form's order. Pure: no I/O.

/** Keys of `cases.common.errors` in the locales. */
export type ProblemKey =
  'required' | 'choose' | 'invalid' | 'tooLong' | 'tooSmall' | 'tooBig' | 'date' | 'time' | 'whole' | 'notFound';

/** What kind of value a field holds decides how a problem code reads. */
export type FieldKind = 'text' | 'choice' | 'date' | 'time' | 'number' | 'flag';

export interface Issue {
  /** Dotted path, e.g. "areas.language.germanLevel" or "occurredAt". */
  field: string;
  code: string;
}

export interface FieldProblem<F extends string> {
  field: F;
  key: ProblemKey;
}

/** The message for a problem code (a Zod issue code or a rule code of the server) at a field of a kind. */
export function problemKey(kind: FieldKind, code: string): ProblemKey {
  switch (code) {
    case 'not_found':
      return 'notFound';
    case 'required':
      return kind === 'choice' ? 'choose' : 'required';
    case 'too_small':
      return kind === 'number' ? 'tooSmall' : kind === 'choice' ? 'choose' : 'required';
    case 'too_big':
      return kind === 'number' ? 'tooBig' : kind === 'date' ? 'date' : 'tooLong';
    case 'invalid_value':
    case 'invalid_union':
      return kind === 'choice' ? 'choose' : 'invalid';
    case 'invalid_format':
      return kind === 'date' ? 'date' : kind === 'time' ? 'time' : 'invalid';
    case 'invalid_type':
      return kind === 'number' ? 'whole' : kind === 'choice' ? 'choose' : kind === 'date' ? 'date' : 'required';
    default:
      return 'invalid';
  }
}

/** Zod issues as path + code. */
export function issuesOf(error: { issues: readonly { path: readonly PropertyKey[]; code: string }[] }): Issue[] {
  return error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), code: issue.code }));
}

/**
 * One problem per form field, in form order. `fieldOf` maps a reported path to the form's field (e.g.
 * "occurredAt" → "date"); paths it does not know are dropped (the caller shows a general message then).
 */
export function collectProblems<F extends string>(
  issues: readonly Issue[],
  fields: Readonly<Record<F, FieldKind>>,
  order: readonly F[],
  fieldOf: (path: string) => F | undefined = (path) => {
    const head = path.split('.')[0] ?? '';
    return head in fields ? (head as F) : undefined;
  },
): FieldProblem<F>[] {
  const found = new Map<F, ProblemKey>();
  for (const issue of issues) {
    const field = fieldOf(issue.field);
    if (field === undefined || found.has(field)) continue;
    found.set(field, problemKey(fields[field], issue.code));
  }
  return order.filter((field) => found.has(field)).map((field) => ({ field, key: found.get(field) ?? 'invalid' }));
}

export type Checked<T, F extends string> = { ok: true; body: T } | { ok: false; problems: FieldProblem<F>[] };

/** Blank text is "not given": null in a request (the schemas store blanks as null too). */
export function optional(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** A whole number from a field; null when blank, NaN when not a whole number (the schema then reports it). */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

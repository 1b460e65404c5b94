// Problems of the participant forms at their fields: from the shared Zod schemas (checked in the browser) and
// from the server (its field errors, including the codes of its own rules), each with a message of the locales.
// Pure: no I/O, no React.
import type { z } from 'zod';
import type { FieldProblem } from '../../lib/api-request.ts';

/** A problem at a field: `field` is the dotted path of the API ("languages.0.level"); `message` a locale key. */
export interface FormProblem {
  field: string;
  message: ProblemMessage;
}

/** Keys of `participants.problems` in the locales. */
export type ProblemMessage =
  | 'required'
  | 'tooLong'
  | 'invalid'
  | 'email'
  | 'postcode'
  | 'phone'
  | 'country'
  | 'languageCode'
  | 'date'
  | 'inFuture'
  | 'validityOrder'
  | 'overlapping'
  | 'sameStart'
  | 'tooEarly'
  | 'benefitsContradiction'
  | 'onlyOnce'
  | 'tooMany'
  | 'years'
  | 'birthDateRequired'
  | 'birthMonthRequired'
  | 'birthYearInvalid'
  | 'birthDateInvalid'
  | 'strandsRequired';

/** A Zod issue as a problem of the field at its path; the message by the kind of issue and field. */
export function problemOfIssue(issue: z.core.$ZodIssue): FormProblem {
  const field = issue.path.map(String).join('.');
  return { field, message: messageFor(field, issue.code, issue.code === 'too_small' ? issue.minimum : undefined) };
}

/** Codes of the service's rules (participant.rules.ts, residence-status.rules.ts) and their messages. */
const SERVICE_CODES: Readonly<Record<string, ProblemMessage>> = {
  required: 'required',
  not_allowed: 'invalid',
  in_future: 'inFuture',
  too_early: 'tooEarly',
  contradiction: 'benefitsContradiction',
  before_start: 'validityOrder',
  overlaps: 'overlapping',
  same_start: 'sameStart',
};

const LIST_FIELDS = new Set(['countriesOfOrigin', 'nationalities', 'benefits']);
const DATE_FIELDS = new Set([
  'birthDate',
  'validFrom',
  'validTo',
  'documentExpiry',
  'evidenceDate',
  'givenOn',
  'revokedOn',
]);

/** The message for a problem code (Zod's issue codes and the service's own codes) at a field. */
export function messageFor(field: string, code: string, minimum?: unknown): ProblemMessage {
  const known = SERVICE_CODES[code];
  if (known) return known;
  const parts = field.split('.');
  const name = parts.at(-1) ?? field;
  const parent = parts.at(-2);
  if (code === 'too_big') return LIST_FIELDS.has(field) ? 'tooMany' : 'tooLong';
  if (code === 'too_small') return minimum === 1 ? 'required' : 'invalid';
  if (LIST_FIELDS.has(field)) return code === 'custom' ? 'onlyOnce' : 'invalid';
  // An entry of a list of countries ("nationalities.1").
  if (parent && /^\d+$/.test(name) && (parent === 'countriesOfOrigin' || parent === 'nationalities')) return 'country';
  if (name === 'email') return 'email';
  if (name === 'postcode') return 'postcode';
  if (name === 'phone') return 'phone';
  if (name === 'country') return 'country';
  if (name === 'language') return 'languageCode';
  if (name === 'years') return 'years';
  if (DATE_FIELDS.has(name)) return code === 'invalid_type' ? 'required' : 'date';
  if (code === 'invalid_type' || code === 'invalid_value') return 'required';
  return 'invalid';
}

/**
 * The server's field errors as form problems. Array entries ("countriesOfOrigin.2") belong to their list; a
 * precision problem to the date of birth. Field errors outside the form (headers) are left out.
 */
export function serverProblems(errors: readonly FieldProblem[]): FormProblem[] {
  return errors
    .filter((error) => error.field !== '' && !error.field.startsWith('if-match'))
    .map((error) => ({ field: normaliseField(error.field), message: messageFor(error.field, error.code) }));
}

function normaliseField(field: string): string {
  const list = /^(countriesOfOrigin|nationalities|benefits)\.\d+$/.exec(field);
  if (list?.[1]) return list[1];
  if (field === 'birthDatePrecision') return 'birthDate';
  return field;
}

/** One problem per field (the first), in the order the fields were reported. */
export function firstPerField(problems: FormProblem[]): FormProblem[] {
  const seen = new Set<string>();
  return problems
    .map((problem) => ({ ...problem, field: normaliseField(problem.field) }))
    .filter((problem) => (seen.has(problem.field) ? false : (seen.add(problem.field), true)));
}

export type Checked<T> = { ok: true; body: T } | { ok: false; problems: FormProblem[] };

/** Problems of a sub-record checked with its schema, at fields named like the form's ("validFrom"). */
export function checkWith<T>(schema: z.ZodType<T>, body: unknown): Checked<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: firstPerField(parsed.error.issues.map(problemOfIssue)) };
  return { ok: true, body: parsed.data };
}

// Generated requests for one operation: valid ones from its schemas, and malformed ones (body, query, path,
// headers). A plan names path ids by choice (a real row of the right kind, a random UUID, or garbage) and
// the If-Match version by intent; the runner turns a plan into a concrete request against the current data.
import fc from 'fast-check';
import {
  HUGE_STRINGS,
  hostileStringArbitrary,
  hostileValueArbitrary,
  MALFORMED_JSON_TEXTS,
  WRONG_CONTENT_TYPES,
  wrongTypeArbitrary,
} from './hostile-values.ts';
import { resolveRef, type JsonSchema, type OpenApiDocument, type Operation } from './openapi.ts';
import { schemaArbitrary } from './schema-arbitrary.ts';
import { csvBodyArbitrary, JSON_TYPE, jsonBody, multipartBodyArbitrary, type RequestBody } from './upload-bodies.ts';

export type IdChoice =
  { kind: 'real'; pick: number } | { kind: 'uuid'; value: string } | { kind: 'garbage'; value: string };

export type IfMatchChoice = { kind: 'none' } | { kind: 'current'; pick: number } | { kind: 'value'; value: string };

export interface RequestPlan {
  /** What kind of input this is, for reports: "valid", "body: missing required field", … */
  variant: string;
  ids: Record<string, IdChoice>;
  query: string;
  body: RequestBody | null;
  ifMatch: IfMatchChoice;
  idempotencyKey: string | null;
  crossSite: boolean;
}

/** The route whose body is a CSV file (declared with `consumes: text/csv`, which OpenAPI 3.1 output omits). */
export const CSV_IMPORT_ROUTE = 'POST /api/v1/participant-imports';

const GARBAGE_PATH_SEGMENTS = [
  '%',
  '%zz',
  '%C0%AF',
  '..',
  '.',
  '%2e%2e%2f',
  'null',
  '0',
  '-1',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '12345678-1234-0234-8234-123456789012', // version nibble 0
  '12345678-1234-4234-c234-123456789012', // variant nibble c
  '{12345678-1234-4234-8234-123456789012}',
  '123456781234423482341234567890120',
  'x'.repeat(250),
];

/** Percent-encodes every byte outside the unreserved set (lone surrogates become U+FFFD, as in UTF-8). */
export function encodeComponent(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function queryString(entries: [string, string][]): string {
  return entries.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');
}

function idChoiceArbitrary(): fc.Arbitrary<IdChoice> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.nat().map((pick): IdChoice => ({ kind: 'real', pick })) },
    { weight: 1, arbitrary: fc.uuid({ version: 4 }).map((value): IdChoice => ({ kind: 'uuid', value })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...GARBAGE_PATH_SEGMENTS).map((raw) => ({ raw })),
          hostileStringArbitrary(),
        )
        .map((value): IdChoice => {
          if (typeof value === 'object') return { kind: 'garbage', value: value.raw };
          return { kind: 'garbage', value: encodeComponent(value.slice(0, 400)) || '%20' };
        }),
    },
  );
}

/** A query value as text (query schemas hold strings, numbers and booleans). */
function queryValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function validQueryArbitrary(operation: Operation, document: OpenApiDocument): fc.Arbitrary<[string, string][]> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const parameter of operation.queryParams) {
    model[parameter.name] = schemaArbitrary(parameter.schema, { document, maxItems: 3 });
  }
  const required = operation.queryParams.filter((p) => p.required).map((p) => p.name);
  return fc
    .record(model, { requiredKeys: required })
    .map((values) =>
      Object.entries(values).flatMap(([name, value]): [string, string][] =>
        value === undefined
          ? []
          : Array.isArray(value)
            ? value.map((v) => [name, queryValue(v)])
            : [[name, queryValue(value)]],
      ),
    );
}

function invalidQueryArbitrary(
  operation: Operation,
  valid: [string, string][],
): fc.Arbitrary<{ variant: string; query: string }> {
  const names = operation.queryParams.map((p) => p.name);
  const options: fc.Arbitrary<{ variant: string; query: string }>[] = [
    fc
      .tuple(fc.constantFrom('unknown', '__proto__', 'constructor', 'limit[]', 'a.b', ''), hostileStringArbitrary())
      .map(([name, value]) => ({ variant: 'query: unknown parameter', query: queryString([...valid, [name, value]]) })),
    fc
      .constantFrom('%', '%zz=1', 'a=%E0%A4%A', '=', '&&&', '__proto__[polluted]=1', 'limit=1&limit=2', '?=?')
      .map((raw) => ({ variant: 'query: malformed', query: raw })),
  ];
  if (names.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...names), hostileStringArbitrary()).map(([name, value]) => ({
        variant: `query: hostile ${name}`,
        query: queryString([...valid.filter(([n]) => n !== name), [name, value]]),
      })),
      fc.constantFrom(...names).map((name) => ({
        variant: `query: ${name} twice`,
        query: queryString([...valid, [name, '1'], [name, '2']]),
      })),
    );
  }
  return fc.oneof(...options);
}

function firstStringProperty(schema: JsonSchema, document: OpenApiDocument): string {
  const resolved = resolveRef(document, schema);
  const properties = (resolved.properties as Record<string, JsonSchema> | undefined) ?? {};
  return Object.keys(properties)[0] ?? 'field';
}

/** Every path into a JSON value (for replacing one node with a hostile value). */
function nodePaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...nodePaths(item, [...prefix, index])));
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...nodePaths(item, [...prefix, key]));
  return paths;
}

function replaced(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value))
    return (value as unknown[]).map((item, index) => (index === head ? replaced(item, rest, replacement) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [String(head)]: replaced(object[String(head)], rest, replacement) };
}

function invalidJsonBodyArbitrary(
  valid: unknown,
  schema: JsonSchema,
  document: OpenApiDocument,
): fc.Arbitrary<{ variant: string; body: RequestBody | null }> {
  const resolved = resolveRef(document, schema);
  const required = (resolved.required as string[] | undefined) ?? [];
  const paths = nodePaths(valid);
  const options: fc.Arbitrary<{ variant: string; body: RequestBody | null }>[] = [
    fc
      .tuple(
        fc.constantFrom('unexpected', '__proto__', 'constructor', 'id', 'municipalityId', 'version', ''),
        hostileValueArbitrary(),
      )
      .map(([name, value]) => ({
        variant: 'body: extra field',
        body: jsonBody(
          valid && typeof valid === 'object' && !Array.isArray(valid) ? { ...valid, [name]: value } : { [name]: value },
        ),
      })),
    wrongTypeArbitrary().map((value) => ({ variant: 'body: wrong type', body: jsonBody(value) })),
    fc
      .constantFrom(...MALFORMED_JSON_TEXTS)
      .map((text) => ({ variant: 'body: malformed JSON', body: { payload: text, contentType: JSON_TYPE } })),
    fc.constantFrom(...WRONG_CONTENT_TYPES).map((type) => ({
      variant: `body: content type ${type || '(empty)'}`,
      body: jsonBody(valid, type),
    })),
    fc.constantFrom('nearLimit', 'overLimit', 'long' as const).map((size) => ({
      variant: `body: huge string (${size})`,
      body: jsonBody({
        ...(valid && typeof valid === 'object' && !Array.isArray(valid) ? valid : {}),
        [firstStringProperty(schema, document)]: HUGE_STRINGS[size],
      }),
    })),
    fc.constantFrom(
      { variant: 'body: empty with JSON type', body: { payload: '', contentType: JSON_TYPE } },
      { variant: 'body: none', body: null },
    ),
  ];
  if (required.length > 0) {
    options.push(
      fc.constantFrom(...required).map((name) => {
        const copy = { ...(valid as Record<string, unknown>) };
        delete copy[name];
        return { variant: `body: missing ${name}`, body: jsonBody(copy) };
      }),
    );
  }
  if (paths.length > 0) {
    options.push(
      fc.tuple(fc.constantFrom(...paths), hostileValueArbitrary()).map(([path, value]) => ({
        variant: `body: hostile ${path.join('.')}`,
        body: jsonBody(replaced(valid, path, value)),
      })),
    );
  }
  return fc.oneof(...options);
}

function bodyArbitrary(
  operation: Operation,
  document: OpenApiDocument,
): fc.Arbitrary<{ variant: string; body: RequestBody | null }> {
  if (operation.key === CSV_IMPORT_ROUTE) return csvBodyArbitrary();
  const content = operation.body?.content ?? {};
  const multipartSchema = content['multipart/form-data'];
  if (multipartSchema) return multipartBodyArbitrary(multipartSchema, document);
  const jsonSchema = content[JSON_TYPE];
  if (!jsonSchema) {
    // No body declared: none is valid; a body of any kind must be refused or ignored, never fail.
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({ variant: 'valid', body: null }) },
      {
        weight: 1,
        arbitrary: wrongTypeArbitrary().map((value) => ({ variant: 'body: unexpected JSON', body: jsonBody(value) })),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(...MALFORMED_JSON_TEXTS, ...WRONG_CONTENT_TYPES).map((text) => ({
          variant: 'body: unexpected text',
          body: { payload: text, contentType: 'text/plain' },
        })),
      },
    );
  }
  const valid = schemaArbitrary(jsonSchema, { document, maxItems: 2 });
  return valid.chain((value) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({ variant: 'valid', body: jsonBody(value) }) },
      { weight: 5, arbitrary: invalidJsonBodyArbitrary(value, jsonSchema, document) },
    ),
  );
}

const GARBAGE_IF_MATCH = ['*', '"0"', '"abc"', 'W/"1"', '"1", "2"', '1', '""', '"99999999999"', '"-1"', 'null'];
const GARBAGE_IDEMPOTENCY_KEYS = ['', ' ', 'ä', 'x'.repeat(256), 'tab\tkey', 'nul\u0000', '\u{1F600}'];

export function requestPlanArbitrary(operation: Operation, document: OpenApiDocument): fc.Arbitrary<RequestPlan> {
  const takesIfMatch = '428' in operation.responses;
  const creating = operation.method === 'POST';
  const ids = fc.record(
    Object.fromEntries(operation.pathParams.map((parameter) => [parameter.name, idChoiceArbitrary()])),
  ) as fc.Arbitrary<Record<string, IdChoice>>;
  const ifMatch: fc.Arbitrary<IfMatchChoice> = takesIfMatch
    ? fc.oneof(
        { weight: 6, arbitrary: fc.nat().map((pick): IfMatchChoice => ({ kind: 'current', pick })) },
        { weight: 1, arbitrary: fc.constant<IfMatchChoice>({ kind: 'none' }) },
        { weight: 1, arbitrary: fc.constant<IfMatchChoice>({ kind: 'value', value: '"999999"' }) },
        {
          weight: 1,
          arbitrary: fc
            .oneof(fc.constantFrom(...GARBAGE_IF_MATCH), hostileStringArbitrary())
            .map((value): IfMatchChoice => ({ kind: 'value', value })),
        },
      )
    : fc.oneof(
        { weight: 9, arbitrary: fc.constant<IfMatchChoice>({ kind: 'none' }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(...GARBAGE_IF_MATCH).map((value): IfMatchChoice => ({ kind: 'value', value })),
        },
      );
  const idempotencyKey: fc.Arbitrary<string | null> = creating
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constant(null) },
        { weight: 3, arbitrary: fc.uuid().map((id) => `fuzz-${id}`) },
        { weight: 1, arbitrary: fc.constant('fuzz-reused-key') },
        { weight: 1, arbitrary: fc.constantFrom(...GARBAGE_IDEMPOTENCY_KEYS) },
      )
    : fc.constant(null);
  const validQuery = validQueryArbitrary(operation, document);
  return fc
    .record({
      ids,
      valid: validQuery,
      body: bodyArbitrary(operation, document),
      ifMatch,
      idempotencyKey,
      queryMode: fc.oneof(
        { weight: 6, arbitrary: fc.constant('valid' as const) },
        { weight: 1, arbitrary: fc.constant('invalid' as const) },
      ),
      siteMode: fc.oneof({ weight: 30, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    })
    .chain((parts) => {
      const base = {
        ids: parts.ids,
        body: parts.body.body,
        ifMatch: parts.ifMatch,
        idempotencyKey: parts.idempotencyKey,
        crossSite: parts.siteMode,
      };
      const variants = [parts.body.variant];
      const garbageIds = Object.entries(parts.ids).filter(([, choice]) => choice.kind !== 'real');
      if (garbageIds.length > 0)
        variants.push(`path: ${garbageIds.map(([name, choice]) => `${name} ${choice.kind}`).join(', ')}`);
      if (parts.ifMatch.kind === 'value' || (takesIfMatch && parts.ifMatch.kind === 'none'))
        variants.push(
          `If-Match ${parts.ifMatch.kind === 'value' ? JSON.stringify(parts.ifMatch.value.slice(0, 30)) : 'missing'}`,
        );
      if (parts.idempotencyKey !== null)
        variants.push(`Idempotency-Key ${JSON.stringify(parts.idempotencyKey.slice(0, 30))}`);
      if (parts.siteMode) variants.push('cross-site');
      if (parts.queryMode === 'valid') {
        return fc.constant<RequestPlan>({ ...base, variant: variants.join('; '), query: queryString(parts.valid) });
      }
      return invalidQueryArbitrary(operation, parts.valid).map((invalid): RequestPlan => ({
        ...base,
        variant: [...variants, invalid.variant].join('; '),
        query: invalid.query,
      }));
    });
}

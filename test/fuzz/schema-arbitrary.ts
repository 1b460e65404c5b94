// JSON Schema (draft 2020-12, the subset an OpenAPI 3.1 document from Zod uses) → fast-check arbitrary of
// values that the schema accepts. fast-check has no JSON Schema support, and the one library that converts
// (json-schema-fast-check) is archived and covers an older, smaller subset; so this is our own, for exactly
// the keywords our documents contain. An unknown keyword fails loudly (`assertKnownKeywords`), so a schema
// the converter cannot honour is never fuzzed with values it only believes to be valid.
import fc from 'fast-check';
import { resolveRef, type JsonSchema, type OpenApiDocument } from './openapi.ts';

const KNOWN_KEYWORDS = new Set([
  '$ref',
  '$schema',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'items',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'default',
  'description',
  'title',
  'examples',
  'id',
]);

function assertKnownKeywords(schema: JsonSchema): void {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_KEYWORDS.has(keyword)) throw new Error(`schema keyword ${keyword} is not supported by the fuzzer`);
  }
}

/** Samples of text in many scripts: valid values are not only ASCII. */
export const INTERNATIONAL_TEXT = [
  'Haddad',
  'Müller-Lüdenscheidt',
  'Øztürk',
  'حداد', // Arabic (right-to-left)
  'سمير الأحمد',
  'שלום עליכם', // Hebrew (right-to-left)
  'Ղարիբյան', // Armenian
  'Тарасенко', // Cyrillic
  'ትግርኛ', // Tigrinya (Ge'ez script)
  'فارسی دری', // Dari
  'e\u0301 combining', // combining acute accent
  'Zoë 👩🏽‍🔧 🇸🇾', // emoji with skin tone, ZWJ sequence and flag
  '\u202Eevil.exe', // right-to-left override
  'ǅemal Đorđević',
];

/**
 * Real values for patterns whose meaning the schema cannot express (the API checks them against code lists):
 * mostly these, sometimes anything the pattern allows.
 */
const PATTERN_HINTS: Readonly<Record<string, readonly string[]>> = {
  '^[A-Z]{2}$': ['SY', 'AF', 'IQ', 'ER', 'SO', 'IR', 'UA', 'TR', 'GN', 'DE', 'XX'],
  '^[a-z]{2,3}$': ['ar', 'fa', 'prs', 'ps', 'ti', 'ku', 'so', 'uk', 'tr', 'de', 'en', 'fr'],
};

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** An ISO calendar date, biased to edge years (0000 and 9999 are valid per the pattern). */
export function dateArbitrary(): fc.Arbitrary<string> {
  // Mostly recent years (where business rules accept dates), some anywhere, some at the edges.
  const year = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 2000, max: 2026 }) },
    { weight: 2, arbitrary: fc.integer({ min: 1950, max: 2035 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 1, 1000, 1899, 1900, 2000, 2100, 9999) },
  );
  return fc.tuple(year, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => {
    const last = new Date(Date.UTC(2000, m, 0)).getUTCDate(); // days of month m in a leap year
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const day = Math.min(d, m === 2 && !leap ? 28 : last);
    return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
}

function dateTimeArbitrary(): fc.Arbitrary<string> {
  return fc
    .tuple(
      dateArbitrary(),
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 59 }),
      fc.constantFrom('', '.000', '.5', '.123456'),
    )
    .map(
      ([date, h, m, s, fraction]) =>
        `${date}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${fraction}Z`,
    );
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = num(schema.minLength) ?? 0;
  const maxLength = num(schema.maxLength) ?? 300;
  const pattern = typeof schema.pattern === 'string' ? new RegExp(schema.pattern, 'u') : undefined;
  // Zod counts UTF-16 code units, JSON Schema code points: keep within both.
  const fits = (value: string) =>
    value.length >= minLength && value.length <= maxLength && [...value].length >= minLength;
  const valid = (value: string) => fits(value) && (!pattern || pattern.test(value));
  let base: fc.Arbitrary<string>;
  switch (schema.format) {
    case 'date':
      base = dateArbitrary();
      break;
    case 'date-time':
      base = dateTimeArbitrary();
      break;
    case 'uuid':
      base = fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] });
      break;
    case 'email':
      base = fc.oneof(
        fc.emailAddress(),
        fc.constantFrom('samir.haddad@example.org', "o'brien+fuzz@beispiel.de", 'x@example.co'),
      );
      break;
    default:
      if (pattern) {
        const hints = PATTERN_HINTS[String(schema.pattern)];
        base = hints
          ? fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...hints) },
              { weight: 1, arbitrary: fc.stringMatching(pattern) },
            )
          : fc.stringMatching(pattern);
      } else {
        const cap = Math.min(maxLength, 60);
        base = fc.oneof(
          { weight: 3, arbitrary: fc.string({ minLength, maxLength: Math.max(minLength, cap) }) },
          {
            weight: 2,
            arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength: Math.max(minLength, cap) }),
          },
          { weight: 2, arbitrary: fc.constantFrom(...INTERNATIONAL_TEXT) },
          { weight: 1, arbitrary: fc.constant('x'.repeat(Math.max(minLength, Math.min(maxLength, 100_000)))) },
        );
      }
  }
  return base.filter(valid);
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMinimum = num(schema.exclusiveMinimum);
  const exclusiveMaximum = num(schema.exclusiveMaximum);
  let min = num(schema.minimum) ?? (exclusiveMinimum === undefined ? undefined : exclusiveMinimum + (integer ? 1 : 0));
  let max = num(schema.maximum) ?? (exclusiveMaximum === undefined ? undefined : exclusiveMaximum - (integer ? 1 : 0));
  if (integer) {
    min = Math.max(min ?? -(2 ** 31), Number.MIN_SAFE_INTEGER);
    max = Math.min(max ?? 2 ** 31, Number.MAX_SAFE_INTEGER);
    const lo = min;
    const hi = max;
    // Boundaries are where off-by-one and overflow bugs live.
    return fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: lo, max: hi }) },
      { weight: 1, arbitrary: fc.constantFrom(lo, hi, Math.min(Math.max(0, lo), hi)) },
    );
  }
  return fc
    .double({ min: min ?? -1e9, max: max ?? 1e9, noNaN: true, noDefaultInfinity: true })
    .filter((value) => (exclusiveMinimum === undefined || value > exclusiveMinimum) && !Object.is(value, -0));
}

export interface ArbitraryContext {
  document: OpenApiDocument;
  /** Arrays longer than this are not generated (requests stay small and fast). */
  maxItems: number;
  depth?: number;
}

/** Values valid against `schema`. */
export function schemaArbitrary(schema: JsonSchema, context: ArbitraryContext): fc.Arbitrary<unknown> {
  const depth = context.depth ?? 0;
  if (depth > 12) throw new Error('schema nests too deeply (recursive $ref?)');
  const inner = { ...context, depth: depth + 1 };
  assertKnownKeywords(schema);
  if (typeof schema.$ref === 'string') return schemaArbitrary(resolveRef(context.document, schema), inner);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((branch) => schemaArbitrary(branch, inner)));
  const type = schema.type;
  if (Array.isArray(type)) {
    return fc.oneof(...(type as string[]).map((t) => schemaArbitrary({ ...schema, type: t }, inner)));
  }
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? {};
      const minLength = num(schema.minItems) ?? 0;
      const maxLength = Math.max(minLength, Math.min(num(schema.maxItems) ?? context.maxItems, context.maxItems));
      return fc.array(schemaArbitrary(items, inner), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, inner);
    case undefined:
      if (schema.properties) return objectArbitrary(schema, inner);
      // An unconstrained schema ({}): any JSON value.
      return fc.jsonValue({ maxDepth: 2 });
    default:
      throw new Error(`schema type ${String(type)} is not supported by the fuzzer`);
  }
}

function objectArbitrary(schema: JsonSchema, context: ArbitraryContext): fc.Arbitrary<unknown> {
  const properties = (schema.properties as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const additional = schema.additionalProperties;
  if (Object.keys(properties).length === 0 && additional && typeof additional === 'object') {
    // A record: keys from propertyNames (enum or pattern), values from additionalProperties.
    const names = (schema.propertyNames as JsonSchema | undefined) ?? { type: 'string', maxLength: 20 };
    return fc.dictionary(
      schemaArbitrary({ type: 'string', ...names }, context) as fc.Arbitrary<string>,
      schemaArbitrary(additional as JsonSchema, context),
      { maxKeys: 3 },
    );
  }
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = schemaArbitrary(property, context);
  return fc.record(model, { requiredKeys: [...required].filter((name) => name in properties) });
}

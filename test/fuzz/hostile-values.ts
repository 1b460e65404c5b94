// Values that a schema does not accept, or accepts while they are hostile: wrong types, injection strings,
// scripts that reorder text, broken Unicode, numbers at and beyond every limit, dates that do not exist,
// and sizes at the body limit. Used for single fields, whole bodies, query strings and path segments.
import fc from 'fast-check';
import { BODY_LIMIT_BYTES } from '../../src/platform/http/server.ts';
import { INTERNATIONAL_TEXT } from './schema-arbitrary.ts';

export const INJECTION_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE participant; --",
  '1); SELECT pg_sleep(10); --',
  "' UNION SELECT password_hash FROM app_user --",
  '$$; SELECT 1; $$',
  '\\x00\\\\',
  '%27%20OR%201=1',
  '<script>alert(document.cookie)</script>',
  '"><img src=x onerror=alert(1)>',
  "javascript:alert('x')",
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '\r\nSet-Cookie: durchstarten_session=stolen',
  '=HYPERLINK("http://evil.example","klick")',
];

export const BROKEN_UNICODE = [
  'nul\u0000byte',
  '\u0000',
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  'a\uD83Dz', // half an emoji
  '\uFEFFbom',
  '\u200B\u200C\u200D', // zero-width characters only
  'Z\u0334\u0321\u0322\u0348\u0339a\u0337l\u0334g\u0338o\u0335', // stacked combining marks
  '\u0301', // a combining mark without a base
  '\uFFFF\uFFFE', // non-characters
  '\u{10FFFF}',
  '١٢٣', // Arabic-Indic digits
  '１２３', // full-width digits
  '\t\n\r\v\f',
  '   ',
];

export const INVALID_DATES = [
  '2026-02-30',
  '2025-02-29',
  '1900-02-29',
  '0000-00-00',
  '2026-13-01',
  '2026-00-10',
  '2026-1-1',
  '99999-01-01',
  '+275760-09-13',
  '-000001-01-01',
  '10000-01-01',
  '2026-11-29T25:61:61Z',
  '2026-11-29T10:00:00+25:00',
  '29.11.2026',
  '2026/11/29',
  'today',
  '',
];

/** Dates the patterns accept but that are far from any real case (PostgreSQL has no year 0). */
export const EXTREME_VALID_DATES = ['0000-01-01', '0001-01-01', '9999-12-31', '0000-02-29', '1000-01-01'];

export const HOSTILE_NUMBERS = [
  -1,
  0,
  -0,
  0.5,
  -2147483649,
  2147483648,
  2 ** 53 + 2,
  -(2 ** 63),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  4.9e-324,
  123456789.12345679,
];

/** JSON number literals a JSON parser turns into something surprising (Infinity, a rounded value). */
export const RAW_NUMBER_LITERALS = ['1e999', '-1e999', '123456789012345678901234567890', '1E+2', '-0.0', '0.1e-400'];

/** Text that is not a number although it looks like one. */
export const NUMBER_LIKE_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e309', '0x1F', '1_000', '12abc', ' 7 ', '٣'];

export const HUGE_STRINGS = {
  /** Just under the body limit once wrapped in a small JSON object. */
  nearLimit: 'a'.repeat(BODY_LIMIT_BYTES - 4096),
  /** Over the body limit in bytes (2-byte UTF-8 characters), though under it in characters. */
  overLimit: 'ä'.repeat(Math.ceil(BODY_LIMIT_BYTES / 2) + 1024),
  /** Long but clearly within the limit. */
  long: 'Ü'.repeat(70_000),
};

export function hostileStringArbitrary(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
    { weight: 3, arbitrary: fc.constantFrom(...BROKEN_UNICODE) },
    { weight: 2, arbitrary: fc.constantFrom(...INTERNATIONAL_TEXT) },
    { weight: 2, arbitrary: fc.constantFrom(...INVALID_DATES, ...EXTREME_VALID_DATES) },
    { weight: 1, arbitrary: fc.constantFrom(...NUMBER_LIKE_STRINGS) },
    { weight: 1, arbitrary: fc.constantFrom(HUGE_STRINGS.long, HUGE_STRINGS.nearLimit, HUGE_STRINGS.overLimit) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  );
}

/** Any JSON value of the wrong kind for most fields. */
export function wrongTypeArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      null,
      true,
      false,
      [],
      {},
      [null],
      { $ne: null },
      JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
    ),
    fc.constantFrom(...HOSTILE_NUMBERS),
    hostileStringArbitrary(),
    fc.array(hostileStringArbitrary(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  );
}

/** A JSON-ish value for one field that is likely invalid or hostile: the core of malformed bodies. */
export function hostileValueArbitrary(): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 3, arbitrary: hostileStringArbitrary() },
    { weight: 2, arbitrary: wrongTypeArbitrary() },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_NUMBER_LITERALS).map((literal) => new RawJson(literal)) },
  );
}

/** A literal to splice into a JSON text unquoted (numbers JSON.stringify cannot produce). */
export class RawJson {
  readonly literal: string;
  constructor(literal: string) {
    this.literal = literal;
  }
}

/** JSON text of a value that may contain RawJson literals. */
export function toJsonText(value: unknown): string {
  const literals: string[] = [];
  const text = JSON.stringify(value, (_key, inner: unknown) => {
    if (inner instanceof RawJson) {
      literals.push(inner.literal);
      return `\u0001raw${literals.length - 1}\u0001`;
    }
    return inner;
  });
  return (text ?? 'null').replace(/"\\u0001raw(\d+)\\u0001"/g, (_, index: string) => literals[Number(index)] ?? 'null');
}

/** Texts that are not valid JSON, or JSON in a shape no route takes. */
export const MALFORMED_JSON_TEXTS = [
  '{',
  '{"a":',
  "{'single': 'quotes'}",
  '{"a":1,}',
  '[1,2',
  'undefined',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  '\u0000',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  '"just a string"',
  '12',
  'null',
  '[]',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  `${'['.repeat(5000)}${']'.repeat(5000)}`,
  `{"deep":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
  '\uFEFF{}',
  '{} {}',
  '{"a":1}garbage',
];

export const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/octet-stream',
  'text/csv',
  'application/json; charset=utf-16',
  'garbage/',
  '',
];

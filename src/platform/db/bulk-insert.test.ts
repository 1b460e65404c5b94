import fc from 'fast-check';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { textArrayLiteral } from './bulk-insert.ts';

// PostgreSQL's own reading of a text[] literal, as node-pg implements it.
// 1009 is text[]; node-pg's TypeId union lists only scalar types, hence the widened signature.
const TEXT_ARRAY_OID = 1009;
const getTypeParser = pg.types.getTypeParser as (oid: number) => (value: string) => unknown;
const parseTextArray = getTypeParser(TEXT_ARRAY_OID) as (value: string) => string[];

describe('textArrayLiteral', () => {
  it('writes lists that PostgreSQL reads back unchanged, whatever characters they hold', () => {
    expect(parseTextArray(textArrayLiteral(['a', 'b c', 'd,e', '{f}', 'g"h', 'i\\j', 'NULL', '', 'محمد']))).toEqual([
      'a',
      'b c',
      'd,e',
      '{f}',
      'g"h',
      'i\\j',
      'NULL',
      '',
      'محمد',
    ]);
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (values) => {
        expect(parseTextArray(textArrayLiteral(values))).toEqual(values);
      }),
    );
  });

  it('writes an empty list as {}', () => {
    expect(textArrayLiteral([])).toBe('{}');
  });
});

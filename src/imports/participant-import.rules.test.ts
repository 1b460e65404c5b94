import { describe, expect, it } from 'vitest';
import { parseCsv } from './participant-import.csv.ts';
import {
  changedFields,
  columnOf,
  detectDelimiter,
  duplicateExternalIds,
  fieldsOfColumns,
  parseBirthDate,
  readHeader,
  rowInput,
} from './participant-import.rules.ts';

const encode = (text: string) => new TextEncoder().encode(text);

describe('reading the file', () => {
  it('reads UTF-8 with a BOM and ";" as delimiter, quoted cells included, and names rows by their line', () => {
    const csv = parseCsv(encode('\uFEFFexternal_id;family_name\nA-1;"Müller; geb. Schmidt"\n\nA-2;Öztürk\n'));
    expect(csv.problems).toEqual([]);
    expect(csv.header).toEqual(['external_id', 'family_name']);
    expect(csv.records).toEqual([
      { row: 2, cells: ['A-1', 'Müller; geb. Schmidt'] },
      { row: 4, cells: ['A-2', 'Öztürk'] },
    ]);
  });

  it('detects "," and ";" from the header, ignoring quoted delimiters', () => {
    expect(detectDelimiter('a,b,c\n1;2;3')).toBe(',');
    expect(detectDelimiter('\uFEFFa;b;"c,d,e"\n')).toBe(';');
  });

  it('refuses a file that is not UTF-8, and reports rows with the wrong number of cells', () => {
    const latin1 = Uint8Array.from([0x61, 0x3b, 0x62, 0x0a, 0xe4, 0x3b, 0x62, 0x0a]);
    expect(parseCsv(latin1).problems.map((p) => p.code)).toEqual(['encoding']);
    const ragged = parseCsv(encode('external_id,family_name\nA-1,X,extra\nA-2,Y\n'));
    expect(ragged.problems).toEqual([expect.objectContaining({ row: 2, code: 'column_count', severity: 'error' })]);
    expect(ragged.records).toHaveLength(1);
    expect(parseCsv(encode('external_id,family_name\n"A-1,X\n')).problems[0]?.code).toBe('malformed_csv');
    expect(parseCsv(encode('')).problems[0]?.code).toBe('empty');
  });

  it('accepts documented headers case-insensitively and names unknown, repeated and missing columns', () => {
    expect(readHeader(['External ID', 'FAMILY-NAME', 'valid_from']).columns).toEqual([
      'external_id',
      'family_name',
      'residence_status_valid_from',
    ]);
    const { problems } = readHeader(['family_name', 'family_name', 'shoe_size']);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [1, 'family_name', 'duplicate_column'],
      [1, 'shoe_size', 'unknown_column'],
      [1, 'external_id', 'missing_column'],
    ]);
  });
});

describe('a row as the create input', () => {
  const columns = [
    'external_id',
    'family_name',
    'birth_date',
    'countries_of_origin',
    'residence_status',
    'residence_status_valid_from',
    'first_language',
    'restricted',
  ];

  it('keeps the precision of partly known birth dates', () => {
    expect(parseBirthDate('2001-03-04')).toEqual({ date: '2001-03-04', precision: 'day' });
    expect(parseBirthDate('2001-03')).toEqual({ date: '2001-03-01', precision: 'month' });
    expect(parseBirthDate('2001')).toEqual({ date: '2001-01-01', precision: 'year' });
    expect(parseBirthDate('04.03.2001')).toBeNull();
  });

  it('maps cells to fields, lists split at "|", empty cells left out', () => {
    const { input, problems, languageColumns } = rowInput(2, columns, [
      ' X-7 ',
      'Rahimi',
      '1999',
      'AF| IR',
      'toleration_60a',
      '2021-01-01',
      'prs',
      'ja',
    ]);
    expect(problems).toEqual([]);
    expect(input).toEqual({
      externalId: 'X-7',
      familyName: 'Rahimi',
      birthDate: '1999-01-01',
      birthDatePrecision: 'year',
      countriesOfOrigin: ['AF', 'IR'],
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2021-01-01' }],
      languages: [{ language: 'prs', level: 'native' }],
      restricted: true,
    });
    expect(languageColumns).toEqual(['first_language']);
    expect(columnOf('languages.0.language', languageColumns)).toBe('first_language');
  });

  it('names what cannot be read by its column', () => {
    const { problems } = rowInput(3, columns, ['X-8', 'Rahimi', '3.4.99', '', 'toleration_60a', '', '', 'vielleicht']);
    expect(problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'birth_date', 'invalid_date'],
      [3, 'residence_status_valid_from', 'required'],
      [3, 'restricted', 'invalid_boolean'],
    ]);
  });

  it('names schema problems by the documented column', () => {
    expect(columnOf('residenceStatuses.0.validFrom')).toBe('residence_status_valid_from');
    expect(columnOf('countriesOfOrigin.1')).toBe('countries_of_origin');
    expect(columnOf('languages.0.evidenceDate', ['german_level', 'first_language'])).toBe('german_level_date');
    expect(columnOf('schooling.0.years')).toBe('school_years');
    expect(columnOf('birthDatePrecision')).toBe('birth_date');
  });

  it('reports every repetition of an external id with the row it first appeared in', () => {
    expect(
      duplicateExternalIds([
        { row: 2, externalId: 'A' },
        { row: 3, externalId: 'B' },
        { row: 4, externalId: 'A' },
        { row: 7, externalId: 'A' },
        { row: 8, externalId: undefined },
      ]).map((p) => [p.row, p.message]),
    ).toEqual([
      [4, 'the same external id as row 2'],
      [7, 'the same external id as row 2'],
    ]);
  });
});

describe('what a row changes', () => {
  const stored = {
    familyName: 'Rahimi',
    givenNames: 'Omid',
    familyNameOriginal: null,
    givenNamesOriginal: null,
    birthDate: '1999-01-01',
    birthDatePrecision: 'year',
    gender: 'male',
    countriesOfOrigin: ['AF'],
    nationalities: [],
    phone: null,
    email: null,
    street: null,
    postcode: null,
    city: null,
    cityDistrict: null,
    accommodation: 'unknown',
    workPermission: 'unknown',
    benefits: [],
    vocationalExperience: null,
    excludedOffender: false,
    restricted: false,
  } as const;

  it('changes nothing when the columns of the file hold the stored values', () => {
    const present = fieldsOfColumns(['external_id', 'family_name', 'given_names', 'birth_date', 'countries_of_origin']);
    const same = {
      familyName: 'Rahimi',
      givenNames: 'Omid',
      birthDate: '1999-01-01',
      birthDatePrecision: 'year',
      countriesOfOrigin: ['AF'],
    };
    expect(changedFields(stored, same, present)).toEqual([]);
  });

  it('leaves fields of columns the file lacks alone, and clears those it has emptied', () => {
    const present = fieldsOfColumns(['external_id', 'family_name', 'given_names', 'phone']);
    expect(changedFields(stored, { familyName: 'Rahimi', phone: '0221 12345' }, present)).toEqual([
      'givenNames',
      'phone',
    ]);
    expect(
      changedFields({ ...stored, countriesOfOrigin: ['AF'] }, { familyName: 'Rahimi', givenNames: 'Omid' }, present),
    ).toEqual([]);
  });
});

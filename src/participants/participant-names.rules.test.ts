import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { birthDatePrecisions } from './participant.codes.ts';
import {
  duplicateMatch,
  nameKey,
  nameKeys,
  searchKeyGroups,
  searchKeys,
  type DuplicateFacts,
  type DuplicateReason,
  type PersonNames,
} from './participant-names.rules.ts';

function facts(
  givenNames: string,
  familyName: string,
  birthDate: string | null = '2001-03-04',
  birthDatePrecision: DuplicateFacts['birthDatePrecision'] = birthDate === null ? null : 'day',
  originals: Pick<PersonNames, 'familyNameOriginal' | 'givenNamesOriginal'> = {},
): DuplicateFacts {
  return { givenNames, familyName, birthDate, birthDatePrecision, ...originals };
}

function names(familyName: string, givenNames = ''): PersonNames {
  return { familyName, givenNames };
}

/** Does a search for `query` find a record named `name`? (`name_keys && searchKeys(query)` in SQL) */
function found(query: string, name: string): boolean {
  const keys = new Set(nameKeys(names(name)));
  return searchKeys(query).some((key) => keys.has(key));
}

describe('name keys: spellings of one name meet in a shared key', () => {
  it.each([
    ['Mohammed', ['Muhammad', 'Mohamad', 'Mohammad', 'Mohamed', 'MUHAMMED', 'محمد', 'مُحَمَّد', 'Мухаммад']],
    ['Ahmad', ['Ahmed', 'Achmed', 'أحمد', 'احمد', 'Ахмад']],
    ['Yusuf', ['Youssef', 'Jusuf', 'Yousef', 'Yussuf', 'يوسف', 'Юсуф']],
    ['Hussein', ['Husain', 'Hussain', 'Hossein', 'حسين', 'حسین', 'Хусейн']],
    ['Abdelrahman', ['Abd al-Rahman', 'Abdul Rahman', 'Abdurrahman', 'Abd-El-Rahman', 'عبد الرحمن', 'عبدالرحمن']],
    ['Abdullah', ['Abdallah', 'Abd Allah', 'Abdulla', 'عبدالله', 'عبد الله']],
    ['Al-Hassan', ['Alhasan', 'El Hassan', 'al-Hasan', 'Elhassan', 'الحسن']],
    ['Khalid', ['Chalid', 'Khaled', 'Haled', 'خالد', 'Халид']],
    ['Jamal', ['Djamal', 'Dschamal', 'Dzhamal', 'جمال', 'Джамал']],
    ['Shirin', ['Schirin', 'Şirin', 'Širin', 'شيرين', 'Ширин']],
    ['Chinar', ['Tschinar', 'Çinar', 'چنار']],
    ['Fatima', ['Fatimah', 'Fatma', 'Fatemeh', 'فاطمة']],
    ['Zohreh', ['Zohre', 'Zuhra', 'زهره']],
    ['Marwan', ['Merwan', 'مروان']],
    ['Javad', ['Jawad', 'Djavad', 'جواد']],
    ['Müller', ['Mueller', 'Muller', 'MÜLLER']],
    ['Tesfay', ['Tesfai', 'Tesfaye', 'ተስፋይ']],
    ['Yohannes', ['Johannes', 'ዮሃንስ']],
    ['Abraham', ['Ibrahim', 'Ebrahim', 'ابراهيم', 'ኣብርሃም']],
    ['Xhafer', ['Djafer', 'Jafer', 'Dschafer']],
  ])('%s', (name, spellings) => {
    for (const spelling of spellings) {
      expect({ spelling, found: found(spelling, name) }).toEqual({ spelling, found: true });
      expect({ spelling, reverse: found(name, spelling) }).toEqual({ spelling, reverse: true });
    }
  });

  it.each([
    ['Mohammed', 'Mehmet'], // the Turkish name is another name (documented decision)
    ['Ahmad', 'Ahmet'],
    ['Hassan', 'Karimi'],
    ['Yusuf', 'Yasin'],
    ['Ali', 'Aziz'],
  ])('keeps %s and %s apart', (a, b) => {
    expect(found(a, b)).toBe(false);
    expect(found(b, a)).toBe(false);
  });

  it('gives one token one phonetic key, the same for its spellings', () => {
    expect(nameKey('Muhammad')).toBe(nameKey('Mohammed'));
    expect(nameKey('محمد')).toBe(nameKey('Mohammed'));
    expect(nameKey('Mehmet')).not.toBe(nameKey('Mohammed'));
    expect(nameKey('Mohammed')).toMatch(/^[a-z]+$/);
    expect(nameKeys(names('Mohammed'))).toContain(nameKey('Mohammed'));
  });

  it('collects the keys of family, given and original-script names, sorted and without duplicates', () => {
    const keys = nameKeys({
      familyName: 'Al-Hassan',
      givenNames: 'Mohammed Ali',
      familyNameOriginal: 'الحسن',
      givenNamesOriginal: 'محمد علي',
    });
    expect(keys).toEqual([...new Set(keys)].sort());
    for (const part of ['Hassan', 'Mohammed', 'Ali', 'الحسن', 'محمد', 'علي']) expect(keys).toContain(nameKey(part));
    expect(
      nameKeys({ familyName: 'Karimi', givenNames: '', familyNameOriginal: null, givenNamesOriginal: null }),
    ).toEqual(nameKeys(names('Karimi')));
  });

  it('ignores everything but letters', () => {
    expect(nameKeys(names('  O’Brien-Smith  ', '(Jr.) 2.'))).toEqual(nameKeys(names('OBrien Smith', 'Jr')));
    expect(nameKeys(names('12345', '--'))).toEqual([]);
    expect(searchKeys('TN-000123')).toEqual(searchKeys('TN'));
  });

  it('groups the keys of a query by word', () => {
    const groups = searchKeyGroups('Muhammad Alhasan');
    expect(groups).toHaveLength(2);
    expect(groups[0]).toContain(nameKey('Mohammed'));
    expect(groups[1]).toContain(nameKey('Hassan'));
    expect(searchKeys('Muhammad Alhasan')).toEqual([...new Set(groups.flat())].sort());
    expect(searchKeyGroups('')).toEqual([]);
  });
});

describe('duplicate candidates', () => {
  it.each<[string, DuplicateFacts, DuplicateFacts, DuplicateReason[]]>([
    [
      'Mohammed Al-Hassan vs Muhammad Alhasan',
      facts('Mohammed', 'Al-Hassan'),
      facts('Muhammad', 'Alhasan'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    ['the same name', facts('Ahmad', 'Karimi'), facts('AHMAD', 'karimi'), ['same_name', 'same_birth_date']],
    [
      'the same name with diacritics',
      facts('José', 'Müller'),
      facts('Jose', 'Muller'),
      ['same_name', 'same_birth_date'],
    ],
    [
      'Yusuf vs Youssef',
      facts('Yusuf', 'Haidari'),
      facts('Youssef', 'Haidary'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'Hussein vs Hossein',
      facts('Hussein', 'Ahmadi'),
      facts('Hossein', 'Ahmadi'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'Abd al-Rahman vs Abdelrahman',
      facts('Abd al-Rahman', 'Saleh'),
      facts('Abdelrahman', 'Salih'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'swapped names',
      facts('Ahmad', 'Karimi'),
      facts('Karimi', 'Ahmad'),
      ['same_name', 'swapped_names', 'same_birth_date'],
    ],
    [
      'swapped names in another spelling',
      facts('Mohammed', 'Rahimi'),
      facts('Rahimi', 'Muhammad'),
      ['transliteration_variant', 'swapped_names', 'same_birth_date'],
    ],
    [
      'parts split differently between the fields',
      facts('', 'Ahmad Karimi'),
      facts('Ahmad', 'Karimi'),
      ['same_name', 'swapped_names', 'same_birth_date'],
    ],
    [
      'an Arabic-script original vs the Latin name',
      facts('Yusuf', 'Hassan'),
      facts('Jussuf', 'Hasan', '2001-03-04', 'day', { familyNameOriginal: 'حسن', givenNamesOriginal: 'يوسف' }),
      ['transliteration_variant', 'original_script_match', 'same_birth_date'],
    ],
    [
      'the original script typed into the name fields',
      facts('يوسف', 'حسن'),
      facts('Yusuf', 'Hassan'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'the same original script under different Latin spellings',
      facts('Mohamad', 'Hasan', '2001-03-04', 'day', { familyNameOriginal: 'حسن', givenNamesOriginal: 'محمد' }),
      facts('Mukhammad', 'Khasan', '2001-03-04', 'day', { familyNameOriginal: 'حسن', givenNamesOriginal: 'محمد' }),
      ['same_name', 'original_script_match', 'same_birth_date'],
    ],
    ['Cyrillic vs Latin', facts('Юсуф', 'Хасанов'), facts('Yusuf', 'Khasanov'), ['same_name', 'same_birth_date']],
    [
      'Cyrillic vs German transliteration',
      facts('Мухаммад', 'Хасанов'),
      facts('Muhammad', 'Chasanow'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'Tigrinya vs Latin',
      facts('ዮሃንስ', 'ተስፋይ'),
      facts('Yohannes', 'Tesfay'),
      ['transliteration_variant', 'same_birth_date'],
    ],
    [
      'a year-only birth date vs a full date of the same year',
      facts('Ahmad', 'Karimi', '2001-01-01', 'year'),
      facts('Ahmad', 'Karimi', '2001-09-17'),
      ['same_name', 'compatible_birth_date'],
    ],
    [
      'a month-only birth date vs a full date of the same month',
      facts('Ahmad', 'Karimi', '2001-09-01', 'month'),
      facts('Ahmed', 'Karimi', '2001-09-17'),
      ['transliteration_variant', 'compatible_birth_date'],
    ],
    [
      'a fictitious 1 January vs the real birthday of that year',
      facts('Ahmad', 'Karimi', '2001-01-01'),
      facts('Ahmad', 'Karimi', '2001-09-17'),
      ['same_name', 'compatible_birth_date'],
    ],
    [
      'both birth dates unknown, same name',
      facts('Ahmad', 'Karimi', null),
      facts('Ahmad', 'Karimi', null),
      ['same_name'],
    ],
    ['one birth date unknown, same name', facts('Ahmad', 'Karimi', null), facts('Ahmad', 'Karimi'), ['same_name']],
    [
      'a second given name missing',
      facts('Mohammed Ali', 'Rahimi'),
      facts('Mohammed', 'Rahimi'),
      ['similar_name', 'same_birth_date'],
    ],
    ['a typing error', facts('Ahmad', 'Rahimi'), facts('Ahmad', 'Rahini'), ['similar_name', 'same_birth_date']],
    [
      'a left-out vowel',
      facts('Ahmad', 'Rahimi'),
      facts('Ahmad', 'Rahmi'),
      ['transliteration_variant', 'same_birth_date'],
    ],
  ])('matches %s', (_name, candidate, existing, reasons) => {
    const match = duplicateMatch(candidate, existing);
    expect(match?.reasons).toEqual(reasons);
    expect(duplicateMatch(existing, candidate)).toEqual(match);
  });

  it.each<[string, DuplicateFacts, DuplicateFacts]>([
    [
      'the same name with different birth dates',
      facts('Ahmad', 'Karimi', '2001-03-04'),
      facts('Ahmad', 'Karimi', '2001-03-05'),
    ],
    ['different people sharing a common given name', facts('Mohammed', 'Rahimi'), facts('Mohammed', 'Haidari')],
    ['different people sharing a family name', facts('Ahmad', 'Karimi'), facts('Hamid', 'Karimi')],
    ['one common given name against a family name', facts('', 'Mohammed'), facts('Mohammed', 'Rahimi')],
    ['Hassan and Hussein', facts('Hassan', 'Karimi'), facts('Hussein', 'Karimi')],
    ['Mohammed and the Turkish Mehmet', facts('Mohammed', 'Yilmaz'), facts('Mehmet', 'Yilmaz')],
    ['a variant spelling when a birth date is unknown', facts('Ahmad', 'Karimi', null), facts('Ahmed', 'Karimi')],
    [
      'a year-only date of another year',
      facts('Ahmad', 'Karimi', '2001-01-01', 'year'),
      facts('Ahmad', 'Karimi', '2002-06-01'),
    ],
    [
      'a month-only date of another month',
      facts('Ahmad', 'Karimi', '2001-03-01', 'month'),
      facts('Ahmad', 'Karimi', '2001-04-15'),
    ],
    ['names without letters', facts('123', '--'), facts('456', '..')],
  ])('does not match %s', (_name, candidate, existing) => {
    expect(duplicateMatch(candidate, existing)).toBeNull();
    expect(duplicateMatch(existing, candidate)).toBeNull();
  });

  it('ranks the same name above a variant above a similar name, at the same birth date', () => {
    const existing = facts('Mohammed', 'Rahimi');
    const same = duplicateMatch(facts('Mohammed', 'Rahimi'), existing)?.score ?? 0;
    const variant = duplicateMatch(facts('Muhammad', 'Rahimi'), existing)?.score ?? 0;
    const similar = duplicateMatch(facts('Mohammed', 'Rahini'), existing)?.score ?? 0;
    expect(same).toBe(0.95);
    expect(variant).toBe(0.8);
    expect(similar).toBe(0.65);
  });

  it('ranks the same birth date above a compatible one above an unknown one', () => {
    const existing = facts('Ahmad', 'Karimi', '2001-03-04');
    const sameDay = duplicateMatch(facts('Ahmad', 'Karimi', '2001-03-04'), existing)?.score ?? 0;
    const sameYear = duplicateMatch(facts('Ahmad', 'Karimi', '2001-01-01', 'year'), existing)?.score ?? 0;
    const unknown = duplicateMatch(facts('Ahmad', 'Karimi', null), existing)?.score ?? 0;
    expect(sameDay).toBeGreaterThan(sameYear);
    expect(sameYear).toBeGreaterThan(unknown);
    expect(unknown).toBeGreaterThan(0);
  });

  it('scores the strongest candidate 1 and stays within 0..1', () => {
    const originals = { familyNameOriginal: 'كريمي', givenNamesOriginal: 'أحمد' };
    expect(
      duplicateMatch(
        facts('Ahmad', 'Karimi', '2001-03-04', 'day', originals),
        facts('Ahmad', 'Karimi', '2001-03-04', 'day', originals),
      ),
    ).toEqual({
      score: 1,
      reasons: ['same_name', 'original_script_match', 'same_birth_date'],
    });
  });
});

// --- Properties ---

const LATIN = 'abcdefghijklmnopqrstuvwxyzäöüßéèçşğıñ';
const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويةءأإپچژگکی';
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';
const word = fc.oneof(
  fc.string({ unit: fc.constantFrom(...LATIN), minLength: 1, maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...ARABIC), minLength: 1, maxLength: 8 }),
  fc.string({ unit: fc.constantFrom(...CYRILLIC), minLength: 1, maxLength: 10 }),
  fc.constantFrom('Mohammed', 'Al-Hassan', 'Abd al-Rahman', 'Youssef', 'Chalid', 'Tschinar', 'Karimi', 'Schmidt'),
);
const nameText = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const personNames: fc.Arbitrary<PersonNames> = fc.record({
  familyName: nameText,
  givenNames: fc.oneof(nameText, fc.constant('')),
  familyNameOriginal: fc.option(nameText, { nil: null }),
  givenNamesOriginal: fc.option(nameText, { nil: null }),
});

const isoDate = fc
  .record({
    year: fc.integer({ min: 1995, max: 2008 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
  })
  .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const duplicateFacts: fc.Arbitrary<DuplicateFacts> = fc
  .record({
    names: personNames,
    birthDate: fc.option(fc.oneof(isoDate, fc.constantFrom('2001-01-01', '2001-06-01')), { nil: null }),
    birthDatePrecision: fc.constantFrom(...birthDatePrecisions),
  })
  .map(({ names: parts, birthDate, birthDatePrecision }) => ({
    ...parts,
    birthDate,
    birthDatePrecision: birthDate === null ? null : birthDatePrecision,
  }));

const MARKS = ['\u0301', '\u0300', '\u0302', '\u0303', '\u0308'];
const ARABIC_MARKS = ['\u064E', '\u064F', '\u0650', '\u0651', '\u0652'];

/** The same name written with other case, diacritics on vowels, Arabic vowel signs and spacing. */
function restyle(text: string, choices: readonly number[]): string {
  let index = 0;
  const next = () => choices[index++ % choices.length] ?? 0;
  const styled = [...text]
    .map((char) => {
      const choice = next();
      if ('aeiouAEIOUn'.includes(char) && choice % 3 === 0) return char + (MARKS[choice % MARKS.length] ?? '');
      if (ARABIC.includes(char) && choice % 4 === 0) return char + (ARABIC_MARKS[choice % ARABIC_MARKS.length] ?? '');
      if (char === ' ') return [' ', '  ', '\t', '\u00A0', ' \n '][choice % 5] ?? ' ';
      return choice % 2 === 0 ? char.toUpperCase() : char.toLowerCase();
    })
    .join('');
  return `${' '.repeat(next() % 3)}${styled}${' '.repeat(next() % 2)}`;
}

describe('properties', () => {
  it('keeps name keys stable under case, diacritics and whitespace', () => {
    fc.assert(
      fc.property(personNames, fc.array(fc.nat(1000), { minLength: 1, maxLength: 20 }), (parts, choices) => {
        const restyled: PersonNames = {
          familyName: restyle(parts.familyName, choices),
          givenNames: restyle(parts.givenNames, choices),
          familyNameOriginal:
            parts.familyNameOriginal === null ? null : restyle(parts.familyNameOriginal ?? '', choices),
          givenNamesOriginal:
            parts.givenNamesOriginal === null ? null : restyle(parts.givenNamesOriginal ?? '', choices),
        };
        expect(nameKeys(restyled)).toEqual(nameKeys(parts));
      }),
      { numRuns: 300 },
    );
  });

  it('returns sorted, unique, lowercase keys, and finds every record by its own name', () => {
    fc.assert(
      fc.property(personNames, (parts) => {
        const keys = nameKeys(parts);
        expect(keys).toEqual([...new Set(keys)].sort());
        for (const key of keys) expect(key).toMatch(/^[a-z]+$/);
        expect(nameKeys(parts)).toEqual(keys);
        const own = searchKeys(parts.familyName);
        if (own.length > 0) expect(own.some((key) => keys.includes(key))).toBe(true);
      }),
    );
  });

  it('is symmetric: the same reasons and score either way round', () => {
    fc.assert(
      fc.property(duplicateFacts, duplicateFacts, (a, b) => {
        expect(duplicateMatch(b, a)).toEqual(duplicateMatch(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('is symmetric for near spellings too (where matches are frequent)', () => {
    const spelling = fc.constantFrom(
      'Mohammed',
      'Muhammad',
      'محمد',
      'Ahmad',
      'Ahmed',
      'Karimi',
      'Karimy',
      'Rahimi',
      'Al-Hassan',
      'Alhasan',
    );
    const near = fc.record({
      givenNames: spelling,
      familyName: spelling,
      birthDate: fc.constantFrom('2001-03-04', '2001-01-01', null),
      birthDatePrecision: fc.constantFrom('day' as const, 'year' as const),
      familyNameOriginal: fc.option(spelling, { nil: null }),
    });
    fc.assert(
      fc.property(near, near, (a, b) => {
        const match = duplicateMatch(a, b);
        expect(duplicateMatch(b, a)).toEqual(match);
        if (match) {
          expect(match.score).toBeGreaterThan(0);
          expect(match.score).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('always offers a record as a candidate for itself', () => {
    fc.assert(
      fc.property(duplicateFacts, (a) => {
        expect(duplicateMatch(a, structuredClone(a))?.reasons).toContain('same_name');
      }),
    );
  });

  it('never throws, whatever the strings', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 60 });
    const anything = fc.record({
      familyName: text,
      givenNames: text,
      familyNameOriginal: fc.option(text, { nil: null }),
      givenNamesOriginal: fc.option(text, { nil: null }),
      birthDate: fc.option(fc.string(), { nil: null }),
      birthDatePrecision: fc.option(fc.constantFrom(...birthDatePrecisions), { nil: null }),
    });
    fc.assert(
      fc.property(anything, anything, text, (a, b, query) => {
        expect(() => duplicateMatch(a, b)).not.toThrow();
        expect(() => nameKeys(a)).not.toThrow();
        expect(() => searchKeys(query)).not.toThrow();
        expect(() => nameKey(query)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});

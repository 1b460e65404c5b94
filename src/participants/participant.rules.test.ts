import { describe, expect, it } from 'vitest';
import {
  benefitProblems,
  changedFields,
  normaliseBirthDate,
  notInFuture,
  resolveBirthDate,
} from './participant.rules.ts';

const TODAY = '2026-11-29';
const none = { birthDate: null, birthDatePrecision: null };

describe('birth dates', () => {
  it('stores a date known to the month or year as its first day', () => {
    expect(normaliseBirthDate('2003-05-17', 'month')).toBe('2003-05-01');
    expect(normaliseBirthDate('2003-05-17', 'year')).toBe('2003-01-01');
    expect(normaliseBirthDate('2003-05-17', 'day')).toBe('2003-05-17');
    expect(resolveBirthDate({ birthDate: '2003-05-17', birthDatePrecision: 'month' }, none, TODAY)).toEqual({
      birthDate: '2003-05-01',
      birthDatePrecision: 'month',
      problems: [],
    });
  });

  it('needs the precision with every new date and refuses dates in the future or before 1900', () => {
    expect(resolveBirthDate({ birthDate: '2003-05-17' }, none, TODAY).problems.map((p) => p.field)).toEqual([
      'birthDatePrecision',
    ]);
    expect(
      resolveBirthDate({ birthDate: '2026-11-30', birthDatePrecision: 'day' }, none, TODAY).problems.map((p) => p.code),
    ).toEqual(['in_future']);
    expect(resolveBirthDate({ birthDate: TODAY, birthDatePrecision: 'day' }, none, TODAY).problems).toEqual([]);
    expect(
      resolveBirthDate({ birthDate: '1899-12-31', birthDatePrecision: 'day' }, none, TODAY).problems.map((p) => p.code),
    ).toEqual(['too_early']);
    expect(resolveBirthDate({ birthDatePrecision: 'day' }, none, TODAY).problems.map((p) => p.code)).toEqual([
      'not_allowed',
    ]);
  });

  it('clears the precision with the date and applies a coarser precision to the stored date', () => {
    const stored = { birthDate: '2001-02-03', birthDatePrecision: 'day' as const };
    expect(resolveBirthDate({ birthDate: null }, stored, TODAY)).toEqual({
      birthDate: null,
      birthDatePrecision: null,
      problems: [],
    });
    expect(resolveBirthDate({ birthDatePrecision: 'year' }, stored, TODAY)).toMatchObject({
      birthDate: '2001-01-01',
      birthDatePrecision: 'year',
      problems: [],
    });
    expect(resolveBirthDate({}, stored, TODAY)).toEqual({ ...stored, problems: [] });
    // The precision alone cannot be cleared while the date stays (the database would refuse the pair).
    expect(
      resolveBirthDate({ birthDatePrecision: null }, stored, TODAY).problems.map((p) => [p.field, p.code]),
    ).toEqual([['birthDatePrecision', 'required']]);
  });

  it('asks for the date when the precision becomes finer, because the stored first day is not the birthday', () => {
    const stored = { birthDate: '2001-01-01', birthDatePrecision: 'year' as const };
    expect(resolveBirthDate({ birthDatePrecision: 'day' }, stored, TODAY).problems.map((p) => p.field)).toEqual([
      'birthDate',
    ]);
  });
});

describe('other rules', () => {
  it('refuses "none" next to a benefit', () => {
    expect(benefitProblems(['none', 'sgb2'])).toHaveLength(1);
    expect(benefitProblems(['none'])).toEqual([]);
    expect(benefitProblems(['asylblg', 'sgb2'])).toEqual([]);
    expect(benefitProblems(undefined)).toEqual([]);
  });

  it('refuses recorded events in the future', () => {
    expect(notInFuture('givenOn', '2026-11-30', TODAY)).toHaveLength(1);
    expect(notInFuture('givenOn', TODAY, TODAY)).toEqual([]);
    expect(notInFuture('givenOn', null, TODAY)).toEqual([]);
  });

  it('names the fields whose values changed, sorted, and only those', () => {
    expect(
      changedFields(
        { phone: '1', benefits: ['sgb2'], city: 'Köln', restricted: false },
        { phone: '2', benefits: ['sgb2'], city: undefined, restricted: false },
      ),
    ).toEqual(['phone']);
    expect(changedFields({ a: ['x'] as string[], b: 1 }, { b: 2, a: ['x', 'y'] })).toEqual(['a', 'b']);
  });
});

import { describe, expect, it } from 'vitest';
import { formatBirthDate, fromBirthDate, toBirthDate } from './birth-date.ts';

const input = (overrides: Partial<Parameters<typeof toBirthDate>[0]>) => ({
  precision: '' as const,
  day: '',
  month: '',
  year: '',
  ...overrides,
});

describe('toBirthDate', () => {
  it('sends nothing when no date of birth is known', () => {
    expect(toBirthDate(input({ year: '1999' }))).toEqual({ ok: true, birthDate: null, birthDatePrecision: null });
  });

  it('stores the first day of the known month or year with its precision', () => {
    expect(toBirthDate(input({ precision: 'year', year: '1999', month: '7' }))).toEqual({
      ok: true,
      birthDate: '1999-01-01',
      birthDatePrecision: 'year',
    });
    expect(toBirthDate(input({ precision: 'month', year: '1999', month: '7' }))).toEqual({
      ok: true,
      birthDate: '1999-07-01',
      birthDatePrecision: 'month',
    });
    expect(toBirthDate(input({ precision: 'day', day: '1999-07-03' }))).toEqual({
      ok: true,
      birthDate: '1999-07-03',
      birthDatePrecision: 'day',
    });
  });

  it('names what is missing or wrong', () => {
    expect(toBirthDate(input({ precision: 'day' }))).toEqual({ ok: false, problem: 'birthDateRequired' });
    expect(toBirthDate(input({ precision: 'day', day: '1999-02-30' }))).toEqual({
      ok: false,
      problem: 'birthDateInvalid',
    });
    expect(toBirthDate(input({ precision: 'year', year: '99' }))).toEqual({ ok: false, problem: 'birthYearInvalid' });
    expect(toBirthDate(input({ precision: 'month', year: '1999' }))).toEqual({
      ok: false,
      problem: 'birthMonthRequired',
    });
  });
});

describe('fromBirthDate', () => {
  it('fills the fields that the precision asks for', () => {
    expect(fromBirthDate('1999-07-01', 'month')).toEqual({ precision: 'month', day: '', month: '7', year: '1999' });
    expect(fromBirthDate('1999-01-01', 'year')).toEqual({ precision: 'year', day: '', month: '', year: '1999' });
    expect(fromBirthDate('1999-07-03', 'day')).toEqual({ precision: 'day', day: '1999-07-03', month: '', year: '' });
    expect(fromBirthDate(null, null)).toEqual({ precision: '', day: '', month: '', year: '' });
  });

  it('round-trips with toBirthDate', () => {
    for (const [date, precision] of [
      ['2001-11-01', 'month'],
      ['2001-01-01', 'year'],
      ['2001-11-23', 'day'],
    ] as const) {
      expect(toBirthDate(fromBirthDate(date, precision))).toEqual({
        ok: true,
        birthDate: date,
        birthDatePrecision: precision,
      });
    }
  });
});

describe('formatBirthDate', () => {
  it('shows only what is known', () => {
    expect(formatBirthDate('1999-01-01', 'year', 'de-DE')).toBe('1999');
    expect(formatBirthDate('1999-03-01', 'month', 'de-DE')).toBe('03/1999');
    expect(formatBirthDate('1999-03-07', 'day', 'de-DE')).toBe('07.03.1999');
    expect(formatBirthDate('1999-03-07', 'day', 'en-GB')).toBe('07/03/1999');
    expect(formatBirthDate(null, null, 'de-DE')).toBeNull();
  });
});

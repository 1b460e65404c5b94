import { describe, expect, it } from 'vitest';
import { collectProblems, optional, problemKey, wholeNumber } from './form-problems.ts';

describe('form problems', () => {
  it('reads a problem code by the kind of field it is about', () => {
    expect(problemKey('text', 'too_small')).toBe('required');
    expect(problemKey('number', 'too_small')).toBe('tooSmall');
    expect(problemKey('text', 'too_big')).toBe('tooLong');
    expect(problemKey('number', 'too_big')).toBe('tooBig');
    expect(problemKey('choice', 'invalid_value')).toBe('choose');
    expect(problemKey('date', 'invalid_format')).toBe('date');
    expect(problemKey('time', 'invalid_format')).toBe('time');
    expect(problemKey('number', 'invalid_type')).toBe('whole');
    expect(problemKey('choice', 'required')).toBe('choose');
    expect(problemKey('text', 'not_found')).toBe('notFound');
    expect(problemKey('text', 'something_new')).toBe('invalid');
  });

  it('keeps one problem per field, in the order of the form, and drops paths it does not know', () => {
    const problems = collectProblems(
      [
        { field: 'topic', code: 'too_big' },
        { field: 'date', code: 'invalid_format' },
        { field: 'topic', code: 'too_small' },
        { field: 'somethingElse', code: 'custom' },
      ],
      { date: 'date', topic: 'text' },
      ['date', 'topic'],
    );
    expect(problems).toEqual([
      { field: 'date', key: 'date' },
      { field: 'topic', key: 'tooLong' },
    ]);
  });

  it('maps a reported path to a field of the form', () => {
    const problems = collectProblems(
      [{ field: 'occurredAt', code: 'invalid_format' }],
      { date: 'date' },
      ['date'],
      (path) => (path === 'occurredAt' ? 'date' : undefined),
    );
    expect(problems).toEqual([{ field: 'date', key: 'date' }]);
  });

  it('treats blank text as not given and reads whole numbers strictly', () => {
    expect(optional('  ')).toBeNull();
    expect(optional(' a ')).toBe('a');
    expect(wholeNumber('')).toBeNull();
    expect(wholeNumber('12')).toBe(12);
    expect(wholeNumber('1.5')).toBeNaN();
    expect(wholeNumber('zwölf')).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { inputDate, inputDateTime, isoDate } from './dates.ts';

describe('dates in API schemas', () => {
  it('accepts entered dates from 1900 to 2199 and refuses year 0000, which PostgreSQL cannot store', () => {
    expect(inputDate.safeParse('1900-01-01').success).toBe(true);
    expect(inputDate.safeParse('2199-12-31').success).toBe(true);
    expect(inputDate.safeParse('0000-02-29').success).toBe(false);
    expect(inputDate.safeParse('1899-12-31').success).toBe(false);
    expect(inputDate.safeParse('2200-01-01').success).toBe(false);
    expect(inputDate.safeParse('2025-02-30').success).toBe(false);
    // Answers are not bounded: what is stored is returned as it is.
    expect(isoDate.safeParse('0001-01-01').success).toBe(true);
  });

  it('bounds entered instants by their day and requires an offset', () => {
    expect(inputDateTime.safeParse('2026-11-30T10:00:00+01:00').success).toBe(true);
    expect(inputDateTime.safeParse('2026-11-30T10:00:00Z').success).toBe(true);
    expect(inputDateTime.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(inputDateTime.safeParse('2200-01-01T00:00:00Z').success).toBe(false);
    // A malformed value is one field error, not also "out of range".
    expect(inputDateTime.safeParse('yesterday').error?.issues).toHaveLength(1);
    expect(inputDate.safeParse('2026-13-01').error?.issues).toHaveLength(1);
    const refused = inputDateTime.safeParse('1800-05-01T00:00:00Z');
    expect(refused.success ? '' : refused.error.issues[0]?.message).toBe('a date between 1900 and 2199');
  });
});

import { describe, expect, it } from 'vitest';
import { formatCount, formatDateTime, formatUptime } from './format-status.ts';

describe('formatUptime', () => {
  it('shows seconds below one minute', () => {
    expect(formatUptime(42, 'de')).toBe('42 Sekunden');
    expect(formatUptime(1, 'en')).toBe('1 second');
  });

  it('names days, hours and minutes and skips zero units', () => {
    expect(formatUptime(2 * 86_400 + 3 * 3_600 + 4 * 60 + 5, 'de')).toBe('2 Tage, 3 Stunden und 4 Minuten');
    expect(formatUptime(86_400 + 60, 'en')).toBe('1 day, 1 minute');
  });

  it('treats negative or fractional input as whole non-negative seconds', () => {
    expect(formatUptime(-3, 'de')).toBe('0 Sekunden');
    expect(formatUptime(59.9, 'en')).toBe('59 seconds');
  });
});

describe('formatDateTime', () => {
  it('formats in de-DE and en-GB order', () => {
    const iso = '2026-11-29T08:05:09.000Z';
    expect(formatDateTime(iso, 'de', 'UTC')).toBe('29. November 2026 um 08:05:09');
    expect(formatDateTime(iso, 'en', 'UTC')).toBe('29 November 2026 at 08:05:09');
  });
});

describe('formatCount', () => {
  it('groups thousands by language', () => {
    expect(formatCount(12345, 'de')).toBe('12.345');
    expect(formatCount(12345, 'en')).toBe('12,345');
  });
});

import { describe, expect, it } from 'vitest';
import { germanDate } from './funding-kit.tsx';

describe('germanDate', () => {
  it('writes a day or the day of a moment in German notation, and a dash for none', () => {
    expect(germanDate('2021-03-01')).toBe('01.03.2021');
    expect(germanDate('2026-11-30T08:00:00.000Z')).toBe('30.11.2026');
    expect(germanDate(null)).toBe('–');
  });
});

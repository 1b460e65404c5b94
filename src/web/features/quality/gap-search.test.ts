import { describe, expect, it } from 'vitest';
import { parseGapSearch } from './gap-search.ts';

describe('parseGapSearch', () => {
  it('keeps valid filters and drops everything else', () => {
    expect(
      parseGapSearch({
        from: '2026-01',
        to: '2026-13',
        granularity: 'quarter',
        group: 'literacy',
        place: '  Porz ',
        byPlace: false,
        unmetOnly: 'true',
        colour: 'red',
      }),
    ).toEqual({
      from: '2026-01',
      granularity: 'quarter',
      group: 'literacy',
      place: 'Porz',
      byPlace: false,
      unmetOnly: true,
    });
    expect(parseGapSearch({ granularity: 'week', group: 'x', byPlace: 'yes' })).toEqual({});
  });
});

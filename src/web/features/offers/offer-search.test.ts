import { describe, expect, it } from 'vitest';
import { offerFilters, parseOfferSearch } from './offer-search.ts';

describe('catalogue address', () => {
  it('keeps known parameters with valid values and drops the rest', () => {
    expect(
      parseOfferSearch({
        q: ' Sprachkurs ',
        type: 'integration_course',
        strand: 'none',
        status: 'bogus',
        maxEntryLevel: 'A2',
        hasFreeSeats: 'true',
        childcare: 'false',
        sort: '-startsOn',
        colour: 'blue',
      }),
    ).toEqual({
      q: 'Sprachkurs',
      type: 'integration_course',
      strand: 'none',
      maxEntryLevel: 'A2',
      hasFreeSeats: 'true',
      sort: '-startsOn',
    });
  });

  it('sorts by title unless told otherwise', () => {
    expect(offerFilters({})).toEqual({ sort: 'title' });
    expect(offerFilters({ place: 'Kalk', sort: 'place' })).toEqual({ place: 'Kalk', sort: 'place' });
  });
});

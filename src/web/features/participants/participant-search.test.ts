import { describe, expect, it } from 'vitest';
import { activeFilters, parseParticipantSearch, searchQueryString } from './participant-search.ts';

describe('parseParticipantSearch', () => {
  it('keeps every known filter and a sort of the allow-list', () => {
    expect(
      parseParticipantSearch({
        q: '  Ahmadi ',
        birthDate: '1999-03-01',
        residenceStatus: 'toleration_60a',
        gender: 'female',
        cityDistrict: ' Kalk ',
        hasOpenCase: true,
        blocked: 'false',
        sort: '-birthDate',
      }),
    ).toEqual({
      q: 'Ahmadi',
      birthDate: '1999-03-01',
      residenceStatus: 'toleration_60a',
      gender: 'female',
      cityDistrict: 'Kalk',
      hasOpenCase: true,
      blocked: false,
      sort: '-birthDate',
    });
  });

  it('drops unknown codes, impossible dates, sorts outside the allow-list and anything else', () => {
    expect(
      parseParticipantSearch({
        q: '   ',
        birthDate: '1999-02-30',
        residenceStatus: 'citizen',
        gender: 'x',
        hasOpenCase: 'maybe',
        sort: 'email',
        cursor: 'abc',
      }),
    ).toEqual({});
    expect(parseParticipantSearch({ sort: '-updatedAt' })).toEqual({});
  });

  it('leaves the default sort out of the address', () => {
    expect(parseParticipantSearch({ sort: 'familyName' })).toEqual({});
  });

  it('shortens an overlong query to what the API accepts', () => {
    expect(parseParticipantSearch({ q: 'x'.repeat(250) }).q).toHaveLength(200);
  });
});

describe('searchQueryString', () => {
  it('names only the filters that are set, always a sort, then cursor and limit', () => {
    expect(searchQueryString({ q: 'TN-000123', blocked: false }, 'c1', 25)).toBe(
      'q=TN-000123&blocked=false&sort=familyName&cursor=c1&limit=25',
    );
    expect(searchQueryString({ sort: '-createdAt' }, undefined, 25)).toBe('sort=-createdAt&limit=25');
  });
});

describe('activeFilters', () => {
  it('lists the names of the filters, not the sort', () => {
    expect(activeFilters({ q: 'a', gender: 'male', sort: 'number' })).toEqual(['q', 'gender']);
  });
});

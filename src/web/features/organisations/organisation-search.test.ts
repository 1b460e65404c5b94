import { describe, expect, it } from 'vitest';
import { parseOrganisationSearch } from './organisation-search.ts';

describe('parseOrganisationSearch', () => {
  it('keeps a known kind and a trimmed query', () => {
    expect(parseOrganisationSearch({ q: '  Köln ', kind: 'municipality' })).toEqual({
      q: 'Köln',
      kind: 'municipality',
    });
  });

  it('drops unknown kinds, empty queries and anything else in the address', () => {
    expect(parseOrganisationSearch({ q: '   ', kind: 'school', cursor: 'abc' })).toEqual({});
    expect(parseOrganisationSearch({ q: 42, kind: ['provider'] })).toEqual({});
  });

  it('shortens an overlong query to what the API accepts', () => {
    expect(parseOrganisationSearch({ q: 'x'.repeat(150) }).q).toHaveLength(100);
  });
});

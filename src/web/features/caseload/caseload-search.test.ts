import { describe, expect, it } from 'vitest';
import { caseloadQuerySchema } from '../../../cases/caseload.schema.ts';
import { caseloadPath, isFiltered, parseCaseloadSearch } from './caseload-search.ts';

describe('caseload search', () => {
  it('keeps only what the API accepts from the address and drops defaults', () => {
    expect(
      parseCaseloadSearch({
        scope: 'team',
        status: ['open', 'bogus', 'exited'],
        warning: 'follow_up_overdue,steps_overdue,nope',
        programme: 'diaa',
        strand: 'FB9',
        sort: '-openedOn',
        extra: 'x',
      }),
    ).toEqual({
      scope: 'team',
      status: ['open', 'exited'],
      warning: ['follow_up_overdue', 'steps_overdue'],
      programme: 'diaa',
      sort: '-openedOn',
    });
    expect(parseCaseloadSearch({ scope: 'own', sort: 'nextDueOn', status: [] })).toEqual({});
    expect(parseCaseloadSearch({ programme: 'DROP TABLE' })).toEqual({});
  });

  it('builds an address the API schema accepts, lists comma-separated', () => {
    const path = caseloadPath(
      { scope: 'team', status: ['open', 'planned'], warning: ['eligibility_lost'], strand: 'FB1' },
      'abc',
      10,
    );
    const query = Object.fromEntries(new URL(path, 'http://localhost').searchParams);
    expect(query).toEqual({
      scope: 'team',
      status: 'open,planned',
      warning: 'eligibility_lost',
      strand: 'FB1',
      sort: 'nextDueOn',
      cursor: 'abc',
      limit: '10',
    });
    expect(caseloadQuerySchema.safeParse(query).success).toBe(true);
    const plain = Object.fromEntries(new URL(caseloadPath({}, undefined, 25), 'http://localhost').searchParams);
    expect(caseloadQuerySchema.parse(plain)).toMatchObject({ scope: 'own', sort: 'nextDueOn', limit: 25 });
  });

  it('says when a view departs from the default', () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ strand: 'FB2' })).toBe(true);
  });
});

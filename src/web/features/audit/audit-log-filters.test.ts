import { describe, expect, it } from 'vitest';
import { EMPTY_FILTERS, filtersToQuery, localToIso, searchParams } from './audit-log-filters.ts';

describe('audit log filters', () => {
  it('sends nothing for an empty form', () => {
    expect(filtersToQuery(EMPTY_FILTERS)).toEqual({ ok: true, query: {} });
  });

  it('trims values and turns local date-times into instants', () => {
    const result = filtersToQuery({
      ...EMPTY_FILTERS,
      participantId: ' 1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed ',
      outcome: 'denied',
      from: '2026-11-01T08:00',
    });
    expect(result).toEqual({
      ok: true,
      query: {
        participantId: '1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
        outcome: 'denied',
        from: new Date('2026-11-01T08:00').toISOString(),
      },
    });
  });

  it('names every invalid field, with the order of the period as its own problem', () => {
    const result = filtersToQuery({
      ...EMPTY_FILTERS,
      userId: 'nobody',
      action: 'Participant Read',
      from: '2026-11-02T08:00',
      to: '2026-11-01T08:00',
    });
    expect(result).toEqual({ ok: false, errors: { userId: 'invalid', action: 'invalid', to: 'order' } });
  });

  it('leaves unparsable dates for the schema to refuse', () => {
    expect(localToIso('gestern')).toBe('gestern');
    expect(filtersToQuery({ ...EMPTY_FILTERS, from: 'gestern' })).toEqual({ ok: false, errors: { from: 'invalid' } });
  });

  it('builds the query string with cursor and page size', () => {
    expect(searchParams({ action: 'participant.read', userId: undefined }, '42', 25)).toBe(
      'action=participant.read&cursor=42&limit=25',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayAfter,
  dayBefore,
  periodOn,
  periodProblems,
  planHistory,
  planStatusAddition,
  planStatusDeletion,
  type StatusPeriod,
} from './residence-status.rules.ts';

const open = (id: string, validFrom: string): StatusPeriod => ({ id, validFrom, validTo: null });
const closed = (id: string, validFrom: string, validTo: string): StatusPeriod => ({ id, validFrom, validTo });

describe('calendar days', () => {
  it('steps over month ends, leap days and year ends', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2023-03-01')).toBe('2023-02-28');
    expect(dayBefore('2025-01-01')).toBe('2024-12-31');
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
    expect(dayAfter('2024-12-31')).toBe('2025-01-01');
  });
});

describe('adding a status', () => {
  it('ends the open-ended status before it on the day before the new one starts', () => {
    const plan = planStatusAddition([open('a', '2022-09-15')], { validFrom: '2024-06-01', validTo: null });
    expect(plan).toEqual({ validTo: null, close: [{ id: 'a', validTo: '2024-05-31' }], problems: [] });
  });

  it('ends a status inserted before a later one on the day before that one starts', () => {
    const plan = planStatusAddition([open('b', '2024-06-01')], { validFrom: '2022-09-15', validTo: null });
    expect(plan).toEqual({ validTo: '2024-05-31', close: [], problems: [] });
  });

  it('puts an open-ended status between two that follow each other', () => {
    const plan = planStatusAddition([closed('a', '2021-01-01', '2023-12-31'), open('b', '2024-01-01')], {
      validFrom: '2023-06-01',
      validTo: null,
    });
    expect(plan).toEqual({ validTo: '2023-12-31', close: [{ id: 'a', validTo: '2023-05-31' }], problems: [] });
  });

  it('never shortens a period with an end of its own', () => {
    const plan = planStatusAddition([closed('a', '2021-01-01', '2023-10-31'), open('b', '2024-01-01')], {
      validFrom: '2023-06-01',
      validTo: null,
    });
    expect(plan.close).toEqual([]);
    expect(plan.problems).toEqual([expect.objectContaining({ field: 'validFrom', code: 'overlaps' })]);
  });

  it('refuses a closed status inside another period instead of cutting that one', () => {
    const plan = planStatusAddition([closed('a', '2021-01-01', '2023-12-31'), open('b', '2024-01-01')], {
      validFrom: '2023-06-01',
      validTo: '2023-09-30',
    });
    expect(plan.close).toEqual([]);
    expect(plan.problems).toEqual([expect.objectContaining({ field: 'validFrom', code: 'overlaps' })]);
  });

  it('refuses a second status starting on the same day', () => {
    const plan = planStatusAddition([open('a', '2024-01-01')], { validFrom: '2024-01-01', validTo: null });
    expect(plan.problems).toEqual([expect.objectContaining({ field: 'validFrom', code: 'same_start' })]);
    expect(plan.close).toEqual([]);
  });

  it('refuses an end before the start', () => {
    const plan = planStatusAddition([], { validFrom: '2024-01-01', validTo: '2023-12-31' });
    expect(plan.problems).toEqual([expect.objectContaining({ field: 'validTo', code: 'before_start' })]);
  });

  it('keeps the history free of overlaps whatever order open-ended statuses are added in', () => {
    const day = fc
      .integer({ min: 0, max: 3000 })
      .map((offset) => new Date(Date.UTC(2018, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 8 }), (starts) => {
        let history: StatusPeriod[] = [];
        starts.forEach((validFrom, index) => {
          const plan = planStatusAddition(history, { validFrom, validTo: null });
          expect(plan.problems).toEqual([]);
          const closedIds = new Map(plan.close.map((change) => [change.id, change.validTo]));
          history = history.map((period) =>
            closedIds.has(period.id) ? { ...period, validTo: closedIds.get(period.id) ?? null } : period,
          );
          history.push({ id: String(index), validFrom, validTo: plan.validTo });
        });
        const sorted = [...history].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
        // Contiguous: each status ends the day before the next one starts; only the latest is open-ended.
        sorted.forEach((period, index) => {
          const next = sorted[index + 1];
          expect(period.validTo).toBe(next ? dayBefore(next.validFrom) : null);
          expect(periodProblems(period, sorted)).toEqual([]);
        });
      }),
    );
  });
});

describe('deleting a wrongly entered status', () => {
  it('opens the status it had ended again when it was the latest', () => {
    const history = [closed('a', '2022-09-15', '2024-05-31'), open('b', '2024-06-01')];
    expect(planStatusDeletion(history, 'b')).toEqual([{ id: 'a', validTo: null }]);
  });

  it('leaves the others alone when a later status exists or the deleted one was closed', () => {
    const history = [
      closed('a', '2020-01-01', '2021-12-31'),
      closed('b', '2022-01-01', '2023-12-31'),
      open('c', '2024-01-01'),
    ];
    expect(planStatusDeletion(history, 'b')).toEqual([]);
    expect(planStatusDeletion(history, 'x')).toEqual([]);
  });
});

describe('the status valid on a day', () => {
  it('is the period containing the day, including its first and last day', () => {
    const history = [closed('a', '2022-09-15', '2024-05-31'), open('b', '2024-06-01')];
    expect(periodOn(history, '2024-05-31')?.id).toBe('a');
    expect(periodOn(history, '2024-06-01')?.id).toBe('b');
    expect(periodOn(history, '2022-09-14')).toBeUndefined();
  });
});

describe('a history entered at once', () => {
  it('places the statuses in the order of their start, whatever order they come in', () => {
    expect(
      planHistory([
        { validFrom: '2024-06-01', validTo: null },
        { validFrom: '2022-09-15', validTo: null },
        { validFrom: '2023-03-01', validTo: null },
      ]),
    ).toEqual({ validTo: [null, '2023-02-28', '2024-05-31'], problems: [] });
  });

  it('reports each problem with the position of the entry', () => {
    const { problems } = planHistory([
      { validFrom: '2023-01-01', validTo: '2024-12-31' },
      { validFrom: '2024-06-01', validTo: '2025-06-30' },
    ]);
    expect(problems).toEqual([
      { index: 1, problem: expect.objectContaining({ field: 'validFrom', code: 'overlaps' }) },
    ]);
  });
});

describe('early years', () => {
  it('counts days correctly before the year 100 too', () => {
    expect(dayBefore('0050-03-01')).toBe('0050-02-28');
    expect(dayAfter('0099-12-31')).toBe('0100-01-01');
  });
});

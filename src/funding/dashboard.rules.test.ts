import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { costFigures, costPer, isSmall, suppressColumn } from './dashboard.rules.ts';

describe('disclosure control of counts of people', () => {
  it('suppresses 1 and 2 at the default threshold, never 0', () => {
    expect([0, 1, 2, 3].map((n) => isSmall(n))).toEqual([false, true, true, false]);
    expect(isSmall(4, 5)).toBe(true);
  });

  it('suppresses a second cell when one suppressed cell could be recomputed from the total', () => {
    expect(suppressColumn([6, 2, 5])).toEqual({ cells: [6, null, null], totalSuppressed: false });
    expect(suppressColumn([6, 2, 1])).toEqual({ cells: [6, null, null], totalSuppressed: false });
    expect(suppressColumn([2, 0, 0])).toEqual({ cells: [null, 0, 0], totalSuppressed: true });
    expect(suppressColumn([7, 8])).toEqual({ cells: [7, 8], totalSuppressed: false });
  });

  it('never leaves a suppressed cell recomputable from the published cells and total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 12 }), (counts) => {
        const { cells, totalSuppressed } = suppressColumn(counts);
        const hidden = cells.filter((cell) => cell === null).length;
        // No small count is shown.
        cells.forEach((cell) => expect(cell === null || !isSmall(cell)).toBe(true));
        // With the total published, a single hidden cell would be total − the others: never exactly one.
        if (!totalSuppressed) expect(hidden === 1).toBe(false);
      }),
    );
  });
});

describe('cost per participant and per transition', () => {
  it('divides rounding half up to the cent, from five people on', () => {
    expect(costPer(18_000_000, 13)).toBe(1_384_615);
    expect(costPer(100, 6)).toBe(17);
    expect(costPer(5, 2, 1)).toBe(3);
    expect(costPer(1_000, 4)).toBeNull();
    expect(costPer(1_000, 0, 1)).toBeNull();
  });

  it('shows paid and committed figures, and none for a suppressed count', () => {
    expect(costFigures({ paidCents: 600, committedCents: 1200 }, { participants: 6, placements: null })).toEqual({
      participants: 6,
      placements: null,
      costPerParticipantPaidCents: 100,
      costPerParticipantCommittedCents: 200,
      costPerPlacementPaidCents: null,
      costPerPlacementCommittedCents: null,
    });
  });
});

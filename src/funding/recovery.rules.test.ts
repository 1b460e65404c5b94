import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRecovery, entitlement, type Financing, type RecoveryInput } from './recovery.rules.ts';
import { discloseFigures, SUPPRESSED, type RawFigureRow } from './proof-figures.rules.ts';

const share: Financing = { type: 'share', fundingRateBp: 8000 };

function recovery(overrides: Partial<RecoveryInput>) {
  return computeRecovery({
    strand: 'FB1',
    budgetYear: 2021,
    financing: share,
    decidedCents: 800_000,
    bindingCents: 1_000_000,
    paidCents: 800_000,
    actualCents: 1_000_000,
    eligibleCents: 1_000_000,
    outstandingCents: 0,
    ...overrides,
  });
}

describe('entitlement by financing type', () => {
  it('share: the funding rate of eligible spending, rounded down, at most the decided amount', () => {
    expect(
      entitlement({ financing: share, decidedCents: 800_000, bindingCents: 1_000_000, spendingCents: 900_001 }),
    ).toBe(720_000);
    expect(
      entitlement({ financing: share, decidedCents: 800_000, bindingCents: 1_000_000, spendingCents: 1_200_000 }),
    ).toBe(800_000);
  });

  it('shortfall: a saving reduces the grant by the full amount', () => {
    const shortfall: Financing = { type: 'shortfall', fundingRateBp: null };
    // Plan 10,000 €, grant 8,000 €, own funds 2,000 €: spending 9,000 € leaves 7,000 €.
    expect(
      entitlement({ financing: shortfall, decidedCents: 800_000, bindingCents: 1_000_000, spendingCents: 900_000 }),
    ).toBe(700_000);
    expect(
      entitlement({ financing: shortfall, decidedCents: 800_000, bindingCents: 1_000_000, spendingCents: 100_000 }),
    ).toBe(0);
  });

  it('fixed: the fixed amount, unless less was spent', () => {
    const fixed: Financing = { type: 'fixed', fundingRateBp: null };
    expect(
      entitlement({ financing: fixed, decidedCents: 500_000, bindingCents: 500_000, spendingCents: 600_000 }),
    ).toBe(500_000);
    expect(
      entitlement({ financing: fixed, decidedCents: 500_000, bindingCents: 500_000, spendingCents: 450_000 }),
    ).toBe(450_000);
  });
});

describe('the recovery claim per strand and year', () => {
  it('claims nothing when the eligible spending entitles to what was paid', () => {
    expect(recovery({})).toMatchObject({ amountCents: 0, entitledCents: 800_000 });
  });

  it('claims what was paid but not spent', () => {
    // 9,000 € spent, all eligible: 80 % = 7,200 €; paid 8,000 € → 800 € unspent.
    expect(recovery({ actualCents: 900_000, eligibleCents: 900_000 })).toEqual({
      strand: 'FB1',
      budgetYear: 2021,
      paidCents: 800_000,
      entitledCents: 720_000,
      unspentCents: 80_000,
      ineligibleCents: 0,
      amountCents: 80_000,
    });
  });

  it('splits a claim into unspent and ineligible parts', () => {
    // Spent 9,000 €, of it 8,500 € eligible: entitled 6,800 €; unspent 8,000 − 7,200 = 800 €, ineligible 400 €.
    expect(recovery({ actualCents: 900_000, eligibleCents: 850_000 })).toMatchObject({
      entitledCents: 680_000,
      unspentCents: 80_000,
      ineligibleCents: 40_000,
      amountCents: 120_000,
    });
  });

  it('does not ask back again what an earlier claim asks back and is not yet repaid', () => {
    expect(recovery({ actualCents: 900_000, eligibleCents: 900_000, outstandingCents: 50_000 })).toMatchObject({
      amountCents: 30_000,
      unspentCents: 30_000,
    });
  });

  it('claims nothing when less was paid than the spending entitles to', () => {
    expect(recovery({ paidCents: 300_000, actualCents: 900_000, eligibleCents: 900_000 }).amountCents).toBe(0);
  });

  it('claims at most what was paid, and the parts always add up (any input)', () => {
    const cents = fc.integer({ min: 0, max: 100_000_000 });
    fc.assert(
      fc.property(cents, cents, cents, cents, cents, cents, (decided, binding, paid, actual, eligible, outstanding) => {
        const result = recovery({
          decidedCents: decided,
          bindingCents: binding,
          paidCents: paid,
          actualCents: actual,
          eligibleCents: eligible,
          outstandingCents: outstanding,
        });
        return (
          result.amountCents >= 0 &&
          result.amountCents <= paid &&
          result.entitledCents <= decided &&
          result.unspentCents + result.ineligibleCents === result.amountCents &&
          result.unspentCents >= 0 &&
          result.ineligibleCents >= 0
        );
      }),
    );
  });
});

function raw(strand: string, participants: number, completions: number): RawFigureRow {
  return {
    strand,
    basis: 'offers',
    counts: { participants, women: 0, enrolments: participants, completions, dropouts: 0, placements: 0 },
  };
}

describe('disclosure control of the figures', () => {
  it('shows counts under 3 as "." and suppresses a second cell so the total does not reveal it', () => {
    const table = discloseFigures([raw('FB1', 12, 2), raw('FB2', 7, 5), raw('FB3', 9, 6)]);
    expect(table.rows.map((r) => r.cells.completions)).toEqual([SUPPRESSED, SUPPRESSED, 6]);
    expect(table.total.completions).toBe(13);
    expect(table.rows.map((r) => r.cells.participants)).toEqual([12, 7, 9]);
    expect(table.total.participants).toBe(28);
  });

  it('suppresses the total when no other cell can hide the small one', () => {
    const table = discloseFigures([raw('FB1', 12, 2)]);
    expect(table.rows[0]?.cells.completions).toBe(SUPPRESSED);
    expect(table.total.completions).toBe(SUPPRESSED);
  });

  it('marks what does not apply to a strand as null, not as zero', () => {
    const table = discloseFigures([
      {
        strand: 'FB6',
        basis: 'cases',
        counts: { participants: 40, women: 15, enrolments: null, completions: null, dropouts: null, placements: 9 },
      },
    ]);
    expect(table.rows[0]?.cells).toMatchObject({ participants: 40, enrolments: null, placements: 9 });
    expect(table.total.enrolments).toBeNull();
  });

  it('never lets a suppressed cell be recomputed from the total and the visible cells (any table)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 6 }), (counts) => {
        const table = discloseFigures(counts.map((n, i) => raw(`FB${i + 1}`, 20, n)));
        const cells = table.rows.map((r) => r.cells.completions);
        const hidden = cells.filter((c) => c === SUPPRESSED).length;
        // Either nothing is hidden, or the total is hidden too, or at least two cells share the remainder.
        return hidden === 0 || table.total.completions === SUPPRESSED || hidden >= 2;
      }),
    );
  });
});

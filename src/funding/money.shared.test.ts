// Properties of the money module every funding rule rests on: distributions add up to the cent, shares round
// exactly once in the named direction, typed amounts survive formatting and parsing, and nothing overflows
// silently.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distributeByWeights,
  formatBasisPoints,
  formatCents,
  parseEuros,
  shareOf,
  sumCents,
  timesQuantity,
} from './money.shared.ts';

const total = fc.integer({ min: 0, max: 10_000_000_000_000 });
/** A published share like "5.60124" (up to five decimals), as a decimal string. */
const share = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 99_999 }))
  .map(([whole, fraction]) => `${whole}.${String(fraction).padStart(5, '0')}`);
const weights = fc.array(share, { minLength: 1, maxLength: 60 }).filter((list) => list.some((w) => Number(w) > 0));

/** The exact share total × w / Σw as a fraction of BigInts. */
function exactShare(totalCents: number, list: string[], index: number): { n: bigint; d: bigint } {
  const scaled = list.map((w) => BigInt(w.replace('.', '')));
  const sum = scaled.reduce((a, b) => a + b, 0n);
  return { n: BigInt(totalCents) * (scaled[index] ?? 0n), d: sum };
}

describe('distributeByWeights (largest remainder)', () => {
  it('adds up to the total exactly', () => {
    fc.assert(
      fc.property(total, weights, (cents, list) => {
        expect(distributeByWeights(cents, list).reduce((a, b) => a + b, 0)).toBe(cents);
      }),
    );
  });

  it('gives every part less than one cent away from its exact share, never negative', () => {
    fc.assert(
      fc.property(total, weights, (cents, list) => {
        distributeByWeights(cents, list).forEach((part, index) => {
          const { n, d } = exactShare(cents, list, index);
          // |part − n/d| < 1  ⇔  |part·d − n| < d
          const gap = BigInt(part) * d - n;
          expect(gap < d && -gap < d).toBe(true);
          expect(part).toBeGreaterThanOrEqual(0);
        });
      }),
    );
  });

  it('is deterministic and independent of how a weight is written (5.6 = "5.60000")', () => {
    fc.assert(
      fc.property(total, weights, (cents, list) => {
        expect(distributeByWeights(cents, list)).toEqual(distributeByWeights(cents, [...list]));
        expect(
          distributeByWeights(
            cents,
            list.map((w) => `${w}000`),
          ),
        ).toEqual(distributeByWeights(cents, list));
      }),
    );
  });

  it('gives the cents left over to the largest remainders, ties to the earlier entry', () => {
    expect(distributeByWeights(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(distributeByWeights(2, ['1', '1', '1'])).toEqual([1, 1, 0]);
    expect(distributeByWeights(10, ['0.6', '0.4'])).toEqual([6, 4]);
    // 1 € over 33.3 / 33.3 / 33.4 → 33.3, 33.3, 33.4 cents: the largest remainder (0.4) gets the extra cent.
    expect(distributeByWeights(100, ['33.3', '33.3', '33.4'])).toEqual([33, 33, 34]);
    expect(distributeByWeights(0, [1, 2])).toEqual([0, 0]);
    expect(distributeByWeights(5, [])).toEqual([]);
  });

  it('gives a zero weight nothing and refuses all-zero, negative or float-written weights', () => {
    expect(distributeByWeights(100, [0, 1])).toEqual([0, 100]);
    expect(() => distributeByWeights(100, [0, 0])).toThrow(RangeError);
    expect(() => distributeByWeights(100, ['-1', '2'])).toThrow(RangeError);
    expect(() => distributeByWeights(100, [1e-7])).toThrow(RangeError);
    expect(() => distributeByWeights(-1, [1])).toThrow(RangeError);
  });
});

describe('shareOf and timesQuantity round once, in the named direction', () => {
  it('rounds down toward zero and half up at the half cent', () => {
    // 80 % of 0.01 € … 0.06 €: 0.8, 1.6, 2.4, 3.2, 4.0, 4.8 cents
    expect([1, 2, 3, 4, 5, 6].map((c) => shareOf(c, 8000, 'down'))).toEqual([0, 1, 2, 3, 4, 4]);
    expect([1, 2, 3, 4, 5, 6].map((c) => shareOf(c, 8000, 'half_up'))).toEqual([1, 2, 2, 3, 4, 5]);
    // exactly half a cent: 50 % of 1 cent
    expect(shareOf(1, 5000, 'down')).toBe(0);
    expect(shareOf(1, 5000, 'half_up')).toBe(1);
    // just below half: 49.99 % of 1 cent
    expect(shareOf(1, 4999, 'half_up')).toBe(0);
    expect(shareOf(-3, 5000, 'half_up')).toBe(-2);
    expect(shareOf(-3, 5000, 'down')).toBe(-1);
  });

  it('never gives down more than half_up, and they differ by at most one cent', () => {
    fc.assert(
      fc.property(total, fc.integer({ min: 0, max: 10_000 }), (cents, bp) => {
        const down = shareOf(cents, bp, 'down');
        const up = shareOf(cents, bp, 'half_up');
        expect(up - down === 0 || up - down === 1).toBe(true);
        expect(down * 10_000).toBeLessThanOrEqual(cents * bp);
      }),
    );
  });

  it('multiplies a unit amount by a decimal quantity exactly', () => {
    expect(timesQuantity(3750, '1234.5', 'down')).toBe(4_629_375);
    expect(timesQuantity(3750, '0.01', 'down')).toBe(37);
    expect(timesQuantity(3750, '0.01', 'half_up')).toBe(38);
    expect(timesQuantity(570_000, 3, 'down')).toBe(1_710_000);
    expect(() => timesQuantity(3750, '-1', 'down')).toThrow(RangeError);
    expect(() => timesQuantity(3750, '1e3', 'down')).toThrow(RangeError);
  });
});

describe('formatting and parsing euros', () => {
  it('formats in de-DE whatever the language', () => {
    expect(formatCents(123_456).replace(/\s/g, ' ')).toBe('1.234,56 €');
    expect(formatCents(5).replace(/\s/g, ' ')).toBe('0,05 €');
    expect(formatCents(-5_000_000_000).replace(/\s/g, ' ')).toBe('-50.000.000,00 €');
    expect(formatBasisPoints(8000).replace(/\s/g, ' ')).toBe('80 %');
    expect(formatBasisPoints(1250).replace(/\s/g, ' ')).toBe('12,5 %');
  });

  it('parses back exactly what it formats (de-DE and en-GB)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000_000, max: 10_000_000_000_000 }), (cents) => {
        expect(parseEuros(formatCents(cents, 'de-DE'), 'de')).toBe(cents);
        expect(parseEuros(formatCents(cents, 'en-GB').replace('€', ''), 'en')).toBe(cents);
      }),
    );
  });

  it('reads typed amounts with or without grouping and with one or two decimals', () => {
    expect(parseEuros('1.234,56')).toBe(123_456);
    expect(parseEuros('1234,5')).toBe(123_450);
    expect(parseEuros('37,50 €')).toBe(3750);
    expect(parseEuros(' 12 ')).toBe(1200);
    expect(parseEuros('1,234.56', 'en')).toBe(123_456);
  });

  it('refuses what is not an amount instead of guessing', () => {
    for (const text of ['', 'abc', '1,234', '12,345', '1.23', '1,2,3', '0,001', '1.2345,00', '--1', '1e5']) {
      expect(parseEuros(text), text).toBeNull();
    }
  });
});

describe('overflow', () => {
  it('refuses amounts that are not safe whole cents', () => {
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => sumCents([0.5])).toThrow(RangeError);
    expect(() => shareOf(Number.MAX_SAFE_INTEGER + 1, 100, 'down')).toThrow(RangeError);
    expect(() => timesQuantity(Number.MAX_SAFE_INTEGER, 2, 'down')).toThrow(RangeError);
    expect(() => formatCents(1.5)).toThrow(RangeError);
    expect(parseEuros('100.000.000.000.000.000,00')).toBeNull();
  });

  it('keeps the exact result where a float product would lose it', () => {
    // 2^53 / 10,000 × 9,999 in floats is not exact; in BigInt it is.
    expect(shareOf(900_719_925_474_099, 9999, 'down')).toBe(900_629_853_481_551);
  });
});

// A seeded source of randomness for the demo data generator: the same seed gives the same sequence on every
// machine (xoroshiro128+ from pure-rand; never Math.random), plus the few distributions the generator needs.
// Pure: no I/O, no clock.
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

/** A value with its relative weight (weights need not add up to 1). */
export type Weighted<T> = readonly (readonly [T, number])[];

/**
 * Splits `total` into whole counts proportional to the weights (largest remainder method), so that the counts
 * add up to exactly `total` and no count is off its exact share by one or more.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0) || weights.some((w) => w < 0 || !Number.isFinite(w))) {
    throw new RangeError('apportion needs non-negative weights with a positive sum');
  }
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  // Ties are broken by position, which keeps the result deterministic.
  const order = exact
    .map((value, index) => ({ index, rest: value - Math.floor(value) }))
    .sort((a, b) => b.rest - a.rest);
  for (const { index } of order) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing -= 1;
  }
  return counts;
}

export class Random {
  readonly #rng: JumpableRandomGenerator;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError('the seed must be an integer');
    // xoroshiro128plus takes a 32-bit seed; larger seeds are folded so that they still differ.
    this.#rng = xoroshiro128plus((seed ^ Math.floor(seed / 0x1_0000_0000)) | 0);
  }

  /** A uniform number in [0, 1). */
  float(): number {
    return uniformFloat64(this.#rng);
  }

  /** A uniform integer in [min, max] (both included). */
  int(min: number, max: number): number {
    if (max < min) throw new RangeError(`empty range ${min}..${max}`);
    return uniformInt(this.#rng, min, max);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new RangeError('cannot pick from an empty list');
    return values[this.int(0, values.length - 1)] as T;
  }

  weighted<T>(entries: Weighted<T>): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    if (!(total > 0)) throw new RangeError('weights must have a positive sum');
    let point = this.float() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0) return value;
    }
    // Floating-point rest: the last entry with a positive weight.
    const last = entries.filter(([, weight]) => weight > 0).at(-1);
    if (!last) throw new RangeError('weights must have a positive sum');
    return last[0];
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i > 0; i -= 1) {
      const j = this.int(0, i);
      const swap = values[i] as T;
      values[i] = values[j] as T;
      values[j] = swap;
    }
    return values;
  }

  /**
   * `count` values whose shares match the weights as closely as whole numbers allow, in random order. Used for
   * the attributes whose published shares a report must reproduce (e.g. 117 of 508 placed): independent draws
   * would miss them by chance.
   */
  bag<T>(count: number, entries: Weighted<T>): T[] {
    const counts = apportion(
      count,
      entries.map(([, weight]) => weight),
    );
    const values: T[] = [];
    entries.forEach(([value], index) => {
      for (let n = 0; n < (counts[index] ?? 0); n += 1) values.push(value);
    });
    return this.shuffle(values);
  }

  /** Some distinct values of a list, in random order. */
  sample<T>(values: readonly T[], count: number): T[] {
    return this.shuffle([...values]).slice(0, Math.max(0, Math.min(count, values.length)));
  }
}

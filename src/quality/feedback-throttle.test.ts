import { describe, expect, it } from 'vitest';
import { createWindowLimiter } from './feedback-throttle.ts';

describe('createWindowLimiter', () => {
  it('lets each address through perKey times per window and again in the next window', () => {
    let at = 0;
    const limiter = createWindowLimiter({
      windowMs: 60_000,
      perKey: 2,
      total: 100,
      maxKeys: 10,
      now: () => new Date(at),
    });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([
      true,
      true,
      false,
      true,
    ]);
    at = 30_000;
    expect(limiter.retryAfterSeconds()).toBe(30);
    at = 60_000;
    expect(limiter.take('a')).toBe(true);
  });

  it('refuses everyone once the total of the window is reached', () => {
    const limiter = createWindowLimiter({ windowMs: 60_000, perKey: 5, total: 3, maxKeys: 10, now: () => new Date(0) });
    expect(['a', 'b', 'c', 'd'].map((key) => limiter.take(key))).toEqual([true, true, true, false]);
  });

  it('keeps at most maxKeys addresses in memory, the others counting only against the total', () => {
    const limiter = createWindowLimiter({ windowMs: 60_000, perKey: 1, total: 10, maxKeys: 1, now: () => new Date(0) });
    expect([limiter.take('a'), limiter.take('a'), limiter.take('b'), limiter.take('b')]).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
});

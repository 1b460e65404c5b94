import { describe, expect, it } from 'vitest';
import { delayAfter, strictest, throttleDecision } from './throttle.rules.ts';

const now = new Date('2026-11-29T10:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

describe('login throttle', () => {
  it('lets up to 5 failures through', () => {
    for (let failures = 0; failures < 5; failures += 1) {
      expect(throttleDecision(failures, secondsAgo(1), now)).toEqual({ allowed: true });
    }
  });

  it('refuses the 6th attempt for 60 s after the 5th failure', () => {
    expect(throttleDecision(5, secondsAgo(0), now)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(throttleDecision(5, secondsAgo(30), now)).toEqual({ allowed: false, retryAfterSeconds: 30 });
    expect(throttleDecision(5, secondsAgo(60), now)).toEqual({ allowed: true });
  });

  it('doubles the wait with each further failure, up to 15 minutes', () => {
    expect([5, 6, 7, 8, 9, 10, 20].map(delayAfter)).toEqual([60, 120, 240, 480, 900, 900, 900].map((s) => s * 1000));
    expect(throttleDecision(7, secondsAgo(10), now)).toEqual({ allowed: false, retryAfterSeconds: 230 });
  });

  it('takes the stricter of IP and account', () => {
    expect(
      strictest([
        { allowed: true },
        { allowed: false, retryAfterSeconds: 12 },
        { allowed: false, retryAfterSeconds: 40 },
      ]),
    ).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(strictest([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
  });
});

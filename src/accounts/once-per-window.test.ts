import { describe, expect, it } from 'vitest';
import { createOncePerWindow } from './once-per-window.ts';

function limiter(maxKeys = 10) {
  let at = new Date('2026-11-29T08:00:00Z').getTime();
  const clock = { advance: (ms: number) => (at += ms) };
  return { clock, limit: createOncePerWindow({ windowMs: 60_000, maxKeys, now: () => new Date(at) }) };
}

describe('once per window', () => {
  it('lets a key through once per window and again in the next window', () => {
    const { clock, limit } = limiter();
    expect(limit.take('203.0.113.1')).toBe(true);
    expect(limit.take('203.0.113.1')).toBe(false);
    expect(limit.take('203.0.113.2')).toBe(true);
    clock.advance(59_999);
    expect(limit.take('203.0.113.1')).toBe(false);
    clock.advance(1);
    expect(limit.take('203.0.113.1')).toBe(true);
  });

  it('refuses further keys once the window holds maxKeys, until the next window', () => {
    const { clock, limit } = limiter(2);
    expect(limit.take('a')).toBe(true);
    expect(limit.take('b')).toBe(true);
    expect(limit.take('c')).toBe(false);
    clock.advance(60_000);
    expect(limit.take('c')).toBe(true);
  });
});

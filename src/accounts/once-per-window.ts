// A small in-process limiter: lets each key through at most once per fixed time window (e.g. one audit
// entry per client address per minute), and at most `maxKeys` keys per window in all, so that its
// memory stays bounded however many addresses an attacker uses. Pure apart from the clock it is given.

export interface OncePerWindowOptions {
  windowMs: number;
  /** Keys let through per window at most; further keys are refused until the next window. */
  maxKeys: number;
  now: () => Date;
}

export interface OncePerWindow {
  /** True the first time a key is seen in the current window (and there is room); false otherwise. */
  take(key: string): boolean;
}

export function createOncePerWindow(options: OncePerWindowOptions): OncePerWindow {
  let window = Number.NaN;
  let seen = new Set<string>();
  return {
    take(key: string): boolean {
      const current = Math.floor(options.now().getTime() / options.windowMs);
      if (current !== window) {
        window = current;
        seen = new Set();
      }
      if (seen.has(key) || seen.size >= options.maxKeys) return false;
      seen.add(key);
      return true;
    },
  };
}

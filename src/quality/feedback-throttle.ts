// A small in-process limiter for the public feedback routes (no account, so no per-user limit): each client
// address may make `perKey` requests per fixed window, and all addresses together `total`, so that a flood from
// many addresses cannot exhaust the database either. Memory stays bounded: at most `maxKeys` addresses are
// remembered per window (an address beyond them counts only against the total). Refugee accommodations often
// share one address, so the per-address limit is generous. Pure apart from the clock it is given.

export interface WindowLimiterOptions {
  windowMs: number;
  perKey: number;
  total: number;
  maxKeys: number;
  now: () => Date;
}

export interface WindowLimiter {
  /** True when the request may go ahead (and counts it); false when a limit of the window is reached. */
  take(key: string): boolean;
  /** Seconds until the current window ends. */
  retryAfterSeconds(): number;
}

export function createWindowLimiter(options: WindowLimiterOptions): WindowLimiter {
  let window = Number.NaN;
  let counts = new Map<string, number>();
  let all = 0;
  const current = () => Math.floor(options.now().getTime() / options.windowMs);
  return {
    take(key: string): boolean {
      const now = current();
      if (now !== window) {
        window = now;
        counts = new Map();
        all = 0;
      }
      if (all >= options.total) return false;
      const seen = counts.get(key);
      if (seen !== undefined && seen >= options.perKey) return false;
      if (seen !== undefined || counts.size < options.maxKeys) counts.set(key, (seen ?? 0) + 1);
      all += 1;
      return true;
    },
    retryAfterSeconds(): number {
      const end = (current() + 1) * options.windowMs;
      return Math.max(1, Math.ceil((end - options.now().getTime()) / 1000));
    },
  };
}

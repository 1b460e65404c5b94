// Login throttling (ASVS 5.0 6.3.1): per IP address and per account, shared by all app instances
// through the login_attempt table.
//
// Up to 5 failures pass. From the 5th failure on, further attempts wait: 60 s after the 5th failure,
// then twice as long after each further failure (2, 4, 8 min), at most 15 min. Attempts refused by the
// throttle are not counted (they never reach the password check), so waiting out the delay is enough.
// - per account: failures since the last successful login, within the last 24 h;
// - per IP: failures within the last 15 minutes, whether or not someone succeeded in between (else an
//   attacker could reset their counter with a login of their own).
export const FAILURES_ALLOWED = 5;
export const BASE_DELAY_MS = 60_000;
export const MAX_DELAY_MS = 15 * 60_000;
export const ACCOUNT_LOOKBACK_MS = 24 * 60 * 60_000;
export const IP_LOOKBACK_MS = 15 * 60_000;

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** The wait after `failures` counted failures (0 below the limit). */
export function delayAfter(failures: number): number {
  if (failures < FAILURES_ALLOWED) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (failures - FAILURES_ALLOWED), MAX_DELAY_MS);
}

/** `failureCount` failures counted for the key, the latest at `lastFailureAt`. */
export function throttleDecision(failureCount: number, lastFailureAt: Date | null, now: Date): ThrottleDecision {
  const delay = delayAfter(failureCount);
  if (delay === 0 || !lastFailureAt) return { allowed: true };
  const waitMs = lastFailureAt.getTime() + delay - now.getTime();
  if (waitMs <= 0) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
}

/** The stricter of several decisions (IP and account). */
export function strictest(decisions: readonly ThrottleDecision[]): ThrottleDecision {
  let wait = 0;
  for (const decision of decisions) if (!decision.allowed) wait = Math.max(wait, decision.retryAfterSeconds);
  return wait > 0 ? { allowed: false, retryAfterSeconds: wait } : { allowed: true };
}

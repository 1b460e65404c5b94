// Login throttling across app instances (rules: throttle.rules.ts), on the login_attempt table.
// Keys are keyed digests of the IP address and of the lower-cased e-mail address, so that the table
// holds neither in clear.
import { AppError } from '../platform/errors.ts';
import { auditRequest, type AccountsContext, type RequestMeta } from './accounts.context.ts';
import {
  countFailures,
  deleteAttempts,
  deleteAttemptsBefore,
  insertAttempts,
  lockThrottleKeys,
  markAttemptsSucceeded,
} from './session.repository.ts';
import type { LoginAttemptKind } from './session.table.ts';
import { ACCOUNT_LOOKBACK_MS, IP_LOOKBACK_MS, strictest, throttleDecision } from './throttle.rules.ts';

/** Old attempts only matter for 24 hours; they are deleted now and then. */
const ATTEMPT_RETENTION_MS = 2 * 24 * 60 * 60_000;

export function createLoginThrottle(context: Pick<AccountsContext, 'db' | 'secrets' | 'audit'>) {
  const { db, secrets, audit } = context;

  function keysOf(meta: RequestMeta, email: string): { kind: LoginAttemptKind; key: string }[] {
    return [
      { kind: 'ip', key: secrets.digest('login-ip', meta.ip ?? 'unknown') },
      { kind: 'account', key: secrets.digest('login-account', email.trim().toLowerCase()) },
    ];
  }

  return {
    /**
     * Checks the throttle for the IP address and the account and, when allowed, records the attempt as
     * a failure at once (so that parallel attempts on other instances count it); `succeed` marks it a
     * success afterwards. A refused attempt is not recorded and answers 429 with Retry-After.
     */
    async begin(meta: RequestMeta, email: string, at: Date): Promise<number[]> {
      const keys = keysOf(meta, email);
      const outcome = await db.transaction().execute(async (trx) => {
        await lockThrottleKeys(
          trx,
          keys.map((k) => `${k.kind}:${k.key}`),
        );
        const decisions = [];
        for (const { kind, key } of keys) {
          const lookback = kind === 'ip' ? IP_LOOKBACK_MS : ACCOUNT_LOOKBACK_MS;
          const failures = await countFailures(trx, kind, key, new Date(at.getTime() - lookback), kind === 'account');
          decisions.push(throttleDecision(failures.count, failures.lastAt, at));
        }
        const decision = strictest(decisions);
        if (!decision.allowed) return decision;
        return { allowed: true as const, ids: await insertAttempts(trx, keys, at) };
      });
      if (!outcome.allowed) {
        await audit(db, {
          municipalityId: null,
          actor: null,
          action: 'auth.login',
          resourceType: 'session',
          outcome: 'denied',
          request: auditRequest(meta),
          details: { reason: 'throttled', retryAfterSeconds: outcome.retryAfterSeconds },
        });
        throw new AppError(
          'too_many_requests',
          `Too many failed attempts. Try again in ${outcome.retryAfterSeconds} seconds.`,
          { headers: { 'retry-after': String(outcome.retryAfterSeconds) } },
        );
      }
      if (Math.random() < 0.01) await deleteAttemptsBefore(db, new Date(at.getTime() - ATTEMPT_RETENTION_MS));
      return outcome.ids;
    },

    /** The attempt succeeded: the account's failure count starts again. */
    succeed: (ids: number[]) => markAttemptsSucceeded(db, ids),

    /** Neither failure nor success (the password was right, a second factor follows). */
    forget: (ids: number[]) => deleteAttempts(db, ids),
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

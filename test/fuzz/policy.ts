// What the fuzzer does not hold against the application, each with its reason. Both lists are checked
// against reality by the fuzz test (every table and column exists, every operation exists), and kept minimal.

/** Tables a rejected (4xx) request may change, and why. */
export const EXEMPT_TABLES: Readonly<Record<string, string>> = {
  audit_log: 'refused access and failed sign-ins of a municipality are audited by design',
  system_audit_log: 'refusals without a municipality (role denials, cross-site requests, failed logins) are audited',
  audit_chain_head: 'each audit entry moves the head of its hash chain',
  login_attempt: 'a wrong password (login, re-authentication, password change) counts for the throttle',
  idempotency_key: 'a 4xx answer to a request with an Idempotency-Key is kept, so that the retry gets the same answer',
};

/** Columns a rejected request may change, per table, and why. */
export const EXEMPT_COLUMNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  user_session: {
    last_seen_at: 'every authenticated request is activity of the session (idle timeout), whatever its outcome',
  },
};

/** Operations the fuzzer does not send, and why. */
export const SKIPPED_OPERATIONS: Readonly<Record<string, string>> = {};

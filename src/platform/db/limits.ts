// Database errors that mean "limit reached" rather than "bug": the pool had no free connection in time, a
// statement ran past statement_timeout, a lock wait past lock_timeout, the server refused new connections.
// They become a 503 problem with Retry-After (see http/problem.ts), never a bodiless 500: the client can
// retry later (the statement's transaction was rolled back; with an Idempotency-Key the retry is safe).

export type LimitKind = 'pool_timeout' | 'statement_timeout' | 'lock_timeout' | 'database_unavailable';

export interface DatabaseLimit {
  kind: LimitKind;
  /** Shown to the client: what happened and that retrying later is the remedy. */
  detail: string;
}

// pg-pool's messages (node_modules/pg-pool/index.js): no free connection within connectionTimeoutMillis, and a
// new connection that could not be opened within it.
const POOL_TIMEOUT_MESSAGES = new Set([
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
]);

// SQLSTATEs (PostgreSQL appendix A).
const QUERY_CANCELED = '57014';
const LOCK_NOT_AVAILABLE = '55P03';
const UNAVAILABLE_STATES = new Set([
  '53300', // too_many_connections
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '25P03', // idle_in_transaction_session_timeout: the server ended the session under the request
]);
const UNAVAILABLE_NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
// node-postgres, when the server closes the connection without an error message (failover, a killed backend).
const CONNECTION_LOST_MESSAGES = new Set(['Connection terminated unexpectedly', 'Connection terminated']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The limit an error stands for, looking through `cause` chains (wrapping errors keep the original there). */
export function databaseLimitOf(error: unknown): DatabaseLimit | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const limit = classify(current);
    if (limit) return limit;
    current = current.cause;
  }
  return undefined;
}

function classify(error: Error): DatabaseLimit | undefined {
  if (POOL_TIMEOUT_MESSAGES.has(error.message)) {
    return {
      kind: 'pool_timeout',
      detail: 'The server is busy: no database connection became free in time. Retry later.',
    };
  }
  const code = codeOf(error);
  // 57014 is also a cancel by an administrator (pg_cancel_backend); for the client the outcome is the same.
  if (code === QUERY_CANCELED) {
    return {
      kind: 'statement_timeout',
      detail: 'The database took too long and the request was cancelled. Retry later.',
    };
  }
  if (code === LOCK_NOT_AVAILABLE) {
    return {
      kind: 'lock_timeout',
      detail: 'The data is being changed by another request right now. Retry later.',
    };
  }
  if (
    (code && (UNAVAILABLE_STATES.has(code) || UNAVAILABLE_NETWORK.has(code))) ||
    CONNECTION_LOST_MESSAGES.has(error.message)
  ) {
    return {
      kind: 'database_unavailable',
      detail: 'The database is not available at the moment. Retry later.',
    };
  }
  return undefined;
}

import { join, resolve } from 'node:path';
import { Cron } from 'croner';
import { z } from 'zod';
import { DEFAULT_TIMEZONE, JOB_NAME } from './jobs/scheduler.ts';

// Every setting the system reads from its environment. Nothing else reads process.env.
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * DURCHSTARTEN_JOB_SCHEDULES: per-job cron patterns that replace the built-in schedule, e.g.
 * `purge=*\/2 * * * * *; retention=0 4 * * *` (entries separated by ";", since patterns contain spaces and
 * commas). Each pattern is parsed by croner here, so that a typo stops the start instead of never running.
 * Whether the job names exist is checked where the jobs are known (applyScheduleOverrides).
 */
const jobSchedules = z.string().transform((text, context) => {
  const schedules: Record<string, string> = {};
  for (const entry of text.split(';').map((part) => part.trim())) {
    if (entry === '') continue;
    const separator = entry.indexOf('=');
    const name = separator > 0 ? entry.slice(0, separator).trim() : '';
    const pattern = separator > 0 ? entry.slice(separator + 1).trim() : '';
    if (!JOB_NAME.test(name) || pattern === '') {
      context.addIssue({ code: 'custom', message: `"${entry}" is not of the form job=cron pattern` });
      continue;
    }
    if (name in schedules) {
      context.addIssue({ code: 'custom', message: `job "${name}" is given twice` });
      continue;
    }
    try {
      new Cron(pattern, { paused: true, timezone: DEFAULT_TIMEZONE }).stop();
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `job "${name}": "${pattern}" is not a cron pattern (${error instanceof Error ? error.message : String(error)})`,
      });
      continue;
    }
    schedules[name] = pattern;
  }
  return schedules;
});

const postgresUrl = z
  .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
  .optional();

const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  DURCHSTARTEN_DATA_DIR: z.string().min(1).default('./data'),
  DURCHSTARTEN_PG_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  DATABASE_URL: postgresUrl,
  DATABASE_APP_URL: postgresUrl,
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  // Limits of the application pool (docs/operations.md, "Limits and timeouts", says why each default).
  DATABASE_LOCK_TIMEOUT_MS: milliseconds(100, 600_000, 10_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(1_000, 3_600_000, 60_000),
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: milliseconds(100, 60_000, 5_000),
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(1_000, 600_000, 30_000),
  HTTP_CONNECTION_TIMEOUT_MS: milliseconds(1_000, 3_600_000, 60_000),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(1_000, 600_000, 72_000),
  // Load shedding: a fast 503 with Retry-After instead of a pile-up. 0 switches a signal off.
  OVERLOAD_MAX_POOL_WAITING: z.coerce.number().int().min(0).max(100_000).default(100),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(500),
  OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: z.coerce.number().min(0).max(1).default(0),
  OVERLOAD_RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3_600).default(5),
  // How many reverse proxies stand in front of the app: 0/false = none, 1/true = one (typical), N = N hops.
  // Only that many hops of X-Forwarded-For are believed, so a client cannot fake its address.
  TRUST_PROXY: z.union([booleanFlag.transform((on) => (on ? 1 : 0)), z.coerce.number().int().min(0).max(5)]).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(25_000),
  // Demo set-up on a new, empty database: on by default in embedded mode, off with an external server.
  DURCHSTARTEN_DEMO: booleanFlag.optional(),
  // Scheduled jobs (retention, purge, …) in this process: on by default, off in tests (NODE_ENV=test).
  DURCHSTARTEN_JOBS: z.enum(['on', 'off']).optional(),
  DURCHSTARTEN_JOB_SCHEDULES: jobSchedules.optional(),
  // Scheduled backup (db:backup) with retention: on by default in embedded mode, off with an external server (use the
  // server's own backups there; docs/operations.md). The schedule is a cron pattern in Europe/Berlin time.
  DURCHSTARTEN_BACKUP: z.enum(['on', 'off']).optional(),
  DURCHSTARTEN_BACKUP_DIR: z.string().min(1).optional(),
  DURCHSTARTEN_BACKUP_SCHEDULE: z
    .string()
    .refine(
      (pattern) => {
        try {
          new Cron(pattern, { paused: true, timezone: DEFAULT_TIMEZONE }).stop();
          return true;
        } catch {
          return false;
        }
      },
      { error: 'must be a cron pattern, e.g. "0 2 * * *"' },
    )
    .default('0 2 * * *'),
  DURCHSTARTEN_BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(35),
  // AES-256 key (base64 of 32 bytes) that encrypts secrets at rest, e.g. TOTP seeds. See src/platform/secrets.ts.
  DURCHSTARTEN_SECRET_KEY: z
    .string()
    .refine((value) => /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32, {
      error: 'must be 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`)',
    })
    .optional(),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'json' | 'pretty';
  dataDir: string;
  database: {
    /** Admin/owner connection of an external server; undefined = embedded PostgreSQL. */
    url: string | undefined;
    /** Login of the application role on an external server, when the admin cannot create roles. */
    appUrl: string | undefined;
    embeddedPort: number;
    poolMax: number;
    statementTimeoutMs: number;
    /** Longest wait for a row or table lock before the statement fails (55P03). */
    lockTimeoutMs: number;
    /** A session idle inside an open transaction longer than this is ended by the server. */
    idleInTransactionTimeoutMs: number;
    /** Longest wait for a free pool connection; then the request fails with 503. */
    poolAcquireTimeoutMs: number;
  };
  http: {
    /** Time to receive a whole request (headers and body): protects against slow clients. */
    requestTimeoutMs: number;
    /** Socket inactivity after which the connection is closed (also bounds a silent handler). */
    connectionTimeoutMs: number;
    /** Idle keep-alive connections stay open this long; longer than a proxy's upstream keepalive_timeout. */
    keepAliveTimeoutMs: number;
  };
  overload: {
    /** Requests waiting for a pool connection at which new requests are refused with 503; 0 = off. */
    maxPoolWaiting: number;
    /** Mean event-loop delay (ms, per second) above which new requests are refused; 0 = off. */
    maxEventLoopDelayMs: number;
    /** Event-loop utilisation (0..1, per second) above which new requests are refused; 0 = off. */
    maxEventLoopUtilization: number;
    /** Retry-After of a refused request, in seconds. */
    retryAfterSeconds: number;
  };
  /** Number of trusted reverse-proxy hops (0 = the socket address is the client). */
  trustProxy: number;
  shutdownTimeoutMs: number;
  /** Key for encrypting secrets at rest (32 bytes); undefined = generated into the data directory (embedded mode). */
  secretKey: Buffer | undefined;
  /** Create the demo organisations and users when the database is empty. */
  demo: boolean;
  /** Run the scheduled jobs in this process (several instances may: each slot runs once). */
  jobs: boolean;
  /** Cron patterns replacing the built-in schedule of the named jobs (DURCHSTARTEN_JOB_SCHEDULES). */
  jobSchedules: Readonly<Record<string, string>>;
  backup: {
    /** The scheduled backup job (and the hourly deletion-ledger copy) is registered. */
    enabled: boolean;
    /** Where db:backup and the job write (default <dataDir>/backups). */
    dir: string;
    schedule: string;
    retentionDays: number;
  };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Parses the environment once, listing every problem at once. */
export function loadConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  // Empty values count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.DATABASE_APP_URL && !e.DATABASE_URL) {
    throw new ConfigError(['DATABASE_APP_URL: only valid together with DATABASE_URL']);
  }
  // A socket closed for inactivity before the database gave up would end a slow request without an answer;
  // the limits below it must fire first, so that the client gets a problem document.
  if (e.HTTP_CONNECTION_TIMEOUT_MS <= e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS + e.DATABASE_STATEMENT_TIMEOUT_MS) {
    throw new ConfigError([
      'HTTP_CONNECTION_TIMEOUT_MS: must be longer than DATABASE_POOL_ACQUIRE_TIMEOUT_MS + DATABASE_STATEMENT_TIMEOUT_MS',
    ]);
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    dataDir: resolve(cwd, e.DURCHSTARTEN_DATA_DIR),
    database: {
      url: e.DATABASE_URL,
      appUrl: e.DATABASE_APP_URL,
      embeddedPort: e.DURCHSTARTEN_PG_PORT,
      poolMax: e.DATABASE_POOL_MAX,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: e.DATABASE_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      poolAcquireTimeoutMs: e.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    },
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: e.HTTP_CONNECTION_TIMEOUT_MS,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    overload: {
      maxPoolWaiting: e.OVERLOAD_MAX_POOL_WAITING,
      maxEventLoopDelayMs: e.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxEventLoopUtilization: e.OVERLOAD_MAX_EVENT_LOOP_UTILIZATION,
      retryAfterSeconds: e.OVERLOAD_RETRY_AFTER_SECONDS,
    },
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secretKey: e.DURCHSTARTEN_SECRET_KEY ? Buffer.from(e.DURCHSTARTEN_SECRET_KEY, 'base64') : undefined,
    demo: e.DURCHSTARTEN_DEMO ?? !e.DATABASE_URL,
    jobs: (e.DURCHSTARTEN_JOBS ?? (e.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
    jobSchedules: e.DURCHSTARTEN_JOB_SCHEDULES ?? {},
    backup: {
      enabled: (e.DURCHSTARTEN_BACKUP ?? (e.DATABASE_URL ? 'off' : 'on')) === 'on',
      dir: resolve(cwd, e.DURCHSTARTEN_BACKUP_DIR ?? join(e.DURCHSTARTEN_DATA_DIR, 'backups')),
      schedule: e.DURCHSTARTEN_BACKUP_SCHEDULE,
      retentionDays: e.DURCHSTARTEN_BACKUP_RETENTION_DAYS,
    },
  };
}

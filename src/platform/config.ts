import { resolve } from 'node:path';
import { z } from 'zod';

// Every setting the system reads from its environment. Nothing else reads process.env.
const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((value) => value === '1' || value === 'true' || value === 'yes');

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
  // How many reverse proxies stand in front of the app: 0/false = none, 1/true = one (typical), N = N hops.
  // Only that many hops of X-Forwarded-For are believed, so a client cannot fake its address.
  TRUST_PROXY: z.union([booleanFlag.transform((on) => (on ? 1 : 0)), z.coerce.number().int().min(0).max(5)]).default(0),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(300_000).default(25_000),
  // Demo set-up on a new, empty database: on by default in embedded mode, off with an external server.
  DURCHSTARTEN_DEMO: booleanFlag.optional(),
  // Scheduled jobs (retention, purge, …) in this process: on by default, off in tests (NODE_ENV=test).
  DURCHSTARTEN_JOBS: z.enum(['on', 'off']).optional(),
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
    },
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secretKey: e.DURCHSTARTEN_SECRET_KEY ? Buffer.from(e.DURCHSTARTEN_SECRET_KEY, 'base64') : undefined,
    demo: e.DURCHSTARTEN_DEMO ?? !e.DATABASE_URL,
    jobs: (e.DURCHSTARTEN_JOBS ?? (e.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
  };
}

import { Kysely, PostgresDialect, sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { BootstrapError, checkAppRole, databaseName, provisionDatabase } from './bootstrap.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded.ts';
import { migrateToLatest, migrationStatus, type MigrationStatus } from './migrations.ts';

export const EMBEDDED_DATABASE = 'durchstarten';

export type DatabaseMode = 'embedded' | 'external';

export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Callers queued for a connection because all `max` are in use. */
  waiting: number;
}

export interface DatabaseHandle<DB> {
  mode: DatabaseMode;
  /** Query builder on the unprivileged application role's pool. */
  db: Kysely<DB>;
  /** Connection (as the owner role) for migrations, backup and other maintenance. */
  migrationConnection: pg.ClientConfig;
  migrationsFolder: string;
  embedded: EmbeddedPostgres | undefined;
  /** Connections of the application pool right now (the overload guard reads `waiting`). */
  poolStats(): PoolStats;
  serverVersion(): Promise<string>;
  migrationStatus(): Promise<MigrationStatus>;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

// Dates stay ISO strings (no time-zone shifts); bigint counts and cents become numbers when safe.
const DATE_OID = 1082;
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function parseSafeInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new RangeError(`integer out of safe range: ${value}`);
  return parsed;
}
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === DATE_OID) return (value: string) => value;
  if (oid === INT8_OID) return parseSafeInteger;
  if (oid === NUMERIC_OID) return (value: string) => value;
  const fallback: unknown = pg.types.getTypeParser(oid, format);
  return fallback as (value: string) => unknown;
}
/** The application's value types: dates stay ISO strings, numerics strings, bigint counts safe numbers. */
export const typeParsers: pg.CustomTypesConfig = { getTypeParser };

export function createPool(
  connectionString: string,
  config: Config['database'],
  applicationName = 'durchstarten',
): pg.Pool {
  return new pg.Pool({
    connectionString,
    max: config.poolMax,
    application_name: applicationName,
    // Session settings sent at connect time, so they hold for every statement of the app role. The owner
    // connection (migrations, backup) has none of them on purpose: a migration may wait for the migration
    // lock of another instance and build indexes for minutes.
    statement_timeout: config.statementTimeoutMs,
    lock_timeout: config.lockTimeoutMs,
    idle_in_transaction_session_timeout: config.idleInTransactionTimeoutMs,
    // How long a request may wait for a free connection; the timeout becomes a 503 (see db/limits.ts).
    connectionTimeoutMillis: config.poolAcquireTimeoutMs,
    idleTimeoutMillis: 30_000,
    types: typeParsers,
  });
}

export interface OpenOptions {
  config: Config;
  logger: Logger;
  migrationsFolder: string;
  /** Apply pending migrations right after connecting (the server and `migrate` do; `db:status` does not). */
  migrate: boolean;
}

/** Starts embedded PostgreSQL (or connects to DATABASE_URL), provisions roles, optionally migrates. */
export async function openDatabase<DB>({
  config,
  logger,
  migrationsFolder,
  migrate,
}: OpenOptions): Promise<DatabaseHandle<DB>> {
  const log = logger.child({ component: 'db' });
  const mode: DatabaseMode = config.database.url ? 'external' : 'embedded';
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string;
  let database: string;
  if (config.database.url) {
    adminUrl = config.database.url;
    database = databaseName(adminUrl);
  } else {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      port: config.database.embeddedPort,
      logger: log,
    });
    adminUrl = embedded.adminUrl;
    database = EMBEDDED_DATABASE;
  }
  try {
    const provisioned = await provisionDatabase({
      adminUrl,
      database,
      createDatabase: mode === 'embedded',
      appUrl: config.database.appUrl,
    });
    return await connect<DB>({ mode, provisioned, config, log, migrationsFolder, migrate, embedded });
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

async function connect<DB>(options: {
  mode: DatabaseMode;
  provisioned: { migration: pg.ClientConfig; appUrl: string };
  config: Config;
  log: Logger;
  migrationsFolder: string;
  migrate: boolean;
  embedded: EmbeddedPostgres | undefined;
}): Promise<DatabaseHandle<DB>> {
  const { mode, provisioned, config, log, migrationsFolder, embedded } = options;
  const runMigrations = async () => {
    const applied = await migrateToLatest(provisioned.migration, migrationsFolder);
    if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
    return applied;
  };
  if (options.migrate) await runMigrations();

  const pool = createPool(provisioned.appUrl, config.database);
  pool.on('error', (error) => log.error({ err: error }, 'idle database connection failed'));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    const client = await pool.connect();
    try {
      const role = await checkAppRole(client);
      if (role.superuser || role.bypassRls || role.ownsTables > 0) {
        throw new BootstrapError(
          `The application role "${role.role}" must be neither superuser nor BYPASSRLS and own no tables ` +
            `(superuser: ${role.superuser}, bypassrls: ${role.bypassRls}, owned tables: ${role.ownsTables}).`,
        );
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await db.destroy();
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    mode,
    db,
    migrationConnection: provisioned.migration,
    migrationsFolder,
    embedded,
    poolStats: () => ({
      max: config.database.poolMax,
      total: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    async serverVersion() {
      const result = await sql<{ version: string }>`select current_setting('server_version') as version`.execute(db);
      return result.rows[0]?.version ?? 'unknown';
    },
    migrationStatus: () => migrationStatus(db, migrationsFolder),
    migrate: runMigrations,
    close() {
      closing ??= (async () => {
        // pg's pool.end() resolves before its sockets are closed; wait for each client's 'remove'
        // so that PostgreSQL is not stopped under live connections.
        const open = pool.totalCount;
        let removed = 0;
        const allRemoved = new Promise<void>((resolve) => {
          if (open === 0) resolve();
          pool.on('remove', () => {
            removed += 1;
            if (removed >= open) resolve();
          });
        });
        await db.destroy().catch((error: unknown) => log.error({ err: error }, 'closing the pool failed'));
        // Kysely's destroy() is a no-op when Kysely itself never ran a query (the pool was only used
        // directly, e.g. for the start-up role check), so end the pool ourselves.
        if (!pool.ending && !pool.ended) await pool.end();
        await Promise.race([allRemoved, sleep(2_000)]);
        await embedded?.stop();
      })();
      return closing;
    },
  };
}

// TypeScript migrations with up/down (Kysely's Migrator), one file per migration in src/migrations,
// named `YYYYMMDD_NNNN_description.ts` so that they sort in the order they must run.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kysely, PostgresDialect, sql } from 'kysely';
import {
  Migrator,
  NO_MIGRATIONS,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
} from 'kysely/migration';
import pg from 'pg';
import { APP_ROLE } from './bootstrap.ts';

export const MIGRATION_TABLE = 'schema_migration';
export const MIGRATION_LOCK_TABLE = 'schema_migration_lock';
const MIGRATION_FILE = /^\d{8}_\d{4}_[a-z0-9_]+\.ts$/;

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

export class FolderMigrationProvider implements MigrationProvider {
  readonly folder: string;
  constructor(folder: string) {
    this.folder = folder;
  }

  async names(): Promise<string[]> {
    const files = await readdir(this.folder);
    return files
      .filter((file) => MIGRATION_FILE.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
  }

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const name of await this.names()) {
      const module = (await import(pathToFileURL(join(this.folder, `${name}.ts`)).href)) as Partial<Migration>;
      if (typeof module.up !== 'function' || typeof module.down !== 'function') {
        throw new MigrationError(`Migration ${name} must export both up() and down().`);
      }
      migrations[name] = { up: module.up, down: module.down };
    }
    return migrations;
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

/** Runs migrations on a dedicated connection (as the owner role) and closes it again. */
export async function withMigrator<T>(
  connection: pg.ClientConfig,
  folder: string,
  work: (migrator: Migrator) => Promise<T>,
): Promise<T> {
  const db = new Kysely<unknown>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ ...connection, max: 1, application_name: 'durchstarten-migrate' }),
    }),
  });
  try {
    const result = await work(migratorFor(db, folder));
    await grantMigrationTableRead(db);
    return result;
  } finally {
    await db.destroy();
  }
}

function migratorFor(db: Kysely<unknown>, folder: string): Migrator {
  return new Migrator({
    db,
    provider: new FolderMigrationProvider(folder),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
}

// Readiness checks read, as the application role, which migrations are applied.
async function grantMigrationTableRead(db: Kysely<unknown>): Promise<void> {
  await sql`grant select on ${sql.table(MIGRATION_TABLE)} to ${sql.id(APP_ROLE)}`.execute(db);
}

function unwrap(result: MigrationResultSet): string[] {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`Migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => `${r.direction === 'Up' ? '↑' : '↓'} ${r.migrationName}`);
}

/**
 * Migrates on a connection the caller owns (e.g. inside the restore's transaction) to the named migration,
 * "latest", or "none".
 */
export async function migrateOn(db: Kysely<unknown>, folder: string, target: string): Promise<string[]> {
  const migrator = migratorFor(db, folder);
  const steps = unwrap(
    target === 'latest'
      ? await migrator.migrateToLatest()
      : await migrator.migrateTo(target === 'none' ? NO_MIGRATIONS : target),
  );
  await grantMigrationTableRead(db);
  return steps;
}

export async function migrateToLatest(connection: pg.ClientConfig, folder: string): Promise<string[]> {
  return withMigrator(connection, folder, async (migrator) => unwrap(await migrator.migrateToLatest()));
}

export async function migrateDown(connection: pg.ClientConfig, folder: string): Promise<string[]> {
  return withMigrator(connection, folder, async (migrator) => unwrap(await migrator.migrateDown()));
}

/** Migrates up or down to the named migration; the name "none" undoes every migration. */
export async function migrateTo(connection: pg.ClientConfig, folder: string, target: string): Promise<string[]> {
  return withMigrator(connection, folder, async (migrator) =>
    unwrap(await migrator.migrateTo(target === 'none' ? NO_MIGRATIONS : target)),
  );
}

/** Applied and pending migrations, read with any role that may select the migration table. */
export async function migrationStatus<DB>(db: Kysely<DB>, folder: string): Promise<MigrationStatus> {
  const known = await new FolderMigrationProvider(folder).names();
  const exists = await sql<{ present: boolean }>`select to_regclass(${MIGRATION_TABLE}) is not null as present`.execute(
    db,
  );
  const applied = exists.rows[0]?.present
    ? (await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db)).rows.map(
        (r) => r.name,
      )
    : [];
  const done = new Set(applied);
  return { applied, pending: known.filter((name) => !done.has(name)) };
}

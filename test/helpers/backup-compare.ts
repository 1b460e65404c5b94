// Backup/restore tests: empty target databases, and a fingerprint of every table and sequence to compare two
// databases row by row. Reads as the admin (a superuser in both tiers, so row-level security hides nothing).
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database } from '../../src/database.ts';
import { provisionDatabase, withDatabase } from '../../src/platform/db/bootstrap.ts';

export async function adminRows<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface EmptyDatabase {
  name: string;
  adminUrl: string;
  /** The owner connection, as DatabaseHandle.migrationConnection gives it to db:restore. */
  connection: pg.ClientConfig;
  close(): Promise<void>;
}

/** A new database with no schema at all (not cloned from the migrated template), provisioned as the app does. */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const { adminUrl } = inject('database');
  const name = `durchstarten_restore_${randomBytes(5).toString('hex')}`;
  await adminRows(adminUrl, `create database "${name}" template template0 encoding 'UTF8'`);
  const provisioned = await provisionDatabase({ adminUrl, database: name, createDatabase: false });
  return {
    name,
    adminUrl: withDatabase(adminUrl, name),
    connection: provisioned.migration,
    async close() {
      await adminRows(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

/**
 * Every base table of the schema (from information_schema, so a new table is covered without touching the test):
 * row count and md5 of all rows as text in sorted order; every sequence with last_value and is_called; the applied
 * migrations (names only: the migrator records when it ran them).
 */
export async function databaseFingerprint(url: string): Promise<Record<string, string>> {
  const tables = await adminRows<{ table_name: string }>(
    url,
    `select table_name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not in ('schema_migration_lock')
      order by table_name`,
  );
  const fingerprint: Record<string, string> = {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set timezone = 'UTC'`);
    for (const { table_name: table } of tables) {
      const row =
        table === 'schema_migration'
          ? `select count(*) as n, md5(string_agg(name, ',' order by name)) as digest from schema_migration`
          : `select count(*) as n, md5(string_agg(t::text, E'\\n' order by t::text collate "C")) as digest
               from "${table}" t`;
      const { rows } = await client.query<{ n: string; digest: string | null }>(row);
      fingerprint[`table ${table}`] = `${rows[0]?.n} ${rows[0]?.digest ?? '-'}`;
    }
    const sequences = await client.query<{ name: string }>(
      `select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'S'`,
    );
    for (const { name } of sequences.rows) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>(
        `select last_value, is_called from "${name}"`,
      );
      fingerprint[`sequence ${name}`] = `${rows[0]?.last_value} ${rows[0]?.is_called}`;
    }
  } finally {
    await client.end();
  }
  return fingerprint;
}

/** Tables of the public schema (an empty database has none after a rolled-back restore). */
export async function tableCount(url: string): Promise<number> {
  const [row] = await adminRows<{ n: string }>(
    url,
    `select count(*) as n from information_schema.tables where table_schema = 'public'`,
  );
  return Number(row?.n ?? 0);
}

/** Kysely on an owner connection (audit:verify's maintenance read, the ledger as the restore sees it). */
export function ownerKysely(connection: pg.ClientConfig): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...connection, max: 1 }) }) });
}

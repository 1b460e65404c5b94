import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { APP_ROLE, OWNER_ROLE } from './bootstrap.ts';
import { migrateDown, migrateToLatest, migrationStatus, MIGRATION_TABLE } from './migrations.ts';

describe('roles', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('connects the app as a role that is neither superuser nor BYPASSRLS and owns no table', async () => {
    const { rows } = await sql<{ role: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select current_user as role, r.rolsuper, r.rolbypassrls,
             (select count(*) from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p')) as owned
        from pg_roles r where r.rolname = current_user`.execute(database.handle.db);
    expect(rows[0]).toEqual({ role: APP_ROLE, rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('has every migrated table owned by the owner role', async () => {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ owner: string }>(
        `select distinct pg_get_userbyid(relowner) as owner from pg_class
          where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`,
      );
      expect(rows.map((r) => r.owner)).toEqual([OWNER_ROLE]);
    } finally {
      await client.end();
    }
  });

  it('refuses DDL to the app role', async () => {
    await expect(sql`create table sneaky (id int)`.execute(database.handle.db)).rejects.toThrow(/permission denied/);
  });
});

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    // An empty database (not cloned from the template): the migrations run here from scratch.
    database = await createTestDatabase({ fromTemplate: false });
  });
  afterAll(async () => database?.close());

  it('applies all migrations, undoes them and applies them again', async () => {
    const { db, migrationConnection, migrationsFolder } = database.handle;
    const applied = await migrationStatus(db, migrationsFolder);
    expect(applied.pending).toEqual([]);
    expect(applied.applied.length).toBeGreaterThan(0);

    const steps: string[] = [];
    for (let i = 0; i < applied.applied.length; i += 1) {
      steps.push(...(await migrateDown(migrationConnection, migrationsFolder)));
    }
    expect(steps).toEqual([...applied.applied].reverse().map((name) => `↓ ${name}`));
    const empty = await migrationStatus(db, migrationsFolder);
    expect(empty.applied).toEqual([]);
    expect(empty.pending).toEqual(applied.applied);

    const again = await migrateToLatest(migrationConnection, migrationsFolder);
    expect(again).toEqual(applied.applied.map((name) => `↑ ${name}`));
  });

  it('reports not ready while a migration is pending, and ready again after migrating', async () => {
    const app = await buildTestApp(database);
    try {
      await migrateDown(database.handle.migrationConnection, database.handle.migrationsFolder);
      const pending = await app.inject({ method: 'GET', url: '/readyz' });
      expect(pending.statusCode).toBe(503);
      expect(pending.json()).toEqual({ status: 'not_ready', checks: { database: 'ok', migrations: 'pending' } });
      await database.handle.migrate();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('keeps the migration table readable, not writable, for the app role', async () => {
    const { db } = database.handle;
    await expect(sql`select count(*) from ${sql.table(MIGRATION_TABLE)}`.execute(db)).resolves.toBeDefined();
    await expect(sql`delete from ${sql.table(MIGRATION_TABLE)}`.execute(db)).rejects.toThrow(/permission denied/);
  });
});

describe('an unreachable database', () => {
  it('makes /readyz answer 503 and the status page say so, without a 5xx elsewhere', async () => {
    const database = await createTestDatabase();
    const app = await buildTestApp(database);
    try {
      // The server refuses the app's connections from now on, and drops the ones it has.
      const admin = new pg.Client({ connectionString: database.adminUrl });
      await admin.connect();
      await admin.query(`revoke connect on database "${database.name}" from public, ${APP_ROLE}`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where usename = $1 and datname = $2`, [
        APP_ROLE,
        database.name,
      ]);
      await admin.end();
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: 'unreachable', migrations: 'unknown' } });
      const status = await app.inject({ method: 'GET', url: '/api/v1/system/status' });
      expect(status.statusCode).toBe(200);
      expect(status.json().database).toMatchObject({ reachable: false, serverVersion: null });
      const health = await app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

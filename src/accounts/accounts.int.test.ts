import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildAccountsApp, createOrganisation, createUser, TEST_SECRET_KEY } from '../../test/helpers/accounts.ts';
import { buildTestApp, createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { roles } from '../access/access.rules.ts';
import { MIGRATIONS_FOLDER } from '../app.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { withTenant } from '../platform/db/rls.ts';
import { migrateTo, migrateToLatest } from '../platform/db/migrations.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { createUserOperatorService } from './user-operator.service.ts';

let database: TestDatabase;
let app: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('route access declarations', () => {
  it('refuses, at start-up, an /api/v1 route without config.access', async () => {
    await expect(
      buildTestApp(database, (server) => {
        server.get('/api/v1/undeclared', async () => ({ ok: true }));
      }),
    ).rejects.toThrow(/GET \/api\/v1\/undeclared has no config\.access/);
  });

  it('has an access declaration for every /api/v1 operation of the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/v1/'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.length).toBeGreaterThan(15);
    const declared = new Map(
      app.routeAccessTable.map((entry) => [`${entry.method} ${entry.url.replace(/:(\w+)/g, '{$1}')}`, entry.access]),
    );
    for (const operation of operations) expect(declared.get(operation), operation).toBeDefined();
    expect(declared.get('GET /api/v1/system/status')).toBe('public');
    expect(declared.get('GET /api/v1/me')).toBe('authenticated');
    expect(declared.get('PUT /api/v1/users/{id}/roles')).toEqual({ action: 'update', resource: 'user' });
  });

  it('answers every non-public route with 401 when nobody is signed in', async () => {
    const guarded = app.routeAccessTable.filter(
      (entry) => entry.url.startsWith('/api/v1/') && entry.access !== 'public' && entry.method !== 'HEAD',
    );
    for (const entry of guarded) {
      const url = entry.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({
        method: entry.method as 'GET',
        url,
        headers: { 'sec-fetch-site': 'same-origin' },
      });
      expect(response.statusCode, `${entry.method} ${entry.url}`).toBe(401);
    }
  });
});

describe('account tables', () => {
  it('accepts every role of the permission table and nothing else', async () => {
    const db = database.handle.db;
    const organisationId = await createOrganisation(db);
    const user = await createUser(db, { organisationId, roles: [...roles] });
    const stored = await db.selectFrom('user_role').select('role').where('user_id', '=', user.id).execute();
    expect(stored.map((r) => r.role).sort()).toEqual([...roles].sort());
    await expect(
      sql`insert into user_role (user_id, role) values (${user.id}, 'superuser')`.execute(db),
    ).rejects.toThrow(/check constraint/);
  });

  it('keeps e-mail addresses unique regardless of letter case', async () => {
    const db = database.handle.db;
    const organisationId = await createOrganisation(db);
    await createUser(db, { organisationId, roles: ['advisor'], email: 'Same@Example.org' });
    await expect(createUser(db, { organisationId, roles: ['advisor'], email: 'same@example.ORG' })).rejects.toThrow(
      /app_user_email_key/,
    );
  });

  it('isolates team memberships by tenant (row-level security, enabled and forced)', async () => {
    const db = database.handle.db;
    const catalog = await sql<{ enabled: boolean; forced: boolean }>`
      select relrowsecurity as enabled, relforcerowsecurity as forced from pg_class where relname = 'team_member'`.execute(
      db,
    );
    expect(catalog.rows[0]).toEqual({ enabled: true, forced: true });
    const [a, b] = [await createOrganisation(db), await createOrganisation(db)];
    const user = await createUser(db, { organisationId: a, roles: ['coach'] });
    await withTenant(db, { municipalityId: a, userId: null }, async (trx) => {
      const team = await trx
        .insertInto('team')
        .values({ municipality_id: a, name: 'A' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('team_member').values({ municipality_id: a, team_id: team.id, user_id: user.id }).execute();
    });
    const count = z.object({ n: z.coerce.number() });
    const seen = async (municipalityId: string | null) =>
      withTenant(
        db,
        { municipalityId, userId: null },
        async (trx) =>
          count.parse(
            await trx
              .selectFrom('team_member')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow(),
          ).n,
      );
    expect(await seen(a)).toBe(1);
    expect(await seen(b)).toBe(0);
    expect(await seen(null)).toBe(0);
    expect(
      count.parse(
        await db
          .selectFrom('team_member')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow(),
      ).n,
    ).toBe(0);
  });
});

describe('creating accounts from the command line', () => {
  it('finds the organisation by name or id, checks roles and password, and generates an initial password', async () => {
    const db = database.handle.db;
    await createOrganisation(db, 'municipality', 'Münster');
    const operator = createUserOperatorService({
      db,
      now: () => new Date(),
      secrets: createSecretBox(TEST_SECRET_KEY),
      audit: appendAudit,
    });
    const generated = await operator.createByOperator({
      email: 'erste.admin@muenster.example',
      displayName: 'Erste Admin',
      organisation: 'münster',
      roles: ['municipal_admin'],
    });
    expect(generated.initialPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const stored = await db
      .selectFrom('app_user')
      .selectAll()
      .where('id', '=', generated.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'active', password_change_required: true });
    const chosen = await operator.createByOperator({
      email: 'coach@muenster.example',
      displayName: 'Coach',
      organisation: generated.user.organisation.id,
      roles: ['coach'],
      password: 'prinzipalmarkt im regen',
    });
    expect(chosen.initialPassword).toBeNull();
    await expect(
      operator.createByOperator({
        email: 'x@muenster.example',
        displayName: 'X',
        organisation: 'Münster',
        roles: ['provider_staff'],
      }),
    ).rejects.toThrow(/Roles not possible/);
    await expect(
      operator.createByOperator({
        email: 'y@muenster.example',
        displayName: 'Y',
        organisation: 'Nirgendwo',
        roles: ['coach'],
      }),
    ).rejects.toThrow(/No organisation/);
    await expect(
      operator.createByOperator({
        email: 'z@muenster.example',
        displayName: 'Z',
        organisation: 'Münster',
        roles: ['coach'],
        password: 'password1',
      }),
    ).rejects.toThrow(/does not meet the rules/);
    await expect(
      operator.createByOperator({
        email: 'COACH@muenster.example',
        displayName: 'C',
        organisation: 'Münster',
        roles: ['coach'],
      }),
    ).rejects.toThrow(/exists already/);
  });
});

describe('migration 20261129_0003_accounts', () => {
  it('goes down and up again', async () => {
    const fresh = await createTestDatabase();
    try {
      const connection = fresh.handle.migrationConnection;
      await migrateTo(connection, MIGRATIONS_FOLDER, '20261129_0002_organisations');
      const exists = async () =>
        (
          await sql<{ present: boolean }>`select to_regclass('app_user') is not null as present`.execute(
            fresh.handle.db,
          )
        ).rows[0]?.present;
      expect(await exists()).toBe(false);
      await migrateToLatest(connection, MIGRATIONS_FOLDER);
      expect(await exists()).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

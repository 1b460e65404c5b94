// The last active system administrator can neither be disabled nor lose the role, not even by two
// administrators demoting each other at the same moment.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  TEST_SECRET_KEY,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { createUserService } from './user.service.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();
let ministry: string;
let ip = 0;

async function signedIn(user: TestUser): Promise<Browser> {
  ip += 1;
  const tab = new Browser(app, `198.51.100.${ip}`);
  expect((await tab.login(user)).statusCode).toBe(200);
  return tab;
}

async function activeSystemAdmins(): Promise<string[]> {
  const rows = await database.handle.db
    .selectFrom('app_user as u')
    .innerJoin('user_role as r', 'r.user_id', 'u.id')
    .select('u.id')
    .where('r.role', '=', 'system_admin')
    .where('u.status', '=', 'active')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Holds the row locks of the given accounts (as the service's lock does) until `release`, and waits
 * until `waiters` other transactions queue behind them: so that concurrent requests provably overlap.
 */
async function holdLocks(ids: string[]) {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  await client.query('begin');
  await client.query('select id from app_user where id = any($1::uuid[]) for update', [ids]);
  return {
    async waitForWaiters(waiters: number): Promise<void> {
      for (let attempt = 0; attempt < 200; attempt += 1) {
        // Statistics views are a snapshot per transaction; this one stays open, so refresh it.
        await client.query('select pg_stat_clear_snapshot()');
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
        );
        if ((rows[0]?.n ?? 0) >= waiters) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const { rows } = await client.query(
        `select state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid()`,
      );
      throw new Error(`fewer than ${waiters} transactions waited for the lock: ${JSON.stringify(rows)}`);
    },
    async release(): Promise<void> {
      await client.query('rollback');
      await client.end();
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  ministry = await createOrganisation(database.handle.db, 'ministry', 'Ministerium');
});

beforeEach(async () => {
  // Every test starts with no system administrator; each creates its own.
  await database.handle.db.deleteFrom('user_role').where('role', '=', 'system_admin').execute();
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the last active system administrator', () => {
  it('can be neither disabled nor demoted (409 with a field error); with another one left, both work', async () => {
    const db = database.handle.db;
    const actor = await createUser(db, { organisationId: ministry, roles: ['system_admin'] });
    const last = await createUser(db, { organisationId: ministry, roles: ['system_admin'] });
    // The acting administrator's own account was disabled while the request was under way: `last` is the only
    // active system administrator left. (Through the API, the actor always counts as one.)
    await db.updateTable('app_user').set({ status: 'disabled' }).where('id', '=', actor.id).execute();
    const users = createUserService({
      db,
      now: clock.now,
      secrets: createSecretBox(TEST_SECRET_KEY),
      audit: appendAudit,
    });
    const actorFacts = {
      userId: actor.id,
      organisationId: ministry,
      roles: ['system_admin' as const],
      municipalityIds: [],
      activeMunicipalityId: null,
      teamIds: [],
    };
    const meta = { ip: '198.51.100.200', userAgent: 'test', requestId: 'req-1' };
    const session = { recentlyAuthenticated: true } as Parameters<typeof users.updateRoles>[1];

    const disable = users.setEnabled(actorFacts, last.id, false, undefined, meta);
    await expect(disable).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: [{ field: 'id', code: 'last_system_admin' }],
    });
    const demote = users.updateRoles(actorFacts, session, last.id, ['ministry_analyst'], undefined, meta);
    await expect(demote).rejects.toMatchObject({
      code: 'conflict',
      fieldErrors: [{ field: 'roles', code: 'last_system_admin' }],
    });
    expect(await activeSystemAdmins()).toEqual([last.id]);

    // Changing other roles of the last one is fine, as long as system_admin stays.
    const kept = await users.updateRoles(actorFacts, session, last.id, ['system_admin'], undefined, meta);
    expect(kept.roles).toEqual(['system_admin']);

    // With a second active administrator, disabling one works.
    await db.updateTable('app_user').set({ status: 'active' }).where('id', '=', actor.id).execute();
    expect((await users.setEnabled(actorFacts, last.id, false, undefined, meta)).status).toBe('disabled');
    expect(await activeSystemAdmins()).toEqual([actor.id]);
  });

  it('two administrators demoting each other at once: exactly one succeeds, one administrator remains', async () => {
    const db = database.handle.db;
    const [a, b] = [
      await createUser(db, { organisationId: ministry, roles: ['system_admin'] }),
      await createUser(db, { organisationId: ministry, roles: ['system_admin'] }),
    ];
    const [tabA, tabB] = [await signedIn(a), await signedIn(b)];
    const locks = await holdLocks([a.id, b.id]);
    const requests = [
      tabA.put(`/api/v1/users/${b.id}/roles`, { roles: ['ministry_analyst'] }),
      tabB.put(`/api/v1/users/${a.id}/roles`, { roles: ['ministry_analyst'] }),
    ];
    try {
      await locks.waitForWaiters(2);
    } finally {
      await locks.release();
    }
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = responses.find((r) => r.statusCode === 409);
    expect(refused?.json()).toMatchObject({
      code: 'conflict',
      errors: [{ field: 'roles', code: 'last_system_admin' }],
    });
    expect(await activeSystemAdmins()).toHaveLength(1);
  });

  it('two administrators disabling each other at once: exactly one succeeds', async () => {
    const db = database.handle.db;
    const [a, b] = [
      await createUser(db, { organisationId: ministry, roles: ['system_admin'] }),
      await createUser(db, { organisationId: ministry, roles: ['system_admin'] }),
    ];
    const [tabA, tabB] = [await signedIn(a), await signedIn(b)];
    const locks = await holdLocks([a.id, b.id]);
    const requests = [tabA.post(`/api/v1/users/${b.id}/disable`), tabB.post(`/api/v1/users/${a.id}/disable`)];
    try {
      await locks.waitForWaiters(2);
    } finally {
      await locks.release();
    }
    const responses = await Promise.all(requests);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json()).toMatchObject({
      errors: [{ field: 'id', code: 'last_system_admin' }],
    });
    expect(await activeSystemAdmins()).toHaveLength(1);
  });
});

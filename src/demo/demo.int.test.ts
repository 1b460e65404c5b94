import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, buildAccountsApp, TEST_SECRET_KEY } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { roles } from '../access/access.rules.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { createDemo, DEMO_PASSWORD, demoBanner, demoNeeded, listDemoAccounts } from './demo.ts';

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

describe('demo set-up', () => {
  it('is created on an empty database: organisations of every kind, one account per role and a second grant officer', async () => {
    const { db } = database.handle;
    expect(await demoNeeded(db)).toBe(true);
    const accounts = await createDemo({ db, secrets: createSecretBox(TEST_SECRET_KEY) });
    // four eyes: a payment needs two different approvers of the authority
    expect(accounts.map((a) => a.role).sort()).toEqual([...roles, 'grant_officer'].sort());
    expect(new Set(accounts.map((a) => a.email)).size).toBe(accounts.length);
    expect(await demoNeeded(db)).toBe(false);

    const organisations = await db
      .selectFrom('organisation')
      .select(['kind', 'name', 'is_demo', 'district_id', 'id'])
      .execute();
    expect(new Set(organisations.map((o) => o.kind))).toEqual(
      new Set(['ministry', 'approving_authority', 'municipality', 'provider', 'alliance_member']),
    );
    expect(organisations.every((o) => o.is_demo)).toBe(true);
    const municipalities = organisations.filter((o) => o.kind === 'municipality').map((o) => o.name);
    expect(municipalities).toEqual(expect.arrayContaining(['Stadt Köln', 'Rhein-Kreis Neuss', 'Stadt Dormagen']));
    const neuss = organisations.find((o) => o.name === 'Rhein-Kreis Neuss');
    expect(organisations.find((o) => o.name === 'Stadt Dormagen')?.district_id).toBe(neuss?.id);

    const users = await db.selectFrom('app_user').select(['is_demo', 'password_change_required', 'status']).execute();
    expect(users).toHaveLength(roles.length + 1);
    expect(users.every((u) => u.is_demo && !u.password_change_required && u.status === 'active')).toBe(true);
  });

  it('lets every demo account sign in with the printed password, without a second factor', async () => {
    const accounts = await listDemoAccounts(database.handle.db);
    expect(accounts).toHaveLength(roles.length + 1);
    let address = 1;
    for (const account of accounts) {
      const browser = new Browser(app, `192.0.2.${address++}`);
      const response = await browser.post('/api/v1/auth/login', { email: account.email, password: DEMO_PASSWORD });
      expect(response.statusCode, account.email).toBe(200);
      expect((response.json() as { stage: string }).stage, account.email).toBe('active');
      const me = await browser.get('/api/v1/me');
      expect(me.json()).toMatchObject({ isDemo: true, roles: [account.role] });
    }
  });

  it('prints the accounts with the password in the start-up banner', async () => {
    const banner = demoBanner(await listDemoAccounts(database.handle.db));
    expect(banner).toContain(DEMO_PASSWORD);
    expect(banner).toContain('coach@demo.durchstarten.example');
    expect(banner).toContain('DURCHSTARTEN_DEMO=0');
  });
});

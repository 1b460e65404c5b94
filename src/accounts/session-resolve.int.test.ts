// Authentication in one statement (findSessionWithActor): what a request's session and actor are made of is read
// afresh on every request, so that revocation, expiry, a disabled account or a changed role or team take effect on
// the very next request; the team lookup sets the tenant for its own statement only.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { adminRows } from '../../test/helpers/backup-compare.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { Role } from '../access/access.rules.ts';
import { TENANT_SETTING, withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { hashToken } from './accounts.context.ts';
import { findSessionWithActor } from './session.repository.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();
let municipalityId: string;
let ipCounter = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  municipalityId = await createOrganisation(database.handle.db);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function signedIn(roles: Role[]): Promise<{ user: TestUser; browser: Browser }> {
  const user = await createUser(database.handle.db, { organisationId: municipalityId, roles });
  ipCounter += 1;
  const browser = new Browser(app, `198.51.100.${ipCounter}`);
  expect((await browser.login(user)).statusCode).toBe(200);
  expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
  return { user, browser };
}

/** Changes rows as an administrator's console or another instance would, bypassing this app. */
async function asAdmin(statement: string, parameters: unknown[]): Promise<void> {
  await adminRows(database.adminUrl, statement, parameters);
}

async function addTeam(municipality: string, userId: string, name: string): Promise<string> {
  return withTenant(database.handle.db, { municipalityId: municipality, userId: null }, async (trx) => {
    const team = await trx
      .insertInto('team')
      .values({ municipality_id: municipality, name })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_member')
      .values({ municipality_id: municipality, team_id: team.id, user_id: userId })
      .execute();
    return team.id;
  });
}

describe('a signed-in session is checked again on the very next request', () => {
  it('refuses a session revoked elsewhere (another instance, an administrator)', async () => {
    const { user, browser } = await signedIn(['municipal_admin']);
    await asAdmin(
      `update user_session set revoked_at = now(), revoked_reason = 'revoked_by_admin' where user_id = $1`,
      [user.id],
    );
    const next = await browser.get('/api/v1/me');
    expect(next.statusCode).toBe(401);
    expect(next.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('refuses a session past its absolute end', async () => {
    const { user, browser } = await signedIn(['municipal_admin']);
    await asAdmin(`update user_session set expires_at = $2 where user_id = $1`, [
      user.id,
      new Date(clock.current.getTime() - 1),
    ]);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses the session of an account disabled in the meantime', async () => {
    const { user, browser } = await signedIn(['municipal_admin']);
    await asAdmin(`update app_user set status = 'disabled' where id = $1`, [user.id]);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('applies a removed role on the next request', async () => {
    const { user, browser } = await signedIn(['managing_office', 'municipal_admin']);
    expect((await browser.get('/api/v1/me')).json()).toMatchObject({ roles: ['managing_office', 'municipal_admin'] });
    await asAdmin(`delete from user_role where user_id = $1 and role = 'managing_office'`, [user.id]);
    expect((await browser.get('/api/v1/me')).json()).toMatchObject({ roles: ['municipal_admin'] });
  });
});

describe('findSessionWithActor', () => {
  it("reads the account's teams in the active municipality only, and follows membership changes", async () => {
    const db = database.handle.db;
    const [first, second] = [
      await createOrganisation(db, 'municipality', `A ${randomUUID().slice(0, 8)}`),
      await createOrganisation(db, 'municipality', `B ${randomUUID().slice(0, 8)}`),
    ];
    const provider = await createOrganisation(db, 'provider');
    await db
      .insertInto('provider_municipality')
      .values([
        { provider_id: provider, served_municipality_id: first },
        { provider_id: provider, served_municipality_id: second },
      ])
      .execute();
    const user = await createUser(db, { organisationId: provider, roles: ['provider_staff'] });
    const teamInFirst = await addTeam(first, user.id, 'Team A');
    const teamInSecond = await addTeam(second, user.id, 'Team B');
    ipCounter += 1;
    const browser = new Browser(app, `198.51.100.${ipCounter}`);
    expect((await browser.login(user)).statusCode).toBe(200);
    const tokenHash = hashToken(browser.token ?? '');

    // Without a choice: the account's first municipality by name.
    const initial = await findSessionWithActor(db, tokenHash);
    expect(initial).toMatchObject({ activeMunicipalityId: first, teamIds: [teamInFirst] });
    expect(initial?.user).toMatchObject({ id: user.id, roles: ['provider_staff'], municipality_ids: [first, second] });
    expect(initial?.session).toMatchObject({ user_id: user.id, token_hash: tokenHash, revoked_at: null });

    await db
      .updateTable('user_session')
      .set({ active_municipality_id: second })
      .where('token_hash', '=', tokenHash)
      .execute();
    expect(await findSessionWithActor(db, tokenHash)).toMatchObject({
      activeMunicipalityId: second,
      teamIds: [teamInSecond],
    });

    // Leaving a team, and the provider no longer serving the chosen municipality, count at once.
    await withTenant(db, { municipalityId: second, userId: null }, (trx) =>
      trx.deleteFrom('team_member').where('team_id', '=', teamInSecond).execute(),
    );
    expect(await findSessionWithActor(db, tokenHash)).toMatchObject({ activeMunicipalityId: second, teamIds: [] });
    await db.deleteFrom('provider_municipality').where('served_municipality_id', '=', second).execute();
    expect(await findSessionWithActor(db, tokenHash)).toMatchObject({
      activeMunicipalityId: first,
      teamIds: [teamInFirst],
    });
  });

  it('leaves no tenant on the pooled connection after its statement, and refuses to run in a transaction', async () => {
    const db = database.handle.db;
    const user = await createUser(db, { organisationId: municipalityId, roles: ['coach'] });
    await addTeam(municipalityId, user.id, `Team ${randomUUID().slice(0, 8)}`);
    ipCounter += 1;
    const browser = new Browser(app, `198.51.100.${ipCounter}`);
    expect((await browser.login(user)).statusCode).toBe(200);
    const tokenHash = hashToken(browser.token ?? '');
    // One connection, so that the next statement surely runs where the lookup ran.
    await db.connection().execute(async (connection) => {
      expect((await findSessionWithActor(connection, tokenHash))?.teamIds).toHaveLength(1);
      const after = await sql<{
        tenant: string | null;
      }>`select current_setting(${TENANT_SETTING}, true) as tenant`.execute(connection);
      expect(after.rows[0]?.tenant ?? '').toBe('');
      expect(await connection.selectFrom('team_member').selectAll().execute()).toEqual([]);
    });
    await expect(db.transaction().execute((trx) => findSessionWithActor(trx, tokenHash))).rejects.toThrow(
      /outside a transaction/,
    );
  });

  it('finds nothing for an unknown token', async () => {
    expect(await findSessionWithActor(database.handle.db, hashToken('no such token'))).toBeUndefined();
  });
});

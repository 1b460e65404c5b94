import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActions,
  Browser,
  buildAccountsApp,
  codeFor,
  createOrganisation,
  createUser,
  FakeClock,
  TEST_SECRET_KEY,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { createSecretBox } from '../platform/secrets.ts';
import { createAuthService } from './auth.service.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();
let koeln: string;
let bonn: string;
let provider: string;
let systemAdmin: TestUser;
let koelnAdmin: TestUser;
let ip = 0;

function browser(): Browser {
  ip += 1;
  return new Browser(app, `198.51.100.${ip}`);
}

async function signedIn(user: TestUser): Promise<Browser> {
  const tab = browser();
  const response = await tab.login(user, clock, user);
  expect(response.statusCode).toBe(200);
  return tab;
}

async function userRow(id: string) {
  return database.handle.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const db = database.handle.db;
  const ministry = await createOrganisation(db, 'ministry', 'Ministerium');
  koeln = await createOrganisation(db, 'municipality', 'Köln');
  bonn = await createOrganisation(db, 'municipality', 'Bonn');
  provider = await createOrganisation(db, 'provider', 'Träger Rhein');
  await db
    .insertInto('provider_municipality')
    .values([
      { provider_id: provider, served_municipality_id: koeln },
      { provider_id: provider, served_municipality_id: bonn },
    ])
    .execute();
  systemAdmin = await createUser(db, {
    organisationId: ministry,
    roles: ['system_admin'],
    email: 'admin@land.example',
  });
  koelnAdmin = await createUser(db, {
    organisationId: koeln,
    roles: ['municipal_admin'],
    email: 'admin@koeln.example',
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('listing and reading accounts', () => {
  it('shows a system administrator every account and a municipal administrator only their municipality', async () => {
    const db = database.handle.db;
    const koelnCoach = await createUser(db, { organisationId: koeln, roles: ['coach'], email: 'coach@koeln.example' });
    const bonnCoach = await createUser(db, { organisationId: bonn, roles: ['coach'], email: 'coach@bonn.example' });
    const providerStaff = await createUser(db, { organisationId: provider, roles: ['provider_staff'] });

    const all = (await (await signedIn(systemAdmin)).get('/api/v1/users?limit=100')).json() as {
      items: { id: string }[];
    };
    expect(all.items.map((u) => u.id)).toEqual(expect.arrayContaining([koelnCoach.id, bonnCoach.id, providerStaff.id]));

    const tab = await signedIn(koelnAdmin);
    const own = (await tab.get('/api/v1/users?limit=100')).json() as { items: { id: string; email: string }[] };
    expect(own.items.map((u) => u.id)).toContain(koelnCoach.id);
    expect(own.items.map((u) => u.id)).not.toContain(bonnCoach.id);
    expect(own.items.map((u) => u.id)).not.toContain(providerStaff.id);
    expect((await tab.get(`/api/v1/users/${koelnCoach.id}`)).statusCode).toBe(200);
    // Another municipality's account does not exist for them.
    expect((await tab.get(`/api/v1/users/${bonnCoach.id}`)).statusCode).toBe(404);

    const search = (await tab.get('/api/v1/users?q=coach%40koeln')).json() as { items: { id: string }[] };
    expect(search.items.map((u) => u.id)).toEqual([koelnCoach.id]);
  });

  it('pages through accounts with a cursor', async () => {
    const tab = await signedIn(systemAdmin);
    const first = (await tab.get('/api/v1/users?limit=2')).json() as { items: { id: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    const second = (await tab.get(`/api/v1/users?limit=2&cursor=${first.nextCursor}`)).json() as {
      items: { id: string }[];
    };
    expect(second.items.map((u) => u.id)).not.toContain(first.items[0]?.id);
  });

  it('never shows password hashes, TOTP secrets or other internals', async () => {
    const tab = await signedIn(systemAdmin);
    const body = (await tab.get('/api/v1/users?limit=100')).body;
    expect(body).not.toMatch(/argon2|password_hash|passwordHash|totp_secret|\$v=19/);
  });

  it('refuses roles without user administration (403, audited) and anonymous callers (401)', async () => {
    const coach = await createUser(database.handle.db, { organisationId: koeln, roles: ['coach'], totp: true });
    const tab = await signedIn(coach);
    const denied = await tab.get('/api/v1/users');
    expect(denied.statusCode).toBe(403);
    expect(await auditActions(database.adminUrl, coach.id)).toContainEqual({ action: 'read', outcome: 'denied' });
    expect((await browser().get('/api/v1/users')).statusCode).toBe(401);
  });
});

describe('creating accounts', () => {
  it('invites with a one-time link that sets the first password', async () => {
    const admin = await signedIn(koelnAdmin);
    const created = await admin.post('/api/v1/users', {
      email: 'neu@koeln.example',
      displayName: 'Neue Kollegin',
      organisationId: koeln,
      roles: ['participation_manager'],
      setup: 'invitation',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as {
      user: { id: string; status: string };
      invitation: { token: string; expiresAt: string };
      initialPassword: null;
    };
    expect(body.user.status).toBe('invited');
    expect(body.initialPassword).toBeNull();
    expect(new Date(body.invitation.expiresAt).getTime()).toBe(clock.current.getTime() + 7 * 24 * 60 * 60_000);
    const stored = await database.handle.db
      .selectFrom('user_invitation')
      .select('token_hash')
      .where('user_id', '=', body.user.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toBe(body.invitation.token);

    const visitor = browser();
    const info = await visitor.post('/api/v1/auth/invitations/lookup', { token: body.invitation.token });
    expect(info.json()).toMatchObject({ email: 'neu@koeln.example', organisationName: 'Köln' });

    const weak = await visitor.post('/api/v1/auth/invitations/accept', {
      token: body.invitation.token,
      password: 'password1',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ errors: [{ field: 'password', code: 'password_common' }] });
    expect((await userRow(body.user.id)).status).toBe('invited');

    const accepted = await visitor.post('/api/v1/auth/invitations/accept', {
      token: body.invitation.token,
      password: 'kastanie unter dem dom',
    });
    expect(accepted.statusCode).toBe(204);
    expect((await userRow(body.user.id)).status).toBe('active');
    const again = await browser().post('/api/v1/auth/invitations/accept', {
      token: body.invitation.token,
      password: 'noch ein anderes passwort',
    });
    expect(again.statusCode).toBe(404);

    // A participation manager must set up the second factor before anything else.
    const login = await browser().login({ email: 'neu@koeln.example', password: 'kastanie unter dem dom' });
    expect(login.json()).toMatchObject({ stage: 'enrolment' });
  });

  it('refuses an expired invitation', async () => {
    const admin = await signedIn(koelnAdmin);
    const created = (
      await admin.post('/api/v1/users', {
        email: 'spaet@koeln.example',
        displayName: 'Späte Annahme',
        organisationId: koeln,
        roles: ['advisor'],
        setup: 'invitation',
      })
    ).json() as { invitation: { token: string } };
    clock.advance(7 * 24 * 60 * 60_000 + 1000);
    expect(
      (await browser().post('/api/v1/auth/invitations/lookup', { token: created.invitation.token })).statusCode,
    ).toBe(404);
  });

  it('creates with an initial password, shown once, that must be replaced at the first login', async () => {
    const admin = await signedIn(systemAdmin);
    const created = await admin.post('/api/v1/users', {
      email: 'analyse@land.example',
      displayName: 'Analyse',
      organisationId: (await userRow(systemAdmin.id)).organisation_id,
      roles: ['ministry_analyst'],
      setup: 'initial_password',
    });
    expect(created.statusCode).toBe(201);
    const { initialPassword, user } = created.json() as {
      initialPassword: string;
      user: { id: string; status: string };
    };
    expect(initialPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(user.status).toBe('active');

    const tab = browser();
    expect((await tab.login({ email: 'analyse@land.example', password: initialPassword })).json()).toMatchObject({
      stage: 'password_change',
    });
    const blocked = await tab.get('/api/v1/me');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json()).toMatchObject({ code: 'password_change_required' });
    const changed = await tab.put('/api/v1/me/password', {
      currentPassword: initialPassword,
      newPassword: 'mein eigenes langes passwort',
    });
    expect(changed.statusCode).toBe(204);
    expect((await tab.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('lets a municipal administrator grant municipal staff roles only, in their own municipality only', async () => {
    const admin = await signedIn(koelnAdmin);
    const before = await database.handle.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const systemRole = await admin.post('/api/v1/users', {
      email: 'boss@koeln.example',
      displayName: 'Boss',
      organisationId: koeln,
      roles: ['system_admin'],
      setup: 'invitation',
    });
    expect(systemRole.statusCode).toBe(400);
    expect(systemRole.json()).toMatchObject({ errors: [{ field: 'roles', code: 'role_not_grantable' }] });
    const elsewhere = await admin.post('/api/v1/users', {
      email: 'x@bonn.example',
      displayName: 'Bonn',
      organisationId: bonn,
      roles: ['coach'],
      setup: 'invitation',
    });
    expect(elsewhere.statusCode).toBe(403);
    const after = await database.handle.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const organisations = (await admin.get('/api/v1/users/assignable-organisations')).json() as {
      items: { id: string; roles: string[] }[];
    };
    expect(organisations.items.map((o) => o.id)).toEqual([koeln]);
    expect(organisations.items[0]?.roles).not.toContain('system_admin');
  });

  it('rejects bad input with field errors and creates nothing', async () => {
    const admin = await signedIn(systemAdmin);
    const before = await database.handle.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bad = await admin.post('/api/v1/users', {
      email: 'not an address',
      displayName: '',
      organisationId: 'x',
      roles: [],
      setup: 'magic',
    });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'displayName', 'organisationId', 'roles', 'setup']));
    const duplicate = await admin.post('/api/v1/users', {
      email: 'ADMIN@koeln.example',
      displayName: 'Doppelt',
      organisationId: koeln,
      roles: ['coach'],
      setup: 'invitation',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ errors: [{ field: 'email', code: 'duplicate' }] });
    const wrongKind = await admin.post('/api/v1/users', {
      email: 'staff@traeger.example',
      displayName: 'Träger',
      organisationId: provider,
      roles: ['municipal_admin'],
      setup: 'invitation',
    });
    expect(wrongKind.json()).toMatchObject({ errors: [{ field: 'roles', code: 'role_not_for_organisation' }] });
    const after = await database.handle.db
      .selectFrom('app_user')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('changing accounts', () => {
  it('changes roles after a step-up only, refuses a stale If-Match, and never the own roles', async () => {
    const target = await createUser(database.handle.db, { organisationId: koeln, roles: ['advisor'] });
    const admin = await signedIn(koelnAdmin);
    const version = (await userRow(target.id)).version;
    const stale = await admin.put(
      `/api/v1/users/${target.id}/roles`,
      { roles: ['alliance_member'] },
      { 'if-match': `"${version + 5}"` },
    );
    expect(stale.statusCode).toBe(412);
    const changed = await admin.put(
      `/api/v1/users/${target.id}/roles`,
      { roles: ['alliance_member'] },
      { 'if-match': `"${version}"` },
    );
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ roles: ['alliance_member'], version: version + 1 });
    expect(changed.headers.etag).toBe(`"${version + 1}"`);
    expect((await admin.put(`/api/v1/users/${koelnAdmin.id}/roles`, { roles: ['coach'] })).statusCode).toBe(403);

    clock.advance(6 * 60_000);
    const late = await admin.put(`/api/v1/users/${target.id}/roles`, { roles: ['advisor'] });
    expect(late.json()).toMatchObject({ code: 'reauthentication_required' });
    expect((await userRow(target.id)).version).toBe(version + 1);
  });

  it('disabling ends every session of the account at once; enabling lets it sign in again', async () => {
    const target = await createUser(database.handle.db, { organisationId: koeln, roles: ['advisor'] });
    const [laptop, phone] = [await signedIn(target), await signedIn(target)];
    const admin = await signedIn(koelnAdmin);
    const disabled = await admin.post(`/api/v1/users/${target.id}/disable`);
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    const live = await database.handle.db
      .selectFrom('user_session')
      .select('revoked_reason')
      .where('user_id', '=', target.id)
      .execute();
    expect(live.map((s) => s.revoked_reason)).toEqual(['account_disabled', 'account_disabled']);
    expect((await browser().login(target)).statusCode).toBe(401);
    expect((await admin.post(`/api/v1/users/${target.id}/enable`)).json()).toMatchObject({ status: 'active' });
    expect((await browser().login(target)).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${koelnAdmin.id}/disable`)).statusCode).toBe(403);
  });

  it('lets no municipal administrator touch an account with a role they could not grant', async () => {
    const operator = await createUser(database.handle.db, { organisationId: koeln, roles: ['system_admin'] });
    const admin = await signedIn(koelnAdmin);
    expect((await admin.post(`/api/v1/users/${operator.id}/disable`)).statusCode).toBe(403);
    expect((await userRow(operator.id)).status).toBe('active');
  });
});

describe('own account', () => {
  it('changes the password with the current one, checks the rules, and ends the other sessions', async () => {
    const user = await createUser(database.handle.db, {
      organisationId: koeln,
      roles: ['advisor'],
      email: 'eva.berg@koeln.example',
    });
    const [laptop, phone] = [await signedIn(user), await signedIn(user)];
    const wrong = await laptop.put('/api/v1/me/password', {
      currentPassword: 'nope',
      newPassword: 'ganz neues passwort',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ errors: [{ field: 'currentPassword', code: 'invalid_password' }] });
    const weak = await laptop.put('/api/v1/me/password', {
      currentPassword: user.password,
      newPassword: 'eva.berg@koeln.example',
    });
    expect(weak.json()).toMatchObject({ errors: [{ field: 'newPassword', code: 'password_matches_account' }] });
    const short = await laptop.put('/api/v1/me/password', { currentPassword: user.password, newPassword: 'kurz' });
    expect(short.json()).toMatchObject({ errors: [{ field: 'newPassword', code: 'password_too_short' }] });
    const hashBefore = (await userRow(user.id)).password_hash;
    const tokenBefore = laptop.token;
    expect(
      (await laptop.put('/api/v1/me/password', { currentPassword: user.password, newPassword: 'ganz neues passwort' }))
        .statusCode,
    ).toBe(204);
    expect((await userRow(user.id)).password_hash).not.toBe(hashBefore);
    expect(laptop.token).not.toBe(tokenBefore);
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(200);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    expect((await browser().login({ email: user.email, password: 'ganz neues passwort' })).statusCode).toBe(200);
  });

  it('works in one municipality at a time, switching among its own only; teams come from that tenant', async () => {
    const staff = await createUser(database.handle.db, {
      organisationId: provider,
      roles: ['provider_staff'],
      totp: true,
    });
    const tab = await signedIn(staff);
    const me = (await tab.get('/api/v1/me')).json() as {
      municipalities: { id: string; name: string }[];
      activeMunicipalityId: string;
    };
    expect(me.municipalities.map((m) => m.name)).toEqual(['Bonn', 'Köln']);
    expect(me.activeMunicipalityId).toBe(bonn);
    expect((await tab.put('/api/v1/me/active-municipality', { municipalityId: koeln })).statusCode).toBe(204);
    expect((await tab.get('/api/v1/me')).json()).toMatchObject({ activeMunicipalityId: koeln });
    const foreign = await createOrganisation(database.handle.db, 'municipality', 'Dortmund');
    expect((await tab.put('/api/v1/me/active-municipality', { municipalityId: foreign })).statusCode).toBe(400);

    // Team memberships are tenant rows: the actor sees those of the active municipality only.
    const db = database.handle.db;
    const teamOf = async (municipalityId: string, name: string) =>
      withTenant(db, { municipalityId, userId: null }, async (trx) => {
        const team = await trx
          .insertInto('team')
          .values({ municipality_id: municipalityId, name })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('team_member')
          .values({ municipality_id: municipalityId, team_id: team.id, user_id: staff.id })
          .execute();
        return team.id;
      });
    const koelnTeam = await teamOf(koeln, 'Team Nord');
    await teamOf(bonn, 'Team Süd');
    const auth = createAuthService({
      db,
      now: clock.now,
      secrets: createSecretBox(TEST_SECRET_KEY),
      audit: appendAudit,
    });
    const resolved = await auth.resolve(tab.token ?? '');
    expect(resolved?.actor).toMatchObject({
      activeMunicipalityId: koeln,
      teamIds: [koelnTeam],
      municipalityIds: [bonn, koeln],
    });
  });

  it('regenerates recovery codes only after a step-up', async () => {
    const user = await createUser(database.handle.db, { organisationId: koeln, roles: ['coach'], totp: true });
    const tab = await signedIn(user);
    expect((await tab.post('/api/v1/me/second-factor/recovery-codes')).statusCode).toBe(200);
    clock.advance(6 * 60_000);
    expect((await tab.post('/api/v1/me/second-factor/recovery-codes')).json()).toMatchObject({
      code: 'reauthentication_required',
    });
    await tab.post('/api/v1/auth/reauthenticate', { password: user.password, code: codeFor(user, clock) });
    const codes = (await tab.post('/api/v1/me/second-factor/recovery-codes')).json() as { codes: string[] };
    expect(codes.codes).toHaveLength(10);
  });
});

describe('resetting a lost second factor', () => {
  async function changedFieldsOf(userId: string, action: string): Promise<string[][]> {
    const client = new pg.Client({ connectionString: database.adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ changed_fields: string[] }>(
        'select changed_fields from audit_log where resource_id = $1 and action = $2 order by seq',
        [userId, action],
      );
      return rows.map((row) => row.changed_fields);
    } finally {
      await client.end();
    }
  }

  it('clears authenticator and recovery codes, ends every session, is audited; the next login enrols again', async () => {
    const db = database.handle.db;
    const coach = await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true });
    const laptop = await signedIn(coach);
    clock.advance(30_000); // a TOTP code counts once: the second device signs in with the next one
    const phone = await signedIn(coach);
    // The coach had recovery codes and a last used step (from signing in).
    expect((await laptop.post('/api/v1/me/second-factor/recovery-codes')).statusCode).toBe(200);
    expect((await userRow(coach.id)).totp_last_used_step).not.toBeNull();

    const admin = await signedIn(koelnAdmin);
    const version = (await userRow(coach.id)).version;
    const reset = await admin.post(`/api/v1/users/${coach.id}/second-factor/reset`, undefined, {
      'if-match': `"${version}"`,
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ secondFactorEnabled: false, version: version + 1 });
    expect(await userRow(coach.id)).toMatchObject({
      totp_secret_encrypted: null,
      totp_enabled_at: null,
      totp_last_used_step: null,
      totp_pending_secret_encrypted: null,
      totp_pending_created_at: null,
    });
    const codes = await db
      .selectFrom('user_recovery_code')
      .select('code_hash')
      .where('user_id', '=', coach.id)
      .execute();
    expect(codes).toEqual([]);

    expect((await laptop.get('/api/v1/me')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    const sessions = await db
      .selectFrom('user_session')
      .select(['revoked_reason'])
      .where('user_id', '=', coach.id)
      .execute();
    expect(sessions.map((s) => s.revoked_reason)).toEqual(['second_factor_reset', 'second_factor_reset']);

    expect(await auditActions(database.adminUrl, coach.id)).toContainEqual({
      action: 'user.second_factor_reset',
      outcome: 'success',
    });
    expect(await changedFieldsOf(coach.id, 'user.second_factor_reset')).toEqual([
      ['totpSecret', 'totpLastUsedStep', 'recoveryCodes'],
    ]);

    // A coach needs a second factor: the next login goes straight to enrolment, the old code is not asked for.
    const next = browser();
    expect((await next.login(coach)).json()).toMatchObject({ stage: 'enrolment' });
    expect((await next.get('/api/v1/me')).json()).toMatchObject({ code: 'second_factor_enrolment_required' });

    // Nothing left to reset.
    expect((await admin.post(`/api/v1/users/${coach.id}/second-factor/reset`)).statusCode).toBe(409);
  });

  it('needs a step-up, and is refused for the own account and for another municipality', async () => {
    const db = database.handle.db;
    const coach = await createUser(db, { organisationId: koeln, roles: ['coach'], totp: true });
    const bonnAdmin = await createUser(db, { organisationId: bonn, roles: ['municipal_admin'] });
    const secretBefore = (await userRow(coach.id)).totp_secret_encrypted;

    const own = await (await signedIn(koelnAdmin)).post(`/api/v1/users/${koelnAdmin.id}/second-factor/reset`);
    expect(own.statusCode).toBe(403);

    // Another municipality's account does not exist for them.
    const foreign = await (await signedIn(bonnAdmin)).post(`/api/v1/users/${coach.id}/second-factor/reset`);
    expect(foreign.statusCode).toBe(404);

    const admin = await signedIn(koelnAdmin);
    clock.advance(6 * 60_000);
    const late = await admin.post(`/api/v1/users/${coach.id}/second-factor/reset`);
    expect(late.statusCode).toBe(401);
    expect(late.json()).toMatchObject({ code: 'reauthentication_required' });
    expect((await userRow(coach.id)).totp_secret_encrypted).toBe(secretBefore);

    expect((await admin.post('/api/v1/auth/reauthenticate', { password: koelnAdmin.password })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/users/${coach.id}/second-factor/reset`)).statusCode).toBe(200);
    expect((await userRow(coach.id)).totp_secret_encrypted).toBeNull();
  });
});

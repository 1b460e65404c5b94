import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditActions as auditActionsOf,
  Browser,
  buildAccountsApp,
  codeFor,
  createOrganisation,
  createUser,
  FakeClock,
  PLAIN_COOKIE,
  type TestUser,
} from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { HttpServer } from '../platform/http/server.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();
let municipalityId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  municipalityId = await createOrganisation(database.handle.db);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const MINUTE = 60_000;
let ipCounter = 0;
/** A fresh client address per test, so that the per-IP limit of one test does not spill into the next. */
function freshBrowser(): Browser {
  ipCounter += 1;
  return new Browser(app, `198.51.100.${ipCounter}`);
}

async function analyst(): Promise<TestUser> {
  return createUser(database.handle.db, { organisationId: municipalityId, roles: ['municipal_admin'] });
}

async function coachWithTotp(): Promise<TestUser> {
  return createUser(database.handle.db, { organisationId: municipalityId, roles: ['coach'], totp: true });
}

async function auditActions(userId: string) {
  return auditActionsOf(database.adminUrl, userId);
}

describe('login', () => {
  it('signs in with the right password and sets an HttpOnly SameSite=Lax session cookie', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    const response = await browser.login(user);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'active', user: { id: user.id, email: user.email } });
    const cookie = response.cookies.find((c) => c.name === PLAIN_COOKIE);
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await browser.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: user.id,
      roles: ['municipal_admin'],
      municipalities: [{ id: municipalityId }],
    });
    // The permissions of the roles, for the web's hints: municipal administrators manage accounts, never cases.
    const granted = (me.json() as { permissions: { action: string; resource: string; scope: string }[] }).permissions;
    expect(granted).toContainEqual({ action: 'manage', resource: 'user', scope: 'municipality' });
    expect(
      granted.filter((permission) => permission.resource === 'case' || permission.resource === 'participant'),
    ).toEqual([]);
    expect(await auditActions(user.id)).toContainEqual({ action: 'auth.login', outcome: 'success' });
  });

  it('stores only a hash of the session token', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    const rows = await database.handle.db
      .selectFrom('user_session')
      .select('token_hash')
      .where('user_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.token_hash).not.toContain(browser.token);
  });

  it('refuses a wrong password and an unknown address with the same answer', async () => {
    const user = await analyst();
    const wrong = await freshBrowser().login({ email: user.email, password: 'not the password' });
    const unknown = await freshBrowser().login({ email: 'nobody@example.org', password: 'not the password' });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({
        code: 'unauthenticated',
        detail: 'The e-mail address or the password is wrong.',
      });
      expect(response.cookies.find((c) => c.name === PLAIN_COOKIE)).toBeUndefined();
    }
    expect(await auditActions(user.id)).toContainEqual({ action: 'auth.login', outcome: 'failure' });
  });

  it('finds the account whatever the letter case of the address', async () => {
    const user = await analyst();
    const response = await freshBrowser().login({ email: user.email.toUpperCase(), password: user.password });
    expect(response.statusCode).toBe(200);
  });

  it('refuses disabled and not yet activated accounts even with the right password', async () => {
    const disabled = await createUser(database.handle.db, {
      organisationId: municipalityId,
      roles: ['coach'],
      status: 'disabled',
    });
    const invited = await createUser(database.handle.db, {
      organisationId: municipalityId,
      roles: ['coach'],
      status: 'invited',
    });
    expect((await freshBrowser().login(disabled)).statusCode).toBe(401);
    expect((await freshBrowser().login(invited)).statusCode).toBe(401);
  });

  it('rejects malformed input with field errors', async () => {
    const response = await freshBrowser().post('/api/v1/auth/login', { email: '', password: '', extra: 1 });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { code: string; errors: { field: string }[] };
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e) => e.field).sort()).toEqual(['', 'email', 'password']);
  });
});

describe('brute-force protection', () => {
  it('refuses the 6th wrong password within a minute with 429 and Retry-After', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await browser.login({ email: user.email, password: `wrong ${attempt}` })).statusCode).toBe(401);
    }
    const sixth = await browser.login({ email: user.email, password: 'wrong 6' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json()).toMatchObject({ code: 'too_many_requests', status: 429 });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Even the right password waits until the delay is over.
    expect((await browser.login(user)).statusCode).toBe(429);
    clock.advance(MINUTE);
    expect((await browser.login(user)).statusCode).toBe(200);
  });

  it('limits an account across IP addresses, and backs off exponentially', async () => {
    const user = await analyst();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await freshBrowser().login({ email: user.email, password: `wrong ${attempt}` })).statusCode).toBe(401);
    }
    const refused = await freshBrowser().login(user);
    expect(refused.statusCode).toBe(429);
    clock.advance(MINUTE);
    expect((await freshBrowser().login({ email: user.email, password: 'wrong 6' })).statusCode).toBe(401);
    // The 6th failure doubles the wait to two minutes.
    const afterSixth = await freshBrowser().login(user);
    expect(afterSixth.statusCode).toBe(429);
    expect(Number(afterSixth.headers['retry-after'])).toBe(120);
    clock.advance(2 * MINUTE);
    expect((await freshBrowser().login(user)).statusCode).toBe(200);
  });

  it('limits an IP address across accounts', async () => {
    const browser = freshBrowser();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const other = await analyst();
      expect((await browser.login({ email: other.email, password: 'wrong' })).statusCode).toBe(401);
    }
    const user = await analyst();
    expect((await browser.login(user)).statusCode).toBe(429);
    expect((await freshBrowser().login(user)).statusCode).toBe(200);
    clock.advance(MINUTE);
  });

  it('keeps the count in the database, so that every app instance sees it', async () => {
    const other = await buildAccountsApp(database, { clock });
    try {
      const user = await analyst();
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const instance = attempt % 2 === 0 ? app : other;
        expect(
          (await new Browser(instance, `192.0.2.${attempt}`).login({ email: user.email, password: 'x' })).statusCode,
        ).toBe(401);
      }
      expect((await new Browser(other, '192.0.2.99').login(user)).statusCode).toBe(429);
      expect((await new Browser(app, '192.0.2.98').login(user)).statusCode).toBe(429);
      clock.advance(MINUTE);
    } finally {
      await other.close();
    }
  });
});

describe('second factor', () => {
  it('asks for the code after the password; until then the session reaches nothing else', async () => {
    const user = await coachWithTotp();
    const browser = freshBrowser();
    const first = await browser.post('/api/v1/auth/login', { email: user.email, password: user.password });
    expect(first.json()).toMatchObject({ stage: 'second_factor' });
    const me = await browser.get('/api/v1/me');
    expect(me.statusCode).toBe(401);
    expect(me.json()).toMatchObject({ code: 'second_factor_required' });
    const tokenBefore = browser.token;
    const second = await browser.post('/api/v1/auth/login/second-factor', { code: codeFor(user, clock) });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ stage: 'active' });
    expect(browser.token).not.toBe(tokenBefore);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('accepts a TOTP code only once', async () => {
    const user = await coachWithTotp();
    const code = codeFor(user, clock);
    const first = freshBrowser();
    await first.post('/api/v1/auth/login', { email: user.email, password: user.password });
    expect((await first.post('/api/v1/auth/login/second-factor', { code })).statusCode).toBe(200);
    const second = freshBrowser();
    await second.post('/api/v1/auth/login', { email: user.email, password: user.password });
    const reused = await second.post('/api/v1/auth/login/second-factor', { code });
    expect(reused.statusCode).toBe(401);
    expect(reused.json()).toMatchObject({ errors: [{ field: 'code', code: 'invalid_code' }] });
    // The next time step's code works.
    clock.advance(30_000);
    expect((await second.post('/api/v1/auth/login/second-factor', { code: codeFor(user, clock) })).statusCode).toBe(
      200,
    );
  });

  it('accepts each recovery code once', async () => {
    const user = await createUser(database.handle.db, { organisationId: municipalityId, roles: ['coach'] });
    const browser = freshBrowser();
    await browser.login(user);
    // Not yet enrolled: the coach's session reaches only the enrolment.
    expect((await browser.get('/api/v1/me')).json()).toMatchObject({ code: 'second_factor_enrolment_required' });
    const enrolment = (await browser.post('/api/v1/me/second-factor/enrolment')).json() as {
      secret: string;
      qrCode: string;
      uri: string;
    };
    expect(enrolment.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    const stored = await database.handle.db
      .selectFrom('app_user')
      .select('totp_pending_secret_encrypted')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.totp_pending_secret_encrypted).not.toContain(enrolment.secret);
    const confirmed = await browser.post('/api/v1/me/second-factor/enrolment/confirm', {
      code: codeFor({ ...user, totpSecret: enrolment.secret }, clock),
    });
    expect(confirmed.statusCode).toBe(200);
    const { codes } = confirmed.json() as { codes: string[] };
    expect(codes).toHaveLength(10);
    expect((await browser.get('/api/v1/me')).json()).toMatchObject({
      secondFactor: { enabled: true, recoveryCodesRemaining: 10 },
    });

    const recovery = codes[0] ?? '';
    const first = freshBrowser();
    await first.post('/api/v1/auth/login', { email: user.email, password: user.password });
    expect((await first.post('/api/v1/auth/login/second-factor', { code: recovery.toLowerCase() })).statusCode).toBe(
      200,
    );
    const second = freshBrowser();
    await second.post('/api/v1/auth/login', { email: user.email, password: user.password });
    expect((await second.post('/api/v1/auth/login/second-factor', { code: recovery })).statusCode).toBe(401);
    expect((await first.get('/api/v1/me')).json()).toMatchObject({ secondFactor: { recoveryCodesRemaining: 9 } });
  });

  it('does not demand a second factor from demo accounts', async () => {
    const user = await createUser(database.handle.db, {
      organisationId: municipalityId,
      roles: ['coach'],
      isDemo: true,
    });
    const browser = freshBrowser();
    expect((await browser.login(user)).json()).toMatchObject({ stage: 'active' });
    expect((await browser.get('/api/v1/me')).json()).toMatchObject({ isDemo: true, secondFactor: { required: false } });
  });

  it('counts wrong codes against the account like wrong passwords', async () => {
    const user = await coachWithTotp();
    const browser = freshBrowser();
    await browser.post('/api/v1/auth/login', { email: user.email, password: user.password });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await browser.post('/api/v1/auth/login/second-factor', { code: '000000' })).statusCode).toBe(401);
    }
    expect((await browser.post('/api/v1/auth/login/second-factor', { code: codeFor(user, clock) })).statusCode).toBe(
      429,
    );
    expect((await freshBrowser().login(user)).statusCode).toBe(429);
    clock.advance(MINUTE);
  });
});

describe('session lifetime', () => {
  it('ends after 15 minutes idle', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    clock.advance(14 * MINUTE);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    clock.advance(14 * MINUTE);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    clock.advance(15 * MINUTE);
    const expired = await browser.get('/api/v1/me');
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'unauthenticated' });
    // The stale cookie is cleared.
    expect(expired.cookies.find((c) => c.name === PLAIN_COOKIE)?.value).toBe('');
  });

  it('is not kept alive by polling public endpoints (status, sign-in state)', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    for (let minute = 0; minute < 16; minute += 2) {
      clock.advance(2 * MINUTE);
      expect((await browser.get('/api/v1/auth/session')).statusCode).toBe(200);
      await browser.get('/api/v1/system/status');
    }
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/auth/session')).json()).toEqual({ stage: null, user: null });
  });

  it('ends 10 hours after the login even when used all the time', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    for (let hour = 0; hour < 10 * 6 - 1; hour += 1) {
      clock.advance(10 * MINUTE);
      expect((await browser.get(hour % 2 === 0 ? '/api/v1/me' : '/api/v1/me/sessions')).statusCode).toBe(200);
    }
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    clock.advance(10 * MINUTE);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('gives a new token at every login and ends the session the browser had', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    const old = browser.token;
    await browser.login(user);
    expect(browser.token).not.toBe(old);
    const stale = new Browser(app, browser.ip);
    stale.token = old;
    expect((await stale.get('/api/v1/me')).statusCode).toBe(401);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('logs out: the token stops working and the cookie is cleared', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    const token = browser.token;
    const response = await browser.post('/api/v1/auth/logout');
    expect(response.statusCode).toBe(204);
    expect(browser.token).toBeUndefined();
    const replay = new Browser(app, browser.ip);
    replay.token = token;
    expect((await replay.get('/api/v1/me')).statusCode).toBe(401);
    expect(await auditActions(user.id)).toContainEqual({ action: 'auth.logout', outcome: 'success' });
  });

  it('logs out everywhere', async () => {
    const user = await analyst();
    const [laptop, phone] = [freshBrowser(), freshBrowser()];
    await laptop.login(user);
    await phone.login(user);
    const sessions = (await laptop.get('/api/v1/me/sessions')).json() as { items: { current: boolean }[] };
    expect(sessions.items).toHaveLength(2);
    expect(sessions.items.filter((s) => s.current)).toHaveLength(1);
    const ended = await laptop.post('/api/v1/me/sessions/end-all');
    expect(ended.json()).toEqual({ revoked: 2 });
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(401);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('ends one chosen session', async () => {
    const user = await analyst();
    const [laptop, phone] = [freshBrowser(), freshBrowser()];
    await laptop.login(user);
    await phone.login(user);
    const sessions = (await laptop.get('/api/v1/me/sessions')).json() as { items: { id: string; current: boolean }[] };
    const other = sessions.items.find((s) => !s.current);
    expect((await laptop.delete(`/api/v1/me/sessions/${other?.id}`)).statusCode).toBe(204);
    expect((await phone.get('/api/v1/me')).statusCode).toBe(401);
    expect((await laptop.get('/api/v1/me')).statusCode).toBe(200);
    // Not someone else's session.
    const stranger = await analyst();
    const strangerBrowser = freshBrowser();
    await strangerBrowser.login(stranger);
    const mine = (await laptop.get('/api/v1/me/sessions')).json() as { items: { id: string }[] };
    expect((await strangerBrowser.delete(`/api/v1/me/sessions/${mine.items[0]?.id}`)).statusCode).toBe(404);
  });

  it('uses the __Host- cookie with Secure behind a TLS proxy', async () => {
    const tlsApp = await buildAccountsApp(database, { clock, trustProxy: true });
    try {
      const user = await analyst();
      const response = await tlsApp.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https', 'sec-fetch-site': 'same-origin' },
        payload: { email: user.email, password: user.password },
      });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === '__Host-durchstarten_session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, path: '/', sameSite: 'Lax' });
      expect(cookie).not.toHaveProperty('domain');
      const me = await tlsApp.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { 'x-forwarded-proto': 'https', cookie: `__Host-durchstarten_session=${cookie?.value}` },
      });
      expect(me.statusCode).toBe(200);
      // A cookie under the plain name is not accepted over HTTPS.
      const plain = await tlsApp.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { 'x-forwarded-proto': 'https', cookie: `${PLAIN_COOKIE}=${cookie?.value}` },
      });
      expect(plain.statusCode).toBe(401);
    } finally {
      await tlsApp.close();
    }
  });
});

describe('step-up re-authentication', () => {
  it('is recent right after the login, expires after 5 minutes, and is renewed with the password and code', async () => {
    const admin = await createUser(database.handle.db, {
      organisationId: municipalityId,
      roles: ['municipal_admin'],
      totp: true,
    });
    const target = await createUser(database.handle.db, { organisationId: municipalityId, roles: ['coach'] });
    const browser = freshBrowser();
    await browser.login(admin, clock, admin);
    const change = () => browser.put(`/api/v1/users/${target.id}/roles`, { roles: ['coach', 'advisor'] });
    expect((await change()).statusCode).toBe(200);
    clock.advance(5 * MINUTE + 1000);
    const stale = await change();
    expect(stale.statusCode).toBe(401);
    expect(stale.json()).toMatchObject({ code: 'reauthentication_required' });

    const withoutCode = await browser.post('/api/v1/auth/reauthenticate', { password: admin.password });
    expect(withoutCode.statusCode).toBe(400);
    expect(withoutCode.json()).toMatchObject({ errors: [{ field: 'code', code: 'required' }] });
    const wrongPassword = await browser.post('/api/v1/auth/reauthenticate', {
      password: 'nope',
      code: codeFor(admin, clock),
    });
    expect(wrongPassword.statusCode).toBe(401);
    clock.advance(30_000);
    const ok = await browser.post('/api/v1/auth/reauthenticate', {
      password: admin.password,
      code: codeFor(admin, clock),
    });
    expect(ok.statusCode).toBe(200);
    expect(new Date((ok.json() as { validUntil: string }).validUntil).getTime()).toBe(
      clock.current.getTime() + 5 * MINUTE,
    );
    expect((await change()).statusCode).toBe(200);
    expect(await auditActions(admin.id)).toContainEqual({ action: 'auth.reauthenticate', outcome: 'success' });
  });
});

describe('CSRF', () => {
  it('refuses state-changing requests from other sites', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    const crossSite = await browser.post('/api/v1/me/sessions/end-all', {}, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.statusCode).toBe(403);
    expect(crossSite.json()).toMatchObject({ code: 'forbidden' });
    const sameSite = await browser.post('/api/v1/auth/logout', {}, { 'sec-fetch-site': 'same-site' });
    expect(sameSite.statusCode).toBe(403);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('falls back to Origin, and refuses a cookie-carrying request that has neither header', async () => {
    const user = await analyst();
    const browser = freshBrowser();
    await browser.login(user);
    const cookie = `${PLAIN_COOKIE}=${browser.token}`;
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    const bare = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(bare.statusCode).toBe(403);
    expect((await browser.get('/api/v1/me')).statusCode).toBe(200);
    const own = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, origin: 'http://localhost:80' },
    });
    expect(own.statusCode).toBe(204);
  });

  it('lets non-browser clients without a cookie through (nothing to forge)', async () => {
    const user = await analyst();
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.51.100.250',
      payload: { email: user.email, password: user.password },
    });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a cross-site login (login CSRF)', async () => {
    const user = await analyst();
    const response = await freshBrowser().post(
      '/api/v1/auth/login',
      { email: user.email, password: user.password },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(response.statusCode).toBe(403);
  });
});

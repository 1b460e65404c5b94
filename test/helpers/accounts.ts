// Accounts for tests: organisations and users created straight in the database, an app with a fake
// clock and a known key, and a small browser-like client that keeps the session cookie.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Role } from '../../src/access/access.rules.ts';
import { hashPassword } from '../../src/accounts/password-hashing.ts';
import { generateTotpSecret, totpCodeAt } from '../../src/accounts/totp.ts';
import type { UserStatus } from '../../src/accounts/user.table.ts';
import { buildApp } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import type { OrganisationKind } from '../../src/organisations/organisation.table.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSecretBox } from '../../src/platform/secrets.ts';
import type { TestDatabase } from './database.ts';

export const TEST_SECRET_KEY = Buffer.alloc(32, 42);
export const PLAIN_COOKIE = 'durchstarten_session';

/** A clock the test moves by hand. */
/** The organisation kind a test account of each role belongs to (one of rolesByOrganisationKind's fits). */
export const HOME_ORGANISATION_OF_ROLE: Readonly<Record<Role, OrganisationKind>> = {
  system_admin: 'ministry',
  ministry_analyst: 'ministry',
  grant_officer: 'approving_authority',
  municipal_admin: 'municipality',
  managing_office: 'municipality',
  participation_manager: 'municipality',
  coach: 'municipality',
  provider_staff: 'provider',
  alliance_member: 'alliance_member',
  advisor: 'municipality',
};

export class FakeClock {
  current: Date;
  constructor(start = new Date('2026-11-29T08:00:00Z')) {
    this.current = start;
  }
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export async function buildAccountsApp(
  database: TestDatabase,
  options: { clock?: FakeClock; trustProxy?: boolean } = {},
): Promise<HttpServer> {
  const trustProxy = options.trustProxy === undefined ? database.config.trustProxy : options.trustProxy ? 1 : 0;
  const config = { ...database.config, trustProxy };
  const app = await buildApp({
    config,
    logger: createLogger(config),
    database: database.handle,
    webRoot: '/nonexistent-web-root',
    secretKey: TEST_SECRET_KEY,
    ...(options.clock ? { now: options.clock.now } : {}),
  });
  await app.ready();
  return app;
}

export async function createOrganisation(
  db: Kysely<Database>,
  kind: OrganisationKind = 'municipality',
  name = `Gemeinde ${randomUUID().slice(0, 8)}`,
): Promise<string> {
  const row = await db
    .insertInto('organisation')
    .values({ kind, name, municipality_kind: kind === 'municipality' ? 'district_free_city' : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export async function createUser(
  db: Kysely<Database>,
  options: {
    organisationId: string;
    roles: Role[];
    email?: string;
    password?: string;
    totp?: boolean;
    status?: UserStatus;
    isDemo?: boolean;
    passwordChangeRequired?: boolean;
  },
): Promise<TestUser> {
  const email = options.email ?? `user-${randomUUID().slice(0, 8)}@example.org`;
  const password = options.password ?? 'lantern orbit salt';
  const id = randomUUID();
  const totpSecret = options.totp ? generateTotpSecret() : null;
  await db
    .insertInto('app_user')
    .values({
      id,
      organisation_id: options.organisationId,
      email,
      display_name: `Test ${email.split('@')[0]}`,
      password_hash: await hashPassword(password),
      password_changed_at: new Date(),
      password_change_required: options.passwordChangeRequired ?? false,
      status: options.status ?? 'active',
      totp_secret_encrypted: totpSecret ? createSecretBox(TEST_SECRET_KEY).seal(totpSecret, `totp:${id}`) : null,
      totp_enabled_at: totpSecret ? new Date() : null,
      totp_last_used_step: null,
      totp_pending_secret_encrypted: null,
      totp_pending_created_at: null,
      is_demo: options.isDemo ?? false,
    })
    .execute();
  if (options.roles.length > 0) {
    await db
      .insertInto('user_role')
      .values(options.roles.map((role) => ({ user_id: id, role })))
      .execute();
  }
  return { id, email, password, totpSecret };
}

export function codeFor(user: TestUser, clock: FakeClock, offsetMs = 0): string {
  if (!user.totpSecret) throw new Error('user has no TOTP');
  return totpCodeAt(user.totpSecret, new Date(clock.current.getTime() + offsetMs));
}

interface InjectResult {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: () => unknown;
  cookies: { name: string; value: string; [key: string]: unknown }[];
}

/** A browser tab: same-origin requests, the session cookie kept between requests. */
export class Browser {
  token: string | undefined;
  readonly app: HttpServer;
  readonly ip: string;

  constructor(app: HttpServer, ip = '203.0.113.10') {
    this.app = app;
    this.ip = ip;
  }

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<InjectResult> {
    const response = (await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        'sec-fetch-site': 'same-origin',
        'user-agent': 'Mozilla/5.0 (test)',
        ...(this.token ? { cookie: `${PLAIN_COOKIE}=${this.token}` } : {}),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })) as unknown as InjectResult;
    const cookie = response.cookies.find((c) => c.name === PLAIN_COOKIE);
    if (cookie) this.token = cookie.value === '' ? undefined : cookie.value;
    return response;
  }

  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, payload: unknown = {}, headers?: Record<string, string>) =>
    this.request('POST', url, payload, headers);
  put = (url: string, payload: unknown = {}, headers?: Record<string, string>) =>
    this.request('PUT', url, payload, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);

  async login(user: { email: string; password: string }, clock?: FakeClock, totpUser?: TestUser) {
    const response = await this.post('/api/v1/auth/login', { email: user.email, password: user.password });
    if (response.statusCode !== 200) return response;
    const state = response.json() as { stage: string };
    if (state.stage === 'second_factor' && totpUser && clock) {
      return this.post('/api/v1/auth/login/second-factor', { code: codeFor(totpUser, clock) });
    }
    return response;
  }
}

/** Actions and outcomes of the audit log (both chains) by or about a user, read with the admin connection. */
export async function auditActions(adminUrl: string, userId: string): Promise<{ action: string; outcome: string }[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ action: string; outcome: string }>(
      `select action, outcome from (
         select action, outcome, occurred_at, seq from audit_log where actor_user_id = $1 or resource_id = $1::text
         union all
         select action, outcome, occurred_at, seq from system_audit_log where actor_user_id = $1 or resource_id = $1::text
       ) entries order by occurred_at, seq`,
      [userId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

// The permission matrix, generated from the route table: every /api/v1 route × every role. Each route
// declares its access (config.access); this proves the running server enforces exactly that at function
// level, and writes the matrix to docs/permission-matrix.md (a snapshot: a change shows up in review).
// Record-level checks (scope, restricted records) are proven per area and by the authorize unit tests.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mayEver, roles, type Role } from '../../src/access/access.rules.ts';
import type { RouteAccessEntry } from '../../src/accounts/auth.plugin.ts';
import type { OrganisationKind } from '../../src/organisations/organisation.table.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  FakeClock,
  HOME_ORGANISATION_OF_ROLE,
  type TestUser,
} from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const ROLE_DENIED = 'Your role does not allow this.';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();
const signedIn = new Map<Role, { browser: Browser; user: TestUser }>();

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
  const { db } = database.handle;
  const organisations = new Map<OrganisationKind, string>();
  for (const kind of new Set(Object.values(HOME_ORGANISATION_OF_ROLE)))
    organisations.set(kind, await createOrganisation(db, kind));
  let address = 10;
  for (const role of roles) {
    const user = await createUser(db, {
      organisationId: organisations.get(HOME_ORGANISATION_OF_ROLE[role]) as string,
      roles: [role],
      totp: true,
    });
    const browser = new Browser(app, `198.51.100.${address++}`);
    signedIn.set(role, { browser, user });
  }
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function ensureSignedIn(role: Role): Promise<Browser> {
  const entry = signedIn.get(role);
  if (!entry) throw new Error(`no user for ${role}`);
  if (!entry.browser.token) {
    clock.advance(31_000); // a fresh TOTP time step: codes are usable once
    const response = await entry.browser.login(entry.user, clock, entry.user);
    expect(response.statusCode, `sign-in of ${role}`).toBe(200);
  }
  return entry.browser;
}

function concreteUrl(url: string): string {
  return url.replace(/:(\w+)/g, () => randomUUID());
}

function expected(entry: RouteAccessEntry, role: Role): boolean {
  if (entry.access === 'public' || entry.access === 'authenticated' || entry.access === undefined) return true;
  return mayEver({ roles: [role] }, entry.access.action, entry.access.resource);
}

function accessLabel(entry: RouteAccessEntry): string {
  if (entry.access === undefined) return '–';
  return typeof entry.access === 'string' ? entry.access : `${entry.access.action} ${entry.access.resource}`;
}

describe('permission matrix', () => {
  it('enforces the declared access of every route for every role', async () => {
    const routes = app.routeAccessTable
      .filter((entry) => entry.url.startsWith('/api/v1/') && entry.method !== 'HEAD' && entry.access !== 'public')
      // Session-ending routes last, so that the others run signed in.
      .sort((a, b) => Number(/logout|sessions/.test(a.url)) - Number(/logout|sessions/.test(b.url)));
    expect(routes.length).toBeGreaterThan(15);

    const rows: string[] = [];
    const mismatches: string[] = [];
    for (const entry of routes) {
      const cells: string[] = [];
      for (const role of roles) {
        const allowed = expected(entry, role);
        let response = await (
          await ensureSignedIn(role)
        ).request(
          entry.method as 'GET',
          concreteUrl(entry.url),
          entry.method === 'GET' || entry.method === 'DELETE' ? undefined : {},
        );
        if (response.statusCode === 401 && allowed) {
          // The previous route ended this session (logout, revocation): sign in again and retry once.
          const browser = signedIn.get(role)?.browser;
          if (browser) browser.token = undefined;
          response = await (
            await ensureSignedIn(role)
          ).request(
            entry.method as 'GET',
            concreteUrl(entry.url),
            entry.method === 'GET' || entry.method === 'DELETE' ? undefined : {},
          );
        }
        const detail = (() => {
          try {
            return (response.json() as { detail?: string }).detail;
          } catch {
            return undefined;
          }
        })();
        const deniedByRole = response.statusCode === 403 && detail === ROLE_DENIED;
        if (allowed === deniedByRole || response.statusCode === 401 || response.statusCode >= 500) {
          mismatches.push(
            `${entry.method} ${entry.url} as ${role}: expected ${allowed ? 'allowed' : 'denied'}, got ${response.statusCode} ${detail ?? ''}`,
          );
        }
        cells.push(allowed ? '✓' : '–');
      }
      rows.push(`| \`${entry.method} ${entry.url}\` | ${accessLabel(entry)} | ${cells.join(' | ')} |`);
    }
    expect(mismatches).toEqual([]);

    const markdown = [
      '# Permission matrix',
      '',
      'Generated by `test/integration/permission-matrix.test.ts` from the route table (every `/api/v1` route',
      'declares `config.access`) and the permission table in `src/access/access.rules.ts`; the test proves that the',
      'running server enforces it (✓ = the role may call the route; – = 403). Public routes (login, status) are left',
      'out. Which records a permitted role reaches is decided by the scope of its permission (see',
      '`docs/security.md`). Do not edit by hand: run `npm run test:integration -- -u` after changing permissions.',
      '',
      `| Route | Access | ${roles.join(' | ')} |`,
      `| --- | --- | ${roles.map(() => ':---:').join(' | ')} |`,
      ...rows,
      '',
    ].join('\n');
    await expect(markdown).toMatchFileSnapshot('../../docs/permission-matrix.md');
  });
});

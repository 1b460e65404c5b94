// GET /api/v1/audit-log on the real app and database: who may search which chain, filters, pagination,
// the search recorded in the log itself, and strict query validation.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { Role } from '../access/access.rules.ts';
import { hashPassword } from '../accounts/password-hashing.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { AuditLogEntry, AuditLogPage } from './audit.schema.ts';
import { appendAudit, type AuditEntry } from './audit.service.ts';

let database: TestDatabase;
let app: HttpServer;
let cologne: string;
let bonn: string;

const PASSWORD = 'audit log test password 1';
const PARTICIPANT = '20000000-0000-4000-8000-000000000001';
const OTHER_PARTICIPANT = '20000000-0000-4000-8000-000000000002';

interface TestUser {
  id: string;
  email: string;
  roles: Role[];
  cookie: string;
}
const users: Record<'adminCologne' | 'coachCologne' | 'system' | 'other', TestUser> = {
  adminCologne: { id: '', email: 'admin@koeln.test', roles: ['municipal_admin'], cookie: '' },
  // Demo accounts skip the second factor, which the coach role needs otherwise.
  coachCologne: { id: '', email: 'coach@koeln.test', roles: ['coach'], cookie: '' },
  system: { id: '', email: 'root@land.test', roles: ['system_admin'], cookie: '' },
  other: { id: '', email: 'other@koeln.test', roles: ['coach'], cookie: '' },
};

/** Signs in through the real login route and keeps the session cookie. */
async function signIn(user: TestUser): Promise<void> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'sec-fetch-site': 'same-origin' },
    payload: { email: user.email, password: PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies[0];
  if (!cookie) throw new Error('no session cookie');
  user.cookie = `${cookie.name}=${cookie.value}`;
}

async function search(who: TestUser | null, query = '') {
  return app.inject({
    method: 'GET',
    url: `/api/v1/audit-log${query}`,
    headers: { ...(who ? { cookie: who.cookie } : {}), 'user-agent': 'audit-test/1.0' },
  });
}

async function page(who: TestUser, query = ''): Promise<AuditLogPage> {
  const response = await search(who, query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function append(municipalityId: string | null, overrides: Partial<AuditEntry>): Promise<void> {
  await withTenant(database.handle.db, { municipalityId, userId: null }, (trx) =>
    appendAudit(trx, {
      municipalityId,
      actor: { userId: users.other.id, organisationId: null, roles: ['coach'] },
      action: 'participant.read',
      resourceType: 'participant',
      outcome: 'success',
      ...overrides,
    }),
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `insert into organisation (kind, name, municipality_kind) values
         ('municipality', 'Köln', 'district_free_city'), ('municipality', 'Bonn', 'district_free_city')
       returning id`,
    );
    cologne = rows[0]?.id ?? '';
    bonn = rows[1]?.id ?? '';
    const ministry = await client.query<{ id: string }>(
      `insert into organisation (kind, name) values ('ministry', 'Ministerium (Test)') returning id`,
    );
    const hash = await hashPassword(PASSWORD);
    for (const user of Object.values(users)) {
      const organisation = user.roles.includes('system_admin') ? ministry.rows[0]?.id : cologne;
      const created = await client.query<{ id: string }>(
        `insert into app_user (organisation_id, email, display_name, password_hash, password_changed_at, status, is_demo)
         values ($1, $2, $2, $3, now(), 'active', true) returning id`,
        [organisation, user.email, hash],
      );
      user.id = created.rows[0]?.id ?? '';
      for (const role of user.roles) {
        await client.query('insert into user_role (user_id, role) values ($1, $2)', [user.id, role]);
      }
    }
  } finally {
    await client.end();
  }
  app = await buildTestApp(database);
  for (const user of [users.adminCologne, users.coachCologne, users.system]) await signIn(user);

  const coach = { userId: users.coachCologne.id, organisationId: cologne, roles: ['coach'] };
  await append(cologne, { actor: coach, participantId: PARTICIPANT });
  await append(cologne, {
    actor: coach,
    action: 'participant.update',
    participantId: PARTICIPANT,
    changedFields: ['first_name'],
  });
  await append(cologne, { participantId: OTHER_PARTICIPANT });
  await append(cologne, { action: 'case.read', resourceType: 'case', outcome: 'denied' });
  await append(bonn, { participantId: PARTICIPANT });
  await append(null, { action: 'session.login', resourceType: 'session', actor: null });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

const adminCologne = () => users.adminCologne;
const actionsOf = (items: AuditLogEntry[]) => items.map((item) => item.action);

describe('who may search which chain', () => {
  it("shows a municipal administrator their municipality's chain only, newest first", async () => {
    const result = await page(adminCologne());
    expect(result.scope).toBe('municipality');
    expect(result.items.every((item) => item.chain === `m:${cologne}`)).toBe(true);
    expect(actionsOf(result.items)).toEqual([
      'case.read',
      'participant.read',
      'participant.update',
      'participant.read',
    ]);
    const seqs = result.items.map((item) => item.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(result.items[2]).toMatchObject({
      actorUserId: users.coachCologne.id,
      participantId: PARTICIPANT,
      changedFields: ['first_name'],
      outcome: 'success',
    });
    expect(result.items[0]?.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('shows a system administrator the system chain, and never a municipality chain', async () => {
    const system = users.system;
    const result = await page(system);
    expect(result.scope).toBe('system');
    expect(result.items.every((item) => item.chain === 'system')).toBe(true);
    expect(actionsOf(result.items)).toContain('session.login');
    const refused = await search(system, '?scope=municipality');
    expect(refused.statusCode).toBe(403);
  });

  it("refuses the system chain to a municipal administrator, recorded in the administrator's chain", async () => {
    const response = await search(adminCologne(), '?scope=system');
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'forbidden' });
    const log = await page(adminCologne(), `?userId=${users.adminCologne.id}&outcome=denied`);
    expect(log.items[0]).toMatchObject({ action: 'audit_log.search', resourceId: 'system', outcome: 'denied' });
    expect(log.items[0]?.details).toMatchObject({ scope: 'system' });
  });

  it('refuses a coach; the denial is in the system chain', async () => {
    const response = await search(users.coachCologne);
    expect(response.statusCode).toBe(403);
    const log = await page(users.system, `?userId=${users.coachCologne.id}&outcome=denied`);
    expect(log.items[0]).toMatchObject({ actorRoles: ['coach'], resourceType: 'audit_log', action: 'read' });
  });

  it('answers 401 without a signed-in actor', async () => {
    const response = await search(null);
    expect(response.statusCode).toBe(401);
  });
});

describe('filters and pagination', () => {
  it('filters by participant, user, resource type, action and outcome', async () => {
    const who = adminCologne();
    expect(actionsOf((await page(who, `?participantId=${PARTICIPANT}`)).items)).toEqual([
      'participant.update',
      'participant.read',
    ]);
    const byUser = await page(who, `?userId=${users.coachCologne.id}&resourceType=participant`);
    expect(byUser.items.map((i) => i.actorUserId)).toEqual([users.coachCologne.id, users.coachCologne.id]);
    expect(actionsOf((await page(who, '?resourceType=case')).items)).toEqual(['case.read']);
    expect(actionsOf((await page(who, '?action=participant.update')).items)).toEqual(['participant.update']);
    expect(actionsOf((await page(who, '?outcome=denied&resourceType=case')).items)).toEqual(['case.read']);
  });

  it('filters by period: from inclusive, to exclusive', async () => {
    const who = adminCologne();
    const all = (await page(who, '?resourceType=participant')).items;
    const oldest = all.at(-1);
    if (!oldest) throw new Error('no entries');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await page(who, `?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const until = await page(who, `?resourceType=participant&to=${encodeURIComponent(oldest.occurredAt)}`);
    expect(until.items).toEqual([]);
    const since = await page(who, `?resourceType=participant&from=2020-01-01T00:00:00%2B01:00`);
    expect(since.items).toHaveLength(all.length);
  });

  it('pages with a cursor until the last page', async () => {
    const who = adminCologne();
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const result: AuditLogPage = await page(
        who,
        `?resourceType=participant&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(result.items.length).toBeLessThanOrEqual(2);
      seen.push(...result.items.map((item) => item.seq));
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(3);
  });

  it('records every search in the log, with the filters used but no result data', async () => {
    const who = adminCologne();
    await page(who, `?participantId=${OTHER_PARTICIPANT}&from=2020-01-01T00:00:00Z`);
    const log = await page(who, `?userId=${users.adminCologne.id}&action=audit_log.search&limit=1`);
    expect(log.items[0]).toMatchObject({
      actorUserId: users.adminCologne.id,
      actorRoles: ['municipal_admin'],
      resourceType: 'audit_log',
      resourceId: `m:${cologne}`,
      participantId: OTHER_PARTICIPANT,
      outcome: 'success',
      userAgent: 'audit-test/1.0',
      ip: '127.0.0.1',
    });
    expect(log.items[0]?.details).toMatchObject({ scope: 'municipality', from: '2020-01-01T00:00:00Z', results: 1 });
    expect(log.items[0]?.requestId).toBeTruthy();
  });
});

describe('API description', () => {
  it('lists the route and its query parameters in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    }>();
    const parameters = document.paths['/api/v1/audit-log']?.get.parameters ?? [];
    expect(parameters.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining([
        'scope',
        'userId',
        'participantId',
        'resourceType',
        'action',
        'from',
        'to',
        'cursor',
        'limit',
      ]),
    );
  });
});

describe('bad input', () => {
  it.each([
    ['?userId=nobody', 'userId'],
    ['?participantId=1', 'participantId'],
    ['?limit=101', 'limit'],
    ['?limit=0', 'limit'],
    ['?cursor=abc', 'cursor'],
    ['?from=yesterday', 'from'],
    ['?from=2026-01-01T00:00:00', 'from'],
    ['?action=Drop%20Table', 'action'],
    ['?scope=everything', 'scope'],
    ['?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
  ])('answers %s with 400 naming the field', async (query, field) => {
    const response = await search(adminCologne(), query);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ in: 'querystring', field })]));
  });

  it('rejects unknown parameters', async () => {
    const response = await search(adminCologne(), '?municipalityId=x');
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })]);
  });
});

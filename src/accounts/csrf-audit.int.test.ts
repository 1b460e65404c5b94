// Refused cross-site requests land in the system audit chain, at most once per client address per minute.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccountsApp, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import type { HttpServer } from '../platform/http/server.ts';

let database: TestDatabase;
let app: HttpServer;
const clock = new FakeClock();

interface Entry {
  outcome: string;
  actor_user_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

async function refusals(): Promise<Entry[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Entry>(
      `select outcome, actor_user_id, host(ip) as ip, details from system_audit_log
       where action = 'request.cross_site_refused' order by seq`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

function forged(ip: string, headers: Record<string, string> = { 'sec-fetch-site': 'cross-site' }) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/logout', remoteAddress: ip, headers });
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildAccountsApp(database, { clock });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('auditing refused cross-site requests', () => {
  it('records method and reason in the system chain, once per address per minute', async () => {
    for (let i = 0; i < 5; i += 1) expect((await forged('203.0.113.7')).statusCode).toBe(403);
    expect((await forged('203.0.113.8', { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect(await refusals()).toEqual([
      { outcome: 'denied', actor_user_id: null, ip: '203.0.113.7', details: { method: 'POST', reason: 'cross_site' } },
      {
        outcome: 'denied',
        actor_user_id: null,
        ip: '203.0.113.8',
        details: { method: 'POST', reason: 'origin_mismatch' },
      },
    ]);

    clock.advance(60_000);
    expect((await forged('203.0.113.7')).statusCode).toBe(403);
    expect((await forged('203.0.113.7')).statusCode).toBe(403);
    expect(await refusals()).toHaveLength(3);
  });

  it('does not audit allowed requests', async () => {
    const before = (await refusals()).length;
    const allowed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      remoteAddress: '203.0.113.9',
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(allowed.statusCode).toBeLessThan(400);
    expect(await refusals()).toHaveLength(before);
  });
});

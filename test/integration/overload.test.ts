// Limits under load, with real sockets against the real app and small limits: excess requests are refused at
// the door with a fast 503 problem and Retry-After while admitted ones finish; a full pool, a statement
// timeout and a lock timeout become 503 problems, never a bodiless 500; the server recovers afterwards.
// The slow work comes from routes that exist only in this test (pg_sleep, an advisory lock, a busy loop).
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { buildTestApp, createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let database: TestDatabase;

interface LimitedApp {
  url: string;
  handle: DatabaseHandle<Database>;
  close(): Promise<void>;
}

const opened: LimitedApp[] = [];

/** The real app on its own pool, configured with `env`, plus the test-only slow routes; listening on a port. */
async function limitedApp(env: Record<string, string>): Promise<LimitedApp> {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.adminUrl, LOG_LEVEL: 'silent', ...env });
  const handle = await openDatabase<Database>({
    config,
    logger: createLogger(config),
    migrationsFolder: MIGRATIONS_FOLDER,
    migrate: false,
  });
  const app: HttpServer = await buildTestApp({ ...database, config, handle }, (server) => {
    const query = z.strictObject({ ms: z.coerce.number().int().min(0).max(10_000) });
    server.get('/test/sleep', { schema: { querystring: query } }, async (request) => {
      await sql`select pg_sleep(${request.query.ms / 1000})`.execute(handle.db);
      return { slept: request.query.ms };
    });
    server.get(
      '/test/lock',
      { schema: { querystring: z.strictObject({ key: z.coerce.number().int() }) } },
      async (request) => {
        await handle.db
          .transaction()
          .execute((trx) => sql`select pg_advisory_xact_lock(${request.query.key})`.execute(trx));
        return { locked: request.query.key };
      },
    );
    server.get('/test/block', { schema: { querystring: query } }, async (request) => {
      // Keeps the event loop busy, as a CPU-heavy request would.
      const until = performance.now() + request.query.ms;
      while (performance.now() < until) {
        // busy
      }
      return { blocked: request.query.ms };
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const limited = {
    url: `http://127.0.0.1:${port}`,
    handle,
    async close() {
      await app.close();
      await handle.close();
    },
  };
  opened.push(limited);
  return limited;
}

interface Timed {
  status: number;
  ms: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function timedGet(url: string): Promise<Timed> {
  const started = performance.now();
  const response = await fetch(url);
  const text = await response.text();
  return {
    status: response.status,
    ms: performance.now() - started,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A 503 as RFC 9457 problem with the given code and a Retry-After. */
function expectUnavailableProblem(response: Timed, code: 'overloaded' | 'unavailable', retryAfter: string) {
  expect(response.status).toBe(503);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('retry-after')).toBe(retryAfter);
  expect(response.body).toMatchObject({ status: 503, code, type: `urn:durchstarten:problem:${code}` });
  expect(String(response.body.detail)).toMatch(/retry/i);
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const started = performance.now();
  while (!(await condition())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const app of opened) await app.close();
  await database?.close();
});

describe('load shedding on the database pool', () => {
  it('refuses excess requests at once while admitted ones finish, and recovers', async () => {
    const app = await limitedApp({
      DATABASE_POOL_MAX: '2',
      OVERLOAD_MAX_POOL_WAITING: '2',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_RETRY_AFTER_SECONDS: '3',
    });
    // Two requests hold both connections, two more wait for one: the queue is at its limit.
    const admitted = Array.from({ length: 4 }, () => timedGet(`${app.url}/test/sleep?ms=2500`));
    await waitFor(() => app.handle.poolStats().waiting === 2, 10_000, 'two queued requests');

    const excess = await Promise.all(Array.from({ length: 20 }, () => timedGet(`${app.url}/test/sleep?ms=2500`)));
    for (const response of excess) expectUnavailableProblem(response, 'overloaded', '3');
    // Refused at the door: far below the 2.5 s of work and the 30 s request timeout.
    const slowestRefusal = Math.max(...excess.map((response) => response.ms));
    expect(slowestRefusal).toBeLessThan(1_000);
    console.info(`20 excess requests refused, the slowest after ${Math.round(slowestRefusal)} ms`);

    // Liveness stays cheap and true; readiness reports the pressure without touching the database.
    const live = await timedGet(`${app.url}/healthz`);
    expect(live.status).toBe(200);
    const ready = await timedGet(`${app.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'not_ready',
      checks: {
        database: 'unknown',
        migrations: 'unknown',
        pressure: { signal: 'database_pool', value: 2, limit: 2 },
      },
    });

    const done = await Promise.all(admitted);
    expect(done.map((response) => response.status)).toEqual([200, 200, 200, 200]);
    expect(done.map((response) => response.body)).toEqual(Array.from({ length: 4 }, () => ({ slept: 2500 })));

    // Recovered: the queue is empty, new requests are served and the instance is ready again.
    expect(app.handle.poolStats().waiting).toBe(0);
    expect((await timedGet(`${app.url}/test/sleep?ms=10`)).status).toBe(200);
    expect((await timedGet(`${app.url}/readyz`)).status).toBe(200);
  });
});

describe('database limits become 503 problems', () => {
  let app: LimitedApp;
  beforeAll(async () => {
    app = await limitedApp({
      DATABASE_POOL_MAX: '1',
      // Shedding off, so that requests reach the pool and its own limits.
      OVERLOAD_MAX_POOL_WAITING: '0',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '300',
      // Above the 800 ms the pool test holds its connection, below the 5 s the statement test asks for.
      DATABASE_STATEMENT_TIMEOUT_MS: '1000',
      DATABASE_LOCK_TIMEOUT_MS: '300',
      OVERLOAD_RETRY_AFTER_SECONDS: '7',
    });
  });

  it('answers a request that gets no connection within the acquire timeout with 503 overloaded', async () => {
    const holder = timedGet(`${app.url}/test/sleep?ms=800`);
    await waitFor(() => app.handle.poolStats().idle === 0 && app.handle.poolStats().total === 1, 5_000, 'a busy pool');
    const starved = await timedGet(`${app.url}/test/sleep?ms=0`);
    expectUnavailableProblem(starved, 'overloaded', '7');
    expect(starved.ms).toBeGreaterThanOrEqual(290);
    expect(starved.ms).toBeLessThan(1_500);
    expect((await holder).status).toBe(200);
  });

  it('cancels a statement at the statement timeout and answers 503 unavailable, then serves again', async () => {
    const slow = await timedGet(`${app.url}/test/sleep?ms=5000`);
    expectUnavailableProblem(slow, 'unavailable', '7');
    expect(String(slow.body.detail)).toMatch(/took too long/);
    expect(slow.ms).toBeLessThan(3_000);
    expect((await timedGet(`${app.url}/test/sleep?ms=10`)).status).toBe(200);
  });

  it('gives up a lock wait at the lock timeout with 503 unavailable', async () => {
    const key = 424_242;
    const holder = new pg.Client({ connectionString: database.adminUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [key]);
      const blocked = await timedGet(`${app.url}/test/lock?key=${key}`);
      expectUnavailableProblem(blocked, 'unavailable', '7');
      expect(String(blocked.body.detail)).toMatch(/another request/);
      expect(blocked.ms).toBeLessThan(3_000);
      await holder.query('select pg_advisory_unlock($1)', [key]);
      expect((await timedGet(`${app.url}/test/lock?key=${key}`)).status).toBe(200);
    } finally {
      await holder.end();
    }
  });
});

describe('load shedding on the event loop', () => {
  it('refuses requests after the event loop was saturated, keeps /healthz up, and recovers', async () => {
    const app = await limitedApp({
      OVERLOAD_MAX_POOL_WAITING: '0',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '0.5',
      OVERLOAD_RETRY_AFTER_SECONDS: '2',
    });
    expect((await timedGet(`${app.url}/test/sleep?ms=0`)).status).toBe(200);
    // Two seconds of a busy loop: the next once-a-second sample sees a utilisation far above 0.5.
    expect((await timedGet(`${app.url}/test/block?ms=2000`)).status).toBe(200);
    let ready: Timed | undefined;
    await waitFor(
      async () => {
        ready = await timedGet(`${app.url}/readyz`);
        return ready.status === 503;
      },
      1_500,
      'readiness to report the pressure',
    );
    expect(ready?.body.checks).toMatchObject({ pressure: { signal: 'event_loop_utilization', limit: 0.5 } });
    const refused = await timedGet(`${app.url}/test/sleep?ms=0`);
    expectUnavailableProblem(refused, 'overloaded', '2');
    expect((await timedGet(`${app.url}/healthz`)).status).toBe(200);
    // An idle second later the sample is low again and requests are served.
    await waitFor(async () => (await timedGet(`${app.url}/test/sleep?ms=0`)).status === 200, 5_000, 'recovery');
    expect((await timedGet(`${app.url}/readyz`)).status).toBe(200);
  });
});

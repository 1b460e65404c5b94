import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Browser,
  buildAccountsApp,
  createOrganisation,
  createUser,
  TEST_SECRET_KEY,
} from '../../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { inTransaction } from '../db/commit-marks.ts';
import { createSecretBox } from '../secrets.ts';
import { IN_FLIGHT_STALE_MS, installIdempotency, requestHash } from './idempotency.ts';
import { installProblemHandlers } from './problem.ts';
import type { HttpServer } from './server.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

describe('the idempotency plugin', () => {
  let app: FastifyInstance;
  let calls = 0;
  let failNext = false;

  beforeAll(async () => {
    const server = Fastify().withTypeProvider<ZodTypeProvider>();
    server.setValidatorCompiler(validatorCompiler);
    server.setSerializerCompiler(serializerCompiler);
    installProblemHandlers(server);
    installIdempotency(server, {
      db: database.handle.db,
      secrets: createSecretBox(TEST_SECRET_KEY),
      scopeOf: (request) => (request.headers['x-test-user'] as string | undefined) ?? null,
    });
    server.post(
      '/things',
      { config: { idempotency: 'required' }, schema: { body: z.strictObject({ name: z.string().min(1) }) } },
      async (request, reply) => {
        calls += 1;
        if (failNext) {
          failNext = false;
          throw new Error('database went away');
        }
        reply.header('etag', `"${calls}"`);
        return reply.code(201).send({ id: calls, name: request.body.name });
      },
    );
    // Work that commits in a transaction, after which the answer is lost (as when the process dies between the
    // commit and the response), or work whose transaction rolls back.
    server.post(
      '/committed-things',
      {
        config: { idempotency: 'required' },
        schema: { body: z.strictObject({ name: z.string().min(1), rollback: z.boolean() }) },
      },
      async (request) => {
        calls += 1;
        await inTransaction(database.handle.db, async (trx) => {
          await sql`select 1`.execute(trx);
          if (request.body.rollback) throw new Error('the work failed before its commit');
        });
        throw new Error('the answer was lost after the commit');
      },
    );
    await server.ready();
    app = server;
  });
  afterAll(async () => app?.close());

  const post = (key: string | undefined, body: unknown, user = 'user-1') =>
    app.inject({
      method: 'POST',
      url: '/things',
      headers: { 'x-test-user': user, ...(key === undefined ? {} : { 'idempotency-key': key }) },
      payload: body as Record<string, unknown>,
    });

  it('answers a repeated request with the stored response, without running it again', async () => {
    const first = await post('key-a', { name: 'Amina' });
    expect(first.statusCode).toBe(201);
    const before = calls;
    const again = await post('key-a', { name: 'Amina' });
    expect(again.statusCode).toBe(201);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(calls).toBe(before);
  });

  it('keeps keys apart per caller', async () => {
    const other = await post('key-a', { name: 'Amina' }, 'user-2');
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses the same key with another payload (422), a missing key (400) and a malformed key (400)', async () => {
    expect((await post('key-a', { name: 'Someone else' })).statusCode).toBe(422);
    const missing = await post(undefined, { name: 'Amina' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ errors: unknown[] }>().errors).toEqual([
      expect.objectContaining({ in: 'headers', field: 'idempotency-key', code: 'required' }),
    ]);
    expect((await post('has space', { name: 'Amina' })).statusCode).toBe(400);
    expect((await post('x'.repeat(256), { name: 'Amina' })).statusCode).toBe(400);
  });

  it('answers 409 while the first request with the key is still running, and takes over a dead one', async () => {
    const body = { name: 'Running' };
    const hash = requestHash({ method: 'POST', url: '/things', body });
    const insert = (createdAt: Date) =>
      sql`insert into idempotency_key (scope, key, request_hash, state, created_at, expires_at)
          values ('user-1', ${`running-${createdAt.getTime()}`}, ${hash}, 'in_flight', ${createdAt},
                  ${new Date(Date.now() + 60_000)})`.execute(database.handle.db);
    const now = new Date();
    await insert(now);
    const running = await post(`running-${now.getTime()}`, body);
    expect(running.statusCode).toBe(409);
    expect(running.headers['retry-after']).toBe('1');
    const dead = new Date(Date.now() - IN_FLIGHT_STALE_MS - 1000);
    await insert(dead);
    expect((await post(`running-${dead.getTime()}`, body)).statusCode).toBe(201);
  });

  it('does not keep a 5xx: the retry runs again', async () => {
    failNext = true;
    expect((await post('key-b', { name: 'Retry' })).statusCode).toBe(500);
    const retry = await post('key-b', { name: 'Retry' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('never runs work again whose transaction committed, even when its answer was lost', async () => {
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/committed-things',
        headers: { 'x-test-user': 'user-1', 'idempotency-key': 'committed-1' },
        payload: { name: 'Once', rollback: false },
      });
    expect((await send()).statusCode).toBe(500);
    const state = async () =>
      (
        await sql<{ state: string }>`select state from idempotency_key where key = 'committed-1'`.execute(
          database.handle.db,
        )
      ).rows.map((row) => row.state);
    expect(await state()).toEqual(['committed']);
    const before = calls;
    const retry = await send();
    expect(retry.statusCode).toBe(409);
    expect(retry.json<{ detail: string }>().detail).toContain('carried out');
    // Not taken over like a request that died before its commit, however old the claim is.
    await sql`update idempotency_key set created_at = created_at - ${`${IN_FLIGHT_STALE_MS * 2} milliseconds`}::interval
              where key = 'committed-1'`.execute(database.handle.db);
    expect((await send()).statusCode).toBe(409);
    expect(calls).toBe(before);
  });

  it('releases the key when the transaction rolled back: the retry runs again', async () => {
    const send = () =>
      app.inject({
        method: 'POST',
        url: '/committed-things',
        headers: { 'x-test-user': 'user-1', 'idempotency-key': 'rolled-back-1' },
        payload: { name: 'Again', rollback: true },
      });
    expect((await send()).statusCode).toBe(500);
    const before = calls;
    expect((await send()).statusCode).toBe(500);
    expect(calls).toBe(before + 1);
  });

  it('stores the response sealed, not in clear', async () => {
    const rows = await sql<{ response_sealed: string }>`
      select response_sealed from idempotency_key where key = 'key-a'`.execute(database.handle.db);
    const sealed = rows.rows.map((row) => row.response_sealed);
    expect(sealed.length).toBeGreaterThan(0);
    expect(sealed.join()).not.toContain('Amina');
  });
});

describe('creating organisations with an Idempotency-Key', () => {
  let app: HttpServer;
  let admin: Browser;

  beforeAll(async () => {
    app = await buildAccountsApp(database);
    const ministry = await createOrganisation(database.handle.db, 'ministry', 'Ministerium (Idempotenz)');
    admin = new Browser(app, '203.0.113.77');
    expect(
      (await admin.login(await createUser(database.handle.db, { organisationId: ministry, roles: ['system_admin'] })))
        .statusCode,
    ).toBe(200);
  });
  afterAll(async () => app?.close());

  it('creates the organisation once, however often the client retries', async () => {
    const body = { kind: 'provider', name: 'Träger mit Wiederholung' };
    const first = await admin.post('/api/v1/organisations', body, { 'idempotency-key': 'create-provider-1' });
    const second = await admin.post('/api/v1/organisations', body, { 'idempotency-key': 'create-provider-1' });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual(first.json());
    const rows = await database.handle.db
      .selectFrom('organisation')
      .select('id')
      .where('name', '=', body.name)
      .execute();
    expect(rows).toHaveLength(1);
    const other = await admin.post(
      '/api/v1/organisations',
      { ...body, name: 'Anderer Träger' },
      { 'idempotency-key': 'create-provider-1' },
    );
    expect(other.statusCode).toBe(422);
  });

  it('still works without a key (optional on this route)', async () => {
    expect((await admin.post('/api/v1/organisations', { kind: 'provider', name: 'Ohne Schlüssel' })).statusCode).toBe(
      201,
    );
  });
});

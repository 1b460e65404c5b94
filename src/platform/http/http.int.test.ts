import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestApp, createTestDatabase, type TestDatabase } from '../../../test/helpers/database.ts';
import { AppError } from '../errors.ts';
import { BODY_LIMIT_BYTES, type HttpServer } from './server.ts';

let database: TestDatabase;
let app: HttpServer;
let echoed = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  // Routes that exist only in this test, to drive the platform's error handling with real requests.
  app = await buildTestApp(database, (server) => {
    server.post(
      '/api/test/echo',
      {
        schema: {
          body: z.strictObject({ name: z.string().min(1).max(50), age: z.number().int().min(0) }),
          querystring: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
        },
      },
      async (request) => {
        echoed += 1;
        return { name: request.body.name };
      },
    );
    server.get('/api/test/boom', async () => {
      throw new Error('secret internal detail: password=hunter2 at /srv/db.ts:42');
    });
    server.get('/api/test/conflict', async () => {
      throw new AppError('conflict', 'The record was changed by someone else.');
    });
    server.get('/api/test/leaky', { schema: { response: { 200: z.object({ id: z.number() }) } } }, async () => ({
      id: 1,
      secret: 'must not leave',
    }));
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

function expectProblem(
  response: { headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = response.json() as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:durchstarten:problem:${code}` });
  expect(typeof body.title).toBe('string');
  expect(String(body.instance)).toMatch(/^urn:durchstarten:request:/);
  return body;
}

describe('probes', () => {
  it('answers /healthz while the process is alive', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('reports ready when the database answers and migrations are current', async () => {
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'current' } });
  });

  it('shows the system status with the real database facts', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/system/status' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.name).toBe('Durchstarten');
    expect(body.database.reachable).toBe(true);
    expect(body.database.serverVersion).toMatch(/^\d+(\.\d+)?/);
    expect(body.database.migrations.pending).toBe(0);
    expect(body.database.migrations.applied).toBeGreaterThanOrEqual(1);
    expect(body.database.migrations.latest).toMatch(/^\d{8}_\d{4}_/);
  });
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document generated from the route schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/api/v1/system/status']),
    );
    const status = document.paths['/api/v1/system/status'].get.responses['200'];
    expect(JSON.stringify(status)).toContain('SystemStatus');
  });

  it('declares the refusals every route can give (bad URL or query; for bodies: cross-site, size, type)', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    expect(Object.keys(document.paths['/healthz']?.get?.responses ?? {})).toContain('400');
    const patch = Object.keys(document.paths['/api/v1/participants/{id}']?.patch?.responses ?? {});
    expect(patch).toEqual(expect.arrayContaining(['400', '403', '413', '415']));
  });

  it('serves the docs UI', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(String(response.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
  });
});

describe('bad input gets a 4xx problem and changes nothing', () => {
  it('rejects malformed JSON with 400', async () => {
    const before = echoed;
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Amina",',
    });
    expect(response.statusCode).toBe(400);
    expectProblem(response, 400, 'bad_request');
    expect(echoed).toBe(before);
  });

  it('rejects a wrong content type with 415', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'text/xml' },
      payload: '<name>Amina</name>',
    });
    expect(response.statusCode).toBe(415);
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('rejects a body over 1 MiB with 413', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(BODY_LIMIT_BYTES), age: 1 });
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(413);
    expectProblem(response, 413, 'payload_too_large');
  });

  it('lists every invalid field with its location', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      payload: { name: '', age: -1, extra: true },
    });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'validation_failed');
    const errors = body.errors as { in: string; field: string; code: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['', 'age', 'name']);
    expect(errors.every((e) => e.in === 'body')).toBe(true);
    expect(errors.find((e) => e.field === '')?.code).toBe('unrecognized_keys');
  });

  it('rejects unknown query parameters on routes with a query schema', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo?dryRun=true&debug=1',
      payload: { name: 'A', age: 20 },
    });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'validation_failed');
    expect(body.errors).toEqual([expect.objectContaining({ in: 'querystring', code: 'unrecognized_keys' })]);
  });

  it('rejects query parameters on routes that take none', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/system/status?verbose=1' });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response, 400, 'validation_failed');
    expect(body.errors).toEqual([
      { in: 'querystring', field: 'verbose', code: 'unrecognized_keys', message: 'Unknown query parameter' },
    ]);
  });

  it('answers unknown API routes with a 404 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(404);
    expectProblem(response, 404, 'not_found');
    const other = await app.inject({ method: 'DELETE', url: '/somewhere' });
    expect(other.statusCode).toBe(404);
    expectProblem(other, 404, 'not_found');
  });

  // Found by the API fuzzer: the router answered these itself, in its own JSON echoing the URL.
  it('answers broken percent-encoding and overlong path segments with a 400 problem', async () => {
    for (const url of ['/api/v1/users/%zz', '/api/v1/users/%C0%AF/enable', `/api/v1/users/${'a'.repeat(300)}`]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      const body = expectProblem(response, 400, 'bad_request');
      expect(JSON.stringify(body)).not.toContain('aaaaaaaa');
    }
  });

  it('accepts valid input', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/test/echo?dryRun=false',
      payload: { name: 'Amina', age: 21 },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ name: 'Amina' });
  });
});

describe('errors', () => {
  it('maps application errors to their status', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/conflict' });
    expect(response.statusCode).toBe(409);
    const body = expectProblem(response, 409, 'conflict');
    expect(body.detail).toBe('The record was changed by someone else.');
  });

  it('never shows internals in a 5xx', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(response.statusCode).toBe(500);
    const body = expectProblem(response, 500, 'internal');
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('db.ts');
    expect(body.instance).toBe(`urn:durchstarten:request:${String(response.headers['x-request-id'])}`);
  });

  it('treats response schemas as allow-lists: fields not declared never leave', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/test/leaky' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 1 });
    expect(response.body).not.toContain('must not leave');
  });
});

describe('headers', () => {
  it('sets security headers and no-store on API responses', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/system/status' });
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(String(response.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(String(response.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS only behind TLS', async () => {
    const plain = await app.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind one trusted proxy, believes one hop of X-Forwarded-For and the forwarded protocol', async () => {
    const proxied = await buildTestApp({ ...database, config: { ...database.config, trustProxy: 1 } }, (server) => {
      server.get('/api/test/ip', async (request) => ({ ip: request.ip, protocol: request.protocol }));
    });
    try {
      const response = await proxied.inject({
        method: 'GET',
        url: '/api/test/ip',
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-for': '203.0.113.66, 198.51.100.7', 'x-forwarded-proto': 'https' },
      });
      // The client wrote 203.0.113.66 itself; only what the proxy appended counts.
      expect(response.json()).toEqual({ ip: '198.51.100.7', protocol: 'https' });
      expect(response.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await proxied.close();
    }
    const direct = await app.inject({
      method: 'GET',
      url: '/healthz',
      remoteAddress: '198.51.100.9',
      headers: { 'x-forwarded-for': '203.0.113.66', 'x-forwarded-proto': 'https' },
    });
    expect(direct.headers['strict-transport-security']).toBeUndefined();
  });

  it('echoes a well-formed request id and replaces a malformed one', async () => {
    const kept = await app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id\nwith newline' },
    });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

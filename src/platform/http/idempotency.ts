// Idempotency-Key for creating POSTs (quality target "Reliability"): a client may retry a request safely.
//   same key, same payload, finished   → the stored response again (header Idempotent-Replayed: true)
//   same key, other payload            → 422
//   same key, still running            → 409
//   required by the route, but missing → 400
//   same key, carried out but answer lost (the server died between commit and answer) → 409, never run again
// Keys live 24 hours per caller (scope). The response is stored sealed with the secret key. The request's own
// transaction marks its key "committed" (platform/db/commit-marks.ts), so the key's state commits exactly with the
// work. A request that died before its work committed leaves an "in flight" row; after IN_FLIGHT_STALE_MS it is
// taken over. 5xx answers are not stored, so that the retry runs again — unless the work had committed.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError } from '../errors.ts';
import { runWithCommitMark } from '../db/commit-marks.ts';
import type { SecretBox } from '../secrets.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
export const IN_FLIGHT_STALE_MS = 2 * 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;
const HEADER = 'idempotency-key';
const REPLAYED_HEADERS = ['etag', 'location'] as const;

export type IdempotencyMode = 'optional' | 'required';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accept (or require) an Idempotency-Key on this creating route. */
    idempotency?: IdempotencyMode;
  }
  interface FastifyRequest {
    idempotency: { scope: string; key: string } | null;
  }
}

interface IdempotencyTable {
  idempotency_key: {
    scope: string;
    key: string;
    request_hash: string;
    state: 'in_flight' | 'committed' | 'done';
    response_status: number | null;
    response_sealed: string | null;
    created_at: Date;
    expires_at: Date;
  };
}

interface StoredResponse {
  body: string;
  contentType: string | null;
  headers: Partial<Record<(typeof REPLAYED_HEADERS)[number], string>>;
}

export interface IdempotencyOptions<DB> {
  db: Kysely<DB>;
  secrets: SecretBox;
  /** Whose keys these are: the signed-in user, or null when the request has no caller (keys then refused). */
  scopeOf: (request: FastifyRequest) => string | null;
  now?: () => Date;
}

/** What makes two requests "the same": method, URL and the validated body. */
export function requestHash(request: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
}

export function installIdempotency<DB>(app: FastifyInstance, options: IdempotencyOptions<DB>): void {
  const db = options.db as unknown as Kysely<IdempotencyTable>;
  const now = options.now ?? (() => new Date());
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request, reply) => {
    const mode = request.routeOptions.config.idempotency;
    if (!mode) return;
    const header = request.headers[HEADER];
    if (header === undefined) {
      if (mode === 'required') {
        throw new AppError('bad_request', 'Send an Idempotency-Key with this request.', {
          fieldErrors: [{ in: 'headers', field: HEADER, code: 'required', message: 'Idempotency-Key is required' }],
        });
      }
      return;
    }
    const key = String(header);
    if (!KEY.test(key)) {
      throw new AppError('bad_request', 'An Idempotency-Key has 1 to 255 visible ASCII characters.', {
        fieldErrors: [{ in: 'headers', field: HEADER, code: 'invalid_format', message: 'invalid Idempotency-Key' }],
      });
    }
    const scope = options.scopeOf(request);
    if (!scope) throw new AppError('unauthenticated', 'Sign in first.');
    const hash = requestHash(request);
    const at = now();
    const claimed = await claim(db, { scope, key, hash, at });
    if (claimed === 'claimed') {
      request.idempotency = { scope, key };
      return;
    }
    if (claimed.request_hash !== hash) {
      throw new AppError('unprocessable', 'This Idempotency-Key was used for another request; use a new key.');
    }
    if (claimed.state === 'in_flight') {
      throw new AppError('conflict', 'A request with this Idempotency-Key is still running; try again shortly.', {
        headers: { 'retry-after': '1' },
      });
    }
    if (claimed.state === 'committed') {
      throw new AppError(
        'conflict',
        'This request was carried out, but its answer was lost (the server restarted). Reload to see the result; ' +
          'do not send it again with a new key.',
      );
    }
    replay(reply, options.secrets, claimed.response_status ?? 500, claimed.response_sealed ?? '', scope, key);
    return reply;
  });

  // The handler (and every transaction it opens) runs with the key's commit mark: called synchronously from
  // done(), so the whole handler is inside the mark's asynchronous context.
  app.addHook('preHandler', (request, _reply, done) => {
    const claimed = request.idempotency;
    if (!claimed) {
      done();
      return;
    }
    runWithCommitMark((trx) => markCommitted(trx as Kysely<IdempotencyTable>, claimed), done);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim || reply.getHeader('idempotent-replayed')) return payload;
    request.idempotency = null;
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : payload === null || payload === undefined
            ? ''
            : undefined;
    // A 5xx is not kept (the retry runs again), nor is a streamed answer, which cannot be stored.
    if (reply.statusCode >= 500 || body === undefined) {
      // Work that committed keeps its key (a retry must not run it again); only an uncommitted claim is released.
      await db
        .deleteFrom('idempotency_key')
        .where('scope', '=', claim.scope)
        .where('key', '=', claim.key)
        .where('state', '=', 'in_flight')
        .execute();
      return payload;
    }
    const stored: StoredResponse = {
      body,
      contentType: (reply.getHeader('content-type') as string | undefined) ?? null,
      headers: Object.fromEntries(
        REPLAYED_HEADERS.flatMap((name) => {
          const value = reply.getHeader(name);
          return value === undefined ? [] : [[name, String(value)]];
        }),
      ),
    };
    await db
      .updateTable('idempotency_key')
      .set({
        state: 'done',
        response_status: reply.statusCode,
        response_sealed: options.secrets.seal(JSON.stringify(stored), `idempotency:${claim.scope}:${claim.key}`),
      })
      .where('scope', '=', claim.scope)
      .where('key', '=', claim.key)
      .execute();
    return payload;
  });
}

async function markCommitted(trx: Kysely<IdempotencyTable>, claimed: { scope: string; key: string }): Promise<void> {
  await trx
    .updateTable('idempotency_key')
    .set({ state: 'committed' })
    .where('scope', '=', claimed.scope)
    .where('key', '=', claimed.key)
    .where('state', '=', 'in_flight')
    .execute();
}

type Claim = 'claimed' | IdempotencyTable['idempotency_key'];

async function claim(
  db: Kysely<IdempotencyTable>,
  input: { scope: string; key: string; hash: string; at: Date },
): Promise<Claim> {
  const { scope, key, hash, at } = input;
  // Expired keys, and in-flight rows of requests that died, no longer hold their key.
  await db
    .deleteFrom('idempotency_key')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where((eb) =>
      eb.or([
        eb('expires_at', '<=', at),
        eb.and([eb('state', '=', 'in_flight'), eb('created_at', '<=', new Date(at.getTime() - IN_FLIGHT_STALE_MS))]),
      ]),
    )
    .execute();
  const inserted = await db
    .insertInto('idempotency_key')
    .values({
      scope,
      key,
      request_hash: hash,
      state: 'in_flight',
      response_status: null,
      response_sealed: null,
      created_at: at,
      expires_at: new Date(at.getTime() + IDEMPOTENCY_TTL_MS),
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) {
    // Now and then, expired keys of everyone are removed.
    if (Math.random() < 0.01) await db.deleteFrom('idempotency_key').where('expires_at', '<=', at).execute();
    return 'claimed';
  }
  const existing = await db
    .selectFrom('idempotency_key')
    .selectAll()
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
  // Removed between our insert and select (finished with a 5xx): the client may simply retry.
  if (!existing) throw new AppError('conflict', 'Try the request again.', { headers: { 'retry-after': '1' } });
  return existing;
}

function replay(
  reply: FastifyReply,
  secrets: SecretBox,
  status: number,
  sealed: string,
  scope: string,
  key: string,
): void {
  const stored = JSON.parse(secrets.open(sealed, `idempotency:${scope}:${key}`)) as StoredResponse;
  reply.code(status).header('idempotent-replayed', 'true');
  for (const [name, value] of Object.entries(stored.headers)) reply.header(name, value);
  if (stored.contentType) reply.type(stored.contentType);
  void reply.serializer((body: unknown) => String(body)).send(stored.body);
}

// The bare baseline of bench/api.ts: Fastify and pg, nothing else, on the same database as the app, running the
// statements the app runs for the same endpoints (captured from the app, see sql-plan.ts) in one transaction
// scoped to the tenant exactly as withTenant does it, as the same unprivileged role with the app's pool settings.
// No session, no authorization, no audit entry, no response schema: the difference to the app is what those cost.
// Under /full, the same routes run every statement the app ran for the request (session, teams, audit included):
// the difference from there to the app is what Node and the framework cost.
//
//   BASELINE_PORT=… BASELINE_DATABASE_URL=postgres://durchstarten_app:…@… BASELINE_PLAN=plan.json \
//     node bench/lib/baseline-server.ts
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { loadConfig } from '../../src/platform/config.ts';
import { createPool } from '../../src/platform/db/database.ts';
import { bind, type BaselinePlan, type EndpointPlan } from './sql-plan.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

const plan = JSON.parse(readFileSync(required('BASELINE_PLAN'), 'utf8')) as BaselinePlan;
// The app's pool settings (size, statement timeout, type parsers) from the app's own defaults.
const pool = createPool(
  required('BASELINE_DATABASE_URL'),
  loadConfig({ DATABASE_POOL_MAX: process.env.BASELINE_POOL_MAX }).database,
  'durchstarten-baseline',
);

interface Ran {
  sql: string;
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** The participant's row among the results: the first `select * from "participant"`. */
const PARTICIPANT_READ = /^\s*select \* from "participant" where/i;

/** Runs the plan's segments in order (each on a connection of its own, as the app's pool does); returns the rows. */
async function run(endpoint: EndpointPlan, request: { id?: string; version?: number }): Promise<Ran[]> {
  const results: Ran[] = [];
  for (const segment of endpoint.segments) {
    if (!segment.transaction) {
      for (const statement of segment.statements) {
        results.push({ sql: statement.sql, ...(await pool.query(statement.sql, bind(statement.parameters, request))) });
      }
      continue;
    }
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const statement of segment.statements) {
        results.push({
          sql: statement.sql,
          ...(await client.query(statement.sql, bind(statement.parameters, request))),
        });
      }
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
  return results;
}

const app = Fastify({ logger: false });

/** The three routes, on the endpoint-only plans under /api/v1, on the full plans under /full/api/v1. */
function routes(prefix: string, plans: Pick<BaselinePlan, 'list' | 'detail' | 'write'>): void {
  app.get(`${prefix}/api/v1/participants`, async () => {
    const results = await run(plans.list, {});
    const items: unknown[] = results.find((result) => /^\s*select "p"\."id"/i.test(result.sql))?.rows ?? [];
    return { items };
  });

  app.get<{ Params: { id: string } }>(`${prefix}/api/v1/participants/:id`, async (request, reply) => {
    const results = await run(plans.detail, { id: request.params.id });
    const at = results.findIndex((result) => PARTICIPANT_READ.test(result.sql));
    const participant = results[at]?.rows[0];
    if (!participant) return reply.code(404).send({ status: 404 });
    return { ...participant, records: results.slice(at + 1).map((result) => result.rows) };
  });

  // The change writes the captured request's values (its phone number, the sample's birth date) to whichever id
  // comes in, unlike the app: harmless in the benchmark's throw-away database, and the same work for PostgreSQL.
  app.patch<{ Params: { id: string }; Body: Record<string, unknown> }>(
    `${prefix}/api/v1/participants/:id`,
    async (request, reply) => {
      const version = Number(/^"(\d+)"$/.exec(String(request.headers['if-match']))?.[1] ?? Number.NaN);
      if (!Number.isInteger(version)) return reply.code(428).send({ status: 428 });
      const results = await run(plans.write, { id: request.params.id, version });
      // The app's order: lock and check, update, read the record back (the row after the update).
      const at = results.findIndex((result) => /^\s*update "participant"/i.test(result.sql));
      if (at < 0 || results[at]?.rowCount !== 1) return reply.code(412).send({ status: 412 });
      const participant = results[at + 1]?.rows[0] as { version: number } | undefined;
      return reply.header('etag', `"${participant?.version ?? version + 1}"`).send(participant);
    },
  );
}

routes('', plan);
routes('/full', plan.full);

process.on('SIGTERM', () => {
  void app.close().then(() => pool.end().then(() => process.exit(0)));
});

await app.listen({ host: '127.0.0.1', port: Number(required('BASELINE_PORT')) });
process.stdout.write('baseline ready\n');

// One fuzz campaign: for every operation of the OpenAPI document and every client (each role, the second
// tenant, anonymous), fast-check generates request plans from a seed derived from the campaign seed; each
// request is sent with app.inject and its response checked. Findings are collected (not thrown at the first
// one), so that one run reports every broken route.
import fc from 'fast-check';
import { mayEver } from '../../src/access/access.rules.ts';
import type { RouteAccessEntry } from '../../src/accounts/auth.plugin.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { PLAIN_COOKIE } from '../helpers/accounts.ts';
import { DatabaseFingerprinter, type Fingerprint } from './fingerprint.ts';
import { POOL_OF_SEGMENT, type FuzzClient, type FuzzWorld, type PoolRow } from './fixture.ts';
import { fillPath, type OpenApiDocument, type Operation } from './openapi.ts';
import { CSV_IMPORT_ROUTE, requestPlanArbitrary, type RequestPlan } from './request-plans.ts';
import { ResponseChecker } from './response-check.ts';

export interface CampaignOptions {
  seed: number;
  /** Requests per operation for a client whose role may call it. */
  runsAllowed: number;
  /** Requests per operation for a client the route refuses by role (only the refusal is exercised). */
  runsDenied: number;
  /** Share of rejected GET requests whose database fingerprint is compared (non-GET: always). */
  getFingerprintRate: number;
  /** Only operations whose key contains this text. */
  routeFilter?: string | undefined;
  /** Tables a rejected request may change, with the reason. */
  exemptTables: Readonly<Record<string, string>>;
  /** Operations not fuzzed, with the reason. */
  skippedOperations: Readonly<Record<string, string>>;
  /** The error behind a 5xx answer, by request id (from an onError hook of the app). */
  serverErrorOf?: (requestId: string) => string | undefined;
  log?: (line: string) => void;
}

export interface Finding {
  operation: string;
  client: string;
  variant: string;
  status: number;
  problems: string[];
  request: string;
  response: string;
  /** How many requests hit the same finding (same operation, status and first problem). */
  occurrences: number;
}

export interface CampaignReport {
  requests: number;
  /** Plans light-my-request refused to send (e.g. header bytes Node rejects): not the application's answers. */
  notSent: number;
  fingerprintComparisons: number;
  byStatus: Record<string, number>;
  /** Requests generated valid throughout (body, query, path ids, headers), and how many of them got a 2xx. */
  valid: { sent: number; accepted: number };
  /** Operation key → client names that sent it. */
  coverage: Map<string, Set<string>>;
  /** Exempt tables that did change on a rejected request (to keep the exemption list minimal). */
  exemptTablesChanged: Set<string>;
  findings: Finding[];
  durationMs: number;
}

interface InjectResponse {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  cookies: { name: string; value: string }[];
}

/** A small deterministic generator for decisions outside fast-check's values (fingerprint sampling). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of one (operation, client) property, derived from the campaign seed. */
export function propertySeed(seed: number, operationIndex: number, clientIndex: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 31) + operationIndex * 1009 + clientIndex * 7919) | 0;
}

function fastifyUrl(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function mayCall(entry: RouteAccessEntry | undefined, client: FuzzClient): boolean {
  if (!entry || entry.access === undefined || entry.access === 'public') return true;
  if (!client.role) return false;
  if (entry.access === 'authenticated') return true;
  return mayEver({ roles: [client.role] }, entry.access.action, entry.access.resource);
}

/**
 * Routes whose code is the same for every signed-in user (public and "authenticated" routes: sign-in,
 * re-authentication, password, sessions) get the full number of runs from a few clients only, and the refused
 * number from the others: their cost is in password hashing and re-sign-ins, not in more coverage.
 */
const FULL_RUNS_FOR_SHARED_ROUTES = new Set(['anonymous', 'participation_manager', 'system_admin']);

function runsFor(entry: RouteAccessEntry | undefined, client: FuzzClient, options: CampaignOptions): number {
  if (!mayCall(entry, client)) return options.runsDenied;
  const shared = !entry || entry.access === undefined || entry.access === 'public' || entry.access === 'authenticated';
  if (shared && !FULL_RUNS_FOR_SHARED_ROUTES.has(client.name)) return Math.max(options.runsDenied, 1);
  return options.runsAllowed;
}

function segmentBefore(path: string, name: string): string {
  const segments = path.split('/');
  const index = segments.indexOf(`{${name}}`);
  return segments[index - 1] ?? '';
}

/** The pool of a path parameter: by "parent/segment" when that is listed (providers/contacts), else by segment. */
function poolTable(path: string, name: string): string | undefined {
  const segments = path.split('/');
  const index = segments.indexOf(`{${name}}`);
  const nested = `${segments[index - 3] ?? ''}/${segments[index - 1] ?? ''}`;
  return POOL_OF_SEGMENT[nested] ?? POOL_OF_SEGMENT[segmentBefore(path, name)];
}

function preview(text: string | Buffer | undefined, length = 300): string {
  if (text === undefined) return '';
  const value = Buffer.isBuffer(text) ? text.toString('utf8') : text;
  return value.length > length ? `${value.slice(0, length)}… (${value.length} chars)` : value;
}

export async function runCampaign(
  app: HttpServer,
  document: OpenApiDocument,
  operations: Operation[],
  world: FuzzWorld,
  fingerprinter: DatabaseFingerprinter,
  adminQuery: (text: string, values: unknown[]) => Promise<unknown[]>,
  options: CampaignOptions,
): Promise<CampaignReport> {
  const started = Date.now();
  const checker = new ResponseChecker(document);
  const random = mulberry32(options.seed);
  const exempt = new Set(Object.keys(options.exemptTables));
  const access = new Map(app.routeAccessTable.map((entry) => [`${entry.method} ${entry.url}`, entry]));
  const etags = new Map<string, string>();
  const findings = new Map<string, Finding>();
  const report: CampaignReport = {
    requests: 0,
    notSent: 0,
    fingerprintComparisons: 0,
    byStatus: {},
    valid: { sent: 0, accepted: 0 },
    coverage: new Map(),
    exemptTablesChanged: new Set(),
    findings: [],
    durationMs: 0,
  };
  let fresh: Fingerprint | undefined;

  function poolFor(operation: Operation, name: string): PoolRow[] {
    const table = poolTable(operation.path, name);
    if (!table)
      throw new Error(
        `${operation.key}: no id pool for path parameter ${name} after /${segmentBefore(operation.path, name)}/`,
      );
    return world.pools.get(table) ?? [];
  }

  /** Concrete path values: a real row for the last id, and its own case/participant for the ids before it. */
  function resolveIds(operation: Operation, plan: RequestPlan): { values: Record<string, string>; rows: PoolRow[] } {
    const values: Record<string, string> = {};
    const rows: PoolRow[] = [];
    const names = operation.pathParams.map((p) => p.name);
    const last = names.at(-1);
    const lastChoice = last ? plan.ids[last] : undefined;
    const lastPool = last ? poolFor(operation, last) : [];
    const lastRow =
      lastChoice?.kind === 'real' && lastPool.length > 0 ? lastPool[lastChoice.pick % lastPool.length] : undefined;
    for (const name of names) {
      const choice = plan.ids[name];
      if (!choice) throw new Error(`${operation.key}: plan has no id for ${name}`);
      if (choice.kind !== 'real') {
        values[name] = choice.value;
        continue;
      }
      const pool = poolFor(operation, name);
      const table = poolTable(operation.path, name);
      let row: PoolRow | undefined;
      if (name === last) row = lastRow;
      else if (lastRow && table === 'participant_case' && lastRow.caseId)
        row = pool.find((candidate) => candidate.id === lastRow.caseId) ?? {
          id: lastRow.caseId,
          version: null,
          caseId: null,
          participantId: null,
        };
      else if (lastRow && table === 'provider' && lastRow.providerId)
        row = pool.find((candidate) => candidate.id === lastRow.providerId) ?? {
          id: lastRow.providerId,
          version: null,
          caseId: null,
          participantId: null,
        };
      else if (lastRow && table === 'participant' && lastRow.participantId)
        row = pool.find((candidate) => candidate.id === lastRow.participantId) ?? {
          id: lastRow.participantId,
          version: null,
          caseId: null,
          participantId: null,
        };
      else if (pool.length > 0) row = pool[choice.pick % pool.length];
      if (row) rows.push(row);
      values[name] = row?.id ?? '6f1c1f8e-0000-4000-8000-000000000000';
    }
    return { values, rows };
  }

  async function currentVersion(operation: Operation, url: string, rows: PoolRow[], pick: number): Promise<string> {
    const candidates = new Set<string>();
    const seen = etags.get(url);
    if (seen) candidates.add(seen);
    // Versions as they are now (the pools may be older than the last write).
    for (const [index, name] of operation.pathParams.map((p) => p.name).entries()) {
      const table = poolTable(operation.path, name);
      const row = rows[index];
      if (!row || !table || table === 'municipality') continue;
      const found = (await adminQuery(`select version from ${table} where id::text = $1`, [row.id]).catch(
        () => [],
      )) as {
        version?: number;
      }[];
      if (typeof found[0]?.version === 'number') candidates.add(`"${found[0].version}"`);
    }
    const list = [...candidates];
    return list.length > 0 ? (list[pick % list.length] ?? '"1"') : '"1"';
  }

  function record(
    operation: Operation,
    client: FuzzClient,
    plan: RequestPlan,
    request: string,
    response: InjectResponse,
    problems: string[],
  ) {
    if (problems.length === 0) return;
    const key = `${operation.key} ${response.statusCode} ${problems[0]?.slice(0, 80) ?? ''}`;
    const existing = findings.get(key);
    if (existing) {
      existing.occurrences += 1;
      return;
    }
    const finding: Finding = {
      operation: operation.key,
      client: client.name,
      variant: plan.variant,
      status: response.statusCode,
      problems,
      request,
      response: preview(response.body),
      occurrences: 1,
    };
    findings.set(key, finding);
    options.log?.(
      `FINDING ${operation.key} as ${client.name} → ${response.statusCode}: ${problems.join(' | ')}\n  ${request}`,
    );
  }

  async function send(operation: Operation, client: FuzzClient, plan: RequestPlan): Promise<void> {
    if (client.user && !client.token) {
      await world.signIn(client);
      fresh = undefined;
    }
    const { values, rows } = resolveIds(operation, plan);
    const path = fillPath(operation.path, values);
    const url = plan.query ? `${path}?${plan.query}` : path;
    const headers: Record<string, string> = {
      'sec-fetch-site': plan.crossSite ? 'cross-site' : 'same-origin',
      'user-agent': 'durchstarten-fuzz',
    };
    if (client.token) headers.cookie = `${PLAIN_COOKIE}=${client.token}`;
    if (plan.body?.contentType !== undefined && plan.body.contentType !== null)
      headers['content-type'] = plan.body.contentType;
    if (plan.ifMatch.kind === 'value') headers['if-match'] = plan.ifMatch.value;
    if (plan.ifMatch.kind === 'current')
      headers['if-match'] = await currentVersion(operation, path, rows, plan.ifMatch.pick);
    if (plan.idempotencyKey !== null) headers['idempotency-key'] = plan.idempotencyKey;
    // Header values must be Latin-1 text for Node; hostile ones that are not go as their UTF-8 bytes.
    for (const [name, value] of Object.entries(headers)) {
      if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) headers[name] = Buffer.from(value, 'utf8').toString('latin1');
    }
    const checkState = operation.method !== 'GET' || random() < options.getFingerprintRate;
    if (checkState && !fresh) fresh = await fingerprinter.take();
    const before = fresh;
    const description = `${operation.method} ${preview(url, 200)} [${plan.variant}] if-match=${headers['if-match'] ?? '-'} body=${preview(plan.body?.payload, 200)}`;
    let response: InjectResponse;
    try {
      response = await app.inject({
        method: operation.method,
        url,
        headers,
        remoteAddress: client.ip,
        ...(plan.body ? { payload: plan.body.payload } : {}),
      });
    } catch (error) {
      // inject refuses some requests itself (e.g. invalid header characters): not the application's answer.
      options.log?.(`inject refused ${description}: ${String(error)}`);
      report.notSent += 1;
      fresh = undefined;
      return;
    }
    report.requests += 1;
    report.byStatus[response.statusCode] = (report.byStatus[response.statusCode] ?? 0) + 1;
    if (
      /^valid( multipart| CSV)?$/.test(plan.variant) &&
      mayCall(access.get(`${operation.method} ${fastifyUrl(operation.path)}`), client)
    ) {
      report.valid.sent += 1;
      if (response.statusCode < 300) report.valid.accepted += 1;
      else
        options.log?.(`valid request refused: ${response.statusCode} ${preview(response.body, 240)}\n  ${description}`);
    }
    const problems: string[] = [];
    if (response.statusCode >= 500) {
      const requestId = String(response.headers['x-request-id'] ?? '');
      problems.push(
        `server error ${response.statusCode}: ${options.serverErrorOf?.(requestId) ?? 'no error recorded'}`,
      );
    }
    problems.push(...checker.check(operation, response));
    fresh = undefined;
    if (checkState && before && response.statusCode >= 400 && response.statusCode < 500) {
      const after = await fingerprinter.take();
      report.fingerprintComparisons += 1;
      const changed = DatabaseFingerprinter.changedTables(before, after, exempt);
      if (changed.length > 0) problems.push(`rejected request changed ${changed.join(', ')}`);
      for (const table of exempt) if (before.get(table) !== after.get(table)) report.exemptTablesChanged.add(table);
      fresh = after;
    }
    record(operation, client, plan, description, response, problems);

    const cookie = response.cookies.find((c) => c.name === PLAIN_COOKIE);
    if (cookie) client.token = cookie.value === '' ? undefined : cookie.value;
    const etag = response.headers.etag;
    if (response.statusCode < 300 && typeof etag === 'string') {
      etags.set(path, etag);
      const location = response.headers.location;
      if (typeof location === 'string') etags.set(location, etag);
    }
    if (response.statusCode === 401 && client.user && client.token && !(await world.stillSignedIn(client))) {
      client.token = undefined;
      fresh = undefined;
    }
    if (operation.key === CSV_IMPORT_ROUTE && response.statusCode === 202) {
      // The import continues in the background: let it finish before the next fingerprint.
      const id = (JSON.parse(response.body) as { id: string }).id;
      for (let wait = 0; wait < 200; wait += 1) {
        const rows = (await adminQuery('select finished_at from participant_import where id = $1', [id])) as {
          finished_at: Date | null;
        }[];
        if (rows[0]?.finished_at) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  for (const [operationIndex, operation] of operations.entries()) {
    if (options.routeFilter && !operation.key.includes(options.routeFilter)) continue;
    if (options.skippedOperations[operation.key]) continue;
    const entry = access.get(`${operation.method} ${fastifyUrl(operation.path)}`);
    const plans = requestPlanArbitrary(operation, document);
    const operationStarted = Date.now();
    for (const [clientIndex, client] of world.clients.entries()) {
      const numRuns = runsFor(entry, client, options);
      if (numRuns === 0) continue;
      const details = await fc.check(
        fc.asyncProperty(plans, async (plan) => {
          await send(operation, client, plan);
          return true;
        }),
        { seed: propertySeed(options.seed, operationIndex, clientIndex), numRuns, endOnFailure: true },
      );
      // The property itself never fails (findings are collected), so a failure here is an error of the fuzzer.
      if (details.failed) {
        throw details.errorInstance instanceof Error
          ? details.errorInstance
          : new Error(`fuzzer error in ${operation.key}`);
      }
      const covered = report.coverage.get(operation.key) ?? new Set<string>();
      covered.add(client.name);
      report.coverage.set(operation.key, covered);
    }
    await world.refreshPools();
    options.log?.(`${operation.key}: ${Date.now() - operationStarted} ms`);
  }
  report.findings = [...findings.values()];
  report.durationMs = Date.now() - started;
  return report;
}

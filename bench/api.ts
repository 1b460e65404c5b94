// API benchmark (issue 5, item 4): the real server (spawned, production mode, embedded PostgreSQL) with Köln-like
// demo data, a signed-in participation manager, 50 concurrent connections (autocannon) on the participant list,
// the participant detail (random ids) and a participant change (PATCH with If-Match); against a bare Fastify + pg
// server on the same database running the same SQL (bench/lib/baseline-server.ts), in the same run.
//
//   node bench/api.ts [--scale 20] [--duration 15] [--warmup 5] [--connections 50] [--quick] [--out FILE]
//
// Prints a markdown section and appends it, dated, to docs/benchmarks.md (or FILE), with a chart.
import { chmodSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEMO_PASSWORD } from '../src/demo/demo.ts';
import { runCli } from '../test/helpers/data-dir.ts';
import {
  freePort,
  PROJECT_ROOT,
  stopServer,
  waitUntilReady,
  type ServerProcess,
} from '../test/helpers/server-process.ts';
import { apiHeader, apiReport, TARGET_LABEL, TARGETS, type ApiResults, type Scenario } from './lib/api-report.ts';
import { groupedBarSvg } from './lib/chart.ts';
import { commandLine, machine } from './lib/machine.ts';
import { postgresPssMiB, rssMiB } from './lib/proc.ts';
import { appendSection, chartStamp, outputFile, writeChart } from './lib/report.ts';
import { openCaptureSession } from './lib/sql-capture.ts';
import { endpointPlan, fullPlan, statementCount, type BaselinePlan } from './lib/sql-plan.ts';
import { runLoad, type LoadRequest, type LoadResult } from './lib/load.ts';
import { embeddedUrls, spawnApp, spawnLogged } from './lib/servers.ts';

const MANAGER = 'participation-manager@demo.durchstarten.example';
const WRITE_HEADERS = { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' };
const log = (message: string) => process.stderr.write(`${message}\n`);

/** A response header as text (a repeated header: its first value). */
function header(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return '';
}

interface Options {
  scale: number;
  durationS: number;
  warmupS: number;
  connections: number;
  quick: boolean;
  out: string;
  /** Directory for a V8 CPU profile of the app (written when it stops), to see where its time goes. */
  cpuProf: string | undefined;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      scale: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string', default: '50' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const number = (value: string | undefined, fallback: number, name: string) => {
    const parsed = Number(value ?? fallback);
    if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number, not ${value}`);
    return parsed;
  };
  return {
    quick,
    // Scale 20 of the Köln profile: about 10,000 participants in one municipality (issue 5).
    scale: number(values.scale, quick ? 1 : 20, 'scale'),
    durationS: number(values.duration, quick ? 2 : 15, 'duration'),
    warmupS: number(values.warmup, quick ? 1 : 5, 'warmup'),
    connections: number(values.connections, 50, 'connections'),
    out: outputFile(values.out),
    cpuProf: values['cpu-prof'],
  };
}

/** The demo set-up (first start of `serve`), then the Köln profile at the chosen scale in place of its 508. */
async function prepareData(dataDir: string, workRoot: string, scale: number): Promise<void> {
  const port = await freePort();
  const first = spawnApp({ dataDir, port, pgPort: await freePort(), logFile: join(workRoot, 'prepare.log') });
  await waitUntilReady(first, 180_000);
  const code = await stopServer(first);
  if (code !== 0) throw new Error(`the preparing start ended with ${code}:\n${first.output()}`);
  if (scale !== 1) runCli(dataDir, ['seed', '--profile', 'koeln', '--scale', String(scale), '--replace']);
}

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: WRITE_HEADERS,
    body: JSON.stringify({ email: MANAGER, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';', 1)[0];
  if (response.status !== 200 || !cookie)
    throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return cookie;
}

/** Signs in in-process, runs one list, detail and change, and keeps the SQL of each as the baseline's plan. */
async function capturePlan(dataDir: string): Promise<{ plan: BaselinePlan; municipalityId: string }> {
  const session = await openCaptureSession(dataDir);
  try {
    const signIn = await session.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: WRITE_HEADERS,
      payload: { email: MANAGER, password: DEMO_PASSWORD },
    });
    const cookie = header(signIn.headers['set-cookie']).split(';', 1)[0] ?? '';
    if (signIn.statusCode !== 200) throw new Error(`capture: login answered ${signIn.statusCode}: ${signIn.body}`);
    const list = await session.request({ method: 'GET', url: '/api/v1/participants', headers: { cookie } });
    const items = (JSON.parse(list.body) as { items?: { id: string }[] }).items ?? [];
    const sampleId = items[0]?.id;
    if (list.statusCode !== 200 || !sampleId) throw new Error(`capture: list answered ${list.statusCode}`);
    const detail = await session.request({
      method: 'GET',
      url: `/api/v1/participants/${sampleId}`,
      headers: { cookie },
    });
    const etag = header(detail.headers.etag);
    const version = Number(/^"(\d+)"$/.exec(etag)?.[1]);
    if (detail.statusCode !== 200 || !Number.isInteger(version))
      throw new Error(`capture: detail ${detail.statusCode}`);
    const write = await session.request({
      method: 'PATCH',
      url: `/api/v1/participants/${sampleId}`,
      headers: { ...WRITE_HEADERS, cookie, 'if-match': etag },
      payload: { phone: '0221 4711000' },
    });
    if (write.statusCode !== 200) throw new Error(`capture: change answered ${write.statusCode}: ${write.body}`);
    const plan: BaselinePlan = {
      list: endpointPlan(list.queries, { id: sampleId }),
      detail: endpointPlan(detail.queries, { id: sampleId }),
      write: endpointPlan(write.queries, { id: sampleId, version }),
      full: {
        list: fullPlan(list.queries, { id: sampleId }),
        detail: fullPlan(detail.queries, { id: sampleId }),
        write: fullPlan(write.queries, { id: sampleId, version }),
      },
    };
    const tenant = plan.list.segments[0]?.statements[0]?.parameters[1];
    if (tenant?.kind !== 'value' || typeof tenant.value !== 'string') throw new Error('capture: no tenant setting');
    return { plan, municipalityId: tenant.value };
  } finally {
    await session.close();
  }
}

/**
 * Fresh planner statistics (what autovacuum does within a minute of a bulk load: without them the list's plan
 * is the one for the empty table), and the readable participants with their versions.
 */
async function settleAndListParticipants(adminUrl: string, municipalityId: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('analyze');
    const result = await client.query<{ id: string; version: number }>(
      `select id, version from participant
        where municipality_id = $1 and merged_into_id is null and blocked_at is null and not restricted`,
      [municipalityId],
    );
    return new Map(result.rows.map((row) => [row.id, Number(row.version)]));
  } finally {
    await client.end();
  }
}

async function untilAnswering(server: ServerProcess, path: string, timeoutMs = 30_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`exited before answering:\n${server.output()}`);
    const status = await fetch(`${server.baseUrl}${path}`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(50);
  }
  throw new Error(`${server.baseUrl}${path} did not answer 200 within ${timeoutMs} ms:\n${server.output()}`);
}

/** The three requests, the same for app and baseline; the change keeps every id's version from its ETags. */
function scenarios(versions: Map<string, number>): Record<Scenario, (prefix: string) => LoadRequest> {
  const ids = [...versions.keys()];
  const busy = new Set<string>();
  const pick = () => ids[Math.floor(Math.random() * ids.length)]!;
  return {
    list: (prefix) => ({ method: 'GET', path: `${prefix}/api/v1/participants` }),
    detail: (prefix) => ({
      method: 'GET',
      path: `${prefix}/api/v1/participants/x`,
      setup: (request) => ({ ...request, path: `${prefix}/api/v1/participants/${pick()}` }),
    }),
    write: (prefix) => ({
      method: 'PATCH',
      path: `${prefix}/api/v1/participants/x`,
      setup: (request, context) => {
        // One connection never changes a record another connection has in flight: no self-made 412s.
        let id = pick();
        while (busy.has(id)) id = pick();
        busy.add(id);
        context.id = id;
        return {
          ...request,
          path: `${prefix}/api/v1/participants/${id}`,
          headers: { ...request.headers, ...WRITE_HEADERS, 'if-match': `"${versions.get(id)}"` },
          body: JSON.stringify({ phone: `0221 ${100000 + Math.floor(Math.random() * 899999)}` }),
        };
      },
      onResponse: (_status, context, headers) => {
        const id = String(context.id);
        const version = Number(/^"(\d+)"$/.exec(header(headers.etag))?.[1]);
        if (Number.isInteger(version)) versions.set(id, version);
        busy.delete(id);
      },
    }),
  };
}

async function measure(
  server: ServerProcess,
  request: LoadRequest,
  options: Options,
  cookie: string | undefined,
  sampleRss: boolean,
): Promise<{ load: LoadResult; maxRssMiB?: number; maxPostgresPssMiB?: number }> {
  const common = {
    url: server.baseUrl,
    connections: options.connections,
    ...(cookie ? { headers: { cookie } } : {}),
  };
  await runLoad({ ...common, durationS: options.warmupS, request });
  let maxRss = 0;
  let maxPss = 0;
  const pid = server.child.pid!;
  const sampler = sampleRss
    ? setInterval(() => {
        maxRss = Math.max(maxRss, rssMiB(pid));
        maxPss = Math.max(maxPss, postgresPssMiB(pid));
      }, 500)
    : undefined;
  try {
    const load = await runLoad({ ...common, durationS: options.durationS, request });
    return sampleRss ? { load, maxRssMiB: maxRss, maxPostgresPssMiB: maxPss } : { load };
  } finally {
    clearInterval(sampler);
  }
}

async function main(): Promise<void> {
  if (process.platform !== 'linux') throw new Error('bench/api.ts reads /proc: Linux only');
  const opts = options();
  const command = commandLine('bench/api.ts');
  const startedAt = new Date();
  const load = loadavg();
  const m = machine();
  const workRoot = await mkdtemp(join(tmpdir(), 'durchstarten-bench-api-'));
  chmodSync(workRoot, 0o711); // as root, the "postgres" user must pass through to its cluster
  const dataDir = join(workRoot, 'data');
  const running: ServerProcess[] = [];
  try {
    log(`preparing: demo set-up and seed --profile koeln --scale ${opts.scale} in ${dataDir}`);
    const prepareStarted = performance.now();
    await prepareData(dataDir, workRoot, opts.scale);
    const prepareS = (performance.now() - prepareStarted) / 1000;
    log('capturing the SQL of list, detail and change from the app');
    const { plan, municipalityId } = await capturePlan(dataDir);
    const planFile = join(workRoot, 'plan.json');
    await writeFile(planFile, JSON.stringify(plan, null, 2));

    const pgPort = await freePort();
    const app = spawnApp({
      dataDir,
      port: await freePort(),
      pgPort,
      logFile: join(workRoot, 'app.log'),
      ...(opts.cpuProf ? { env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${resolve(opts.cpuProf)}` } } : {}),
    });
    running.push(app);
    await waitUntilReady(app, 120_000);
    const urls = await embeddedUrls(dataDir, pgPort);
    const versions = await settleAndListParticipants(urls.adminUrl, municipalityId);
    const baselinePort = await freePort();
    const baseline = spawnLogged({
      script: join(PROJECT_ROOT, 'bench', 'lib', 'baseline-server.ts'),
      port: baselinePort,
      logFile: join(workRoot, 'baseline.log'),
      env: { BASELINE_PORT: String(baselinePort), BASELINE_DATABASE_URL: urls.appUrl, BASELINE_PLAN: planFile },
    });
    running.push(baseline);
    await untilAnswering(baseline, '/api/v1/participants');
    const cookie = await login(app.baseUrl);

    await sleep(2_000);
    const idle = { rssMiB: rssMiB(app.child.pid!), postgresPssMiB: postgresPssMiB(app.child.pid!) };
    const requests = scenarios(versions);
    const results: ApiResults['runs'] = [];
    for (const scenario of ['list', 'detail', 'write'] as const) {
      for (const target of TARGETS) {
        log(`${scenario} on ${target}: ${opts.warmupS} s warm-up, ${opts.durationS} s measured`);
        const server = target === 'app' ? app : baseline;
        const request = requests[scenario](target === 'full' ? '/full' : '');
        const outcome = await measure(server, request, opts, target === 'app' ? cookie : undefined, target === 'app');
        results.push({ scenario, target, ...outcome });
        log(
          `  ${Math.round(outcome.load.requestsPerSecond)} req/s, p95 ${Math.round(outcome.load.p95)} ms, ` +
            `statuses ${JSON.stringify(outcome.load.statusCounts)}`,
        );
      }
    }
    const appCode = await stopServer(app);
    await stopServer(baseline);
    running.length = 0;
    if (appCode !== 0) throw new Error(`the app ended with ${appCode} after the benchmark:\n${app.output()}`);

    const apiResults: ApiResults = {
      options: opts,
      participants: versions.size,
      prepareS,
      idle,
      runs: results,
      appOnly: { list: plan.list.appOnly, detail: plan.detail.appOnly, write: plan.write.appOnly },
      statements: {
        list: [statementCount(plan.list), statementCount(plan.full.list)],
        detail: [statementCount(plan.detail), statementCount(plan.full.detail)],
        write: [statementCount(plan.write), statementCount(plan.full.write)],
      },
    };
    const stamp = chartStamp(startedAt);
    const chart = await writeChart(
      `api-${stamp}`,
      await groupedBarSvg({
        title: `API requests/s, ${opts.connections} connections (app vs bare Fastify + pg)`,
        yTitle: 'requests/s',
        bars: results.map((r) => ({
          group: r.scenario,
          series: TARGET_LABEL[r.target],
          value: r.load.requestsPerSecond,
        })),
      }),
      opts.out,
    );
    const section = apiReport(apiResults, m, command, startedAt, load, chart);
    process.stdout.write(section);
    log(`appended to ${await appendSection(section, apiHeader, opts.out)}`);
    const failed = results.filter((r) => r.load.responses === 0 || r.load.errors > 0);
    if (failed.length > 0)
      throw new Error(
        `runs without responses or with errors: ${failed.map((r) => `${r.scenario}/${r.target}`).join(', ')}`,
      );
  } finally {
    for (const server of running) await stopServer(server).catch(() => undefined);
    await rm(workRoot, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench/api.ts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

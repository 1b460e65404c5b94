// Overload benchmark (issue 5, item 6): far more clients than the server can serve at once, against the real
// server (spawned, production mode, embedded PostgreSQL, demo data) on a database-bound endpoint (the
// authenticated participant list). What must hold: excess requests get a fast 503 problem with Retry-After,
// admitted requests keep a sane latency, and no request hangs until a timeout; afterwards the server serves
// normally again. Phases, each on a fresh server process:
//   1. normal: the 50 clients of the API benchmark, as fast as they can — the capacity, and nothing may be refused;
//   2. overload: 500 connections offering --factor × that capacity per second (arrivals do not wait for answers:
//      more users than the server can serve), with load shedding — and 3. the same without it, for comparison;
//   4. worst case: 500 connections that send their next request the moment an answer arrives, refusals included
//      (clients that ignore Retry-After), then the time until /readyz is 200 again and a normal load after it.
//
//   node bench/overload.ts [--connections 500] [--factor 3] [--duration 15] [--normal 50] [--out FILE]
//   (or: npm run bench:overload -- --connections 500)
//
// Prints a markdown section and appends it, dated, to docs/benchmarks.md (or FILE).
import { chmodSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { DEMO_PASSWORD } from '../src/demo/demo.ts';
import { freePort, stopServer, waitUntilReady, type ServerProcess } from '../test/helpers/server-process.ts';
import { commandLine, machine, runContext, sectionDate } from './lib/machine.ts';
import { appendSection, outputFile } from './lib/report.ts';
import { spawnApp } from './lib/servers.ts';

const MANAGER = 'participation-manager@demo.durchstarten.example';
const PATH = '/api/v1/participants';
/** autocannon gives up on a request after this long and counts a timeout: "hangs". */
const CLIENT_TIMEOUT_S = 30;
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Options {
  connections: number;
  normal: number;
  factor: number;
  durationS: number;
  out: string;
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      connections: { type: 'string', default: '500' },
      normal: { type: 'string', default: '50' },
      factor: { type: 'string', default: '3' },
      duration: { type: 'string', default: '15' },
      out: { type: 'string' },
    },
  });
  const positive = (value: string | undefined, name: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive integer, not ${value}`);
    return parsed;
  };
  return {
    connections: positive(values.connections, 'connections'),
    normal: positive(values.normal, 'normal'),
    factor: positive(values.factor, 'factor'),
    durationS: positive(values.duration, 'duration'),
    out: outputFile(values.out),
  };
}

// ---------------------------------------------------------------------------------------------
// Load with latencies per status (autocannon's own histogram mixes fast refusals with served requests)

interface Latencies {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

interface Outcome {
  connections: number;
  /** Offered requests per second (all connections together); undefined = as fast as answers come. */
  rate: number | undefined;
  durationS: number;
  byStatus: Record<string, Latencies>;
  total: number;
  timeouts: number;
  errors: number;
  /** 503 answers without Retry-After or not as problem+json. */
  malformed503: number;
}

function latencies(values: number[]): Latencies {
  const sorted = values.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN;
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

async function load(
  url: string,
  cookie: string,
  connections: number,
  durationS: number,
  rate?: number,
): Promise<Outcome> {
  const times: Record<string, number[]> = {};
  let malformed503 = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationS,
        timeout: CLIENT_TIMEOUT_S,
        ...(rate ? { overallRate: rate } : {}),
        headers: { cookie },
        requests: [
          {
            method: 'GET',
            path: PATH,
            onResponse: (status, _body, _context, headers) => {
              if (status !== 503) return;
              const retryAfter = headers?.['retry-after'];
              const type = String(headers?.['content-type'] ?? '');
              if (!retryAfter || !type.startsWith('application/problem+json')) malformed503 += 1;
            },
          },
        ],
      },
      (error, done) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done)),
    );
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      (times[status] ??= []).push(responseTime);
    });
  });
  const byStatus = Object.fromEntries(Object.entries(times).map(([status, values]) => [status, latencies(values)]));
  const total = Object.values(byStatus).reduce((sum, entry) => sum + entry.n, 0);
  return {
    connections,
    rate,
    durationS,
    byStatus,
    total,
    timeouts: result.timeouts,
    errors: result.errors,
    malformed503,
  };
}

// ---------------------------------------------------------------------------------------------
// The server

async function login(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ email: MANAGER, password: DEMO_PASSWORD }),
  });
  const cookie = response.headers.get('set-cookie')?.split(';', 1)[0];
  if (response.status !== 200 || !cookie)
    throw new Error(`login answered ${response.status}: ${await response.text()}`);
  return cookie;
}

/** Requests refused per signal, from the guard's line at shutdown in the app's log. */
function refusedBySignal(logFile: string): Record<string, number> {
  let totals: Record<string, number> = {};
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('overloaded: requests refused since start')) continue;
    const entry = JSON.parse(line) as { totals?: Record<string, number> };
    if (entry.totals) totals = entry.totals;
  }
  return totals;
}

interface Phase {
  label: string;
  outcome: Outcome;
  /** Refusals by signal over the whole server process of the phase. */
  refused: Record<string, number>;
}

async function withServer<T>(
  dataDir: string,
  workRoot: string,
  name: string,
  env: Record<string, string>,
  work: (server: ServerProcess, cookie: string) => Promise<T>,
): Promise<{ result: T; refused: Record<string, number> }> {
  const logFile = join(workRoot, `${name}.log`);
  // Log level warn: a line per request would measure the logger, and the guard's summaries are warnings.
  const server = spawnApp({
    dataDir,
    port: await freePort(),
    pgPort: await freePort(),
    logFile,
    env: { LOG_LEVEL: 'warn', ...env },
  });
  let result: T;
  try {
    await waitUntilReady(server, 180_000);
    result = await work(server, await login(server.baseUrl));
  } finally {
    const code = await stopServer(server, 60_000);
    if (code !== 0) log(`warning: ${name} ended with ${code}`);
  }
  return { result, refused: refusedBySignal(logFile) };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} ms` : '–';

function phaseRows(phase: Phase): string[] {
  const { outcome } = phase;
  const offered = outcome.rate ? `${outcome.rate}/s` : 'closed loop';
  return Object.keys(outcome.byStatus)
    .sort()
    .map((status) => {
      const entry = outcome.byStatus[status]!;
      const share = ((entry.n / outcome.total) * 100).toFixed(1);
      return (
        `| ${phase.label} | ${outcome.connections} | ${offered} | ${status} | ${entry.n.toLocaleString('en-US')} ` +
        `(${share} %) | ${(entry.n / outcome.durationS).toFixed(0)} | ${fmt(entry.p50)} | ${fmt(entry.p99)} | ${fmt(entry.max)} |`
      );
    });
}

const slowest = (outcome: Outcome) => Math.max(...Object.values(outcome.byStatus).map((entry) => entry.max));
const check = (ok: boolean, text: string) => `- ${ok ? '✅' : '❌'} ${text}`;

interface Results {
  normal: Phase;
  guarded: Phase;
  unguarded: Phase;
  worst: Phase;
  recoveryMs: number;
  after: Phase;
}

function verdicts(r: Results): string[] {
  const normalRefused = r.normal.outcome.byStatus['503']?.n ?? 0;
  const refused = r.guarded.outcome.byStatus['503'];
  // Target, relative to the same run (the machine is shared and noisy): a refused client learns it faster than a
  // served client gets its answer under normal load (p99 of refusals ≤ p50 of the normal load).
  const refusalTarget = r.normal.outcome.byStatus['200']?.p50 ?? 0;
  const served = r.guarded.outcome.byStatus['200'];
  const unguardedServed = r.unguarded.outcome.byStatus['200'];
  const worstRefused = r.worst.outcome.byStatus['503'];
  return [
    check(
      normalRefused === 0,
      `Normal load (${r.normal.outcome.connections} clients): ${normalRefused} requests refused (must be 0: the ` +
        'defaults leave the API benchmark alone).',
    ),
    check(
      refused !== undefined && refused.p99 <= refusalTarget,
      `Overload (${r.guarded.outcome.rate}/s offered): ${refused?.n.toLocaleString('en-US') ?? 0} refusals ` +
        `(${(((refused?.n ?? 0) / r.guarded.outcome.total) * 100).toFixed(1)} %), p99 ${fmt(refused?.p99)} (target: ` +
        `≤ the normal load's p50, ${fmt(refusalTarget)}), max ${fmt(refused?.max)}.`,
    ),
    check(
      r.guarded.outcome.malformed503 + r.worst.outcome.malformed503 === 0,
      `Every 503 is application/problem+json with Retry-After ` +
        `(${r.guarded.outcome.malformed503 + r.worst.outcome.malformed503} without).`,
    ),
    check(
      served !== undefined && (unguardedServed === undefined || served.p99 <= unguardedServed.p99),
      `Admitted requests under overload: ${served?.n ?? 0} answered, p50 ${fmt(served?.p50)}, p99 ${fmt(served?.p99)} ` +
        `— without shedding, the same load: ${unguardedServed?.n ?? 0} answered, p50 ${fmt(unguardedServed?.p50)}, ` +
        `p99 ${fmt(unguardedServed?.p99)}, and ${r.unguarded.outcome.byStatus['503']?.n ?? 0} × 503 after waiting for ` +
        `a connection (p50 ${fmt(r.unguarded.outcome.byStatus['503']?.p50)}).`,
    ),
    check(
      [r.guarded, r.worst].every((phase) => phase.outcome.timeouts === 0 && phase.outcome.errors === 0),
      `No request hung: ${r.guarded.outcome.timeouts + r.worst.outcome.timeouts} client timeouts ` +
        `(${CLIENT_TIMEOUT_S} s), ${r.guarded.outcome.errors + r.worst.outcome.errors} connection errors; slowest ` +
        `answer ${fmt(Math.max(slowest(r.guarded.outcome), slowest(r.worst.outcome)))} (limits: 5 s pool wait, 15 s ` +
        'statement).',
    ),
    `- Worst case (clients without back-off): ${r.worst.outcome.byStatus['200']?.n ?? 0} answered, ` +
      `${worstRefused?.n.toLocaleString('en-US') ?? 0} refused (p50 ${fmt(worstRefused?.p50)}, p99 ` +
      `${fmt(worstRefused?.p99)}); refusals by signal: ${signals(r.worst.refused)}.`,
    check(
      Object.keys(r.after.outcome.byStatus).every((status) => status === '200'),
      `Recovery: /readyz was 200 again ${fmt(r.recoveryMs)} after the worst case ended; then ` +
        `${r.after.outcome.connections} clients for ${r.after.outcome.durationS} s got ` +
        `${Object.entries(r.after.outcome.byStatus)
          .map(([status, entry]) => `${entry.n} × ${status}`)
          .join(', ')}.`,
    ),
  ];
}

function signals(refused: Record<string, number>): string {
  const entries = Object.entries(refused).filter(([, n]) => n > 0);
  return entries.length === 0
    ? 'none'
    : entries.map(([signal, n]) => `${signal} ${n.toLocaleString('en-US')}`).join(', ');
}

function report(r: Results, opts: Options, context: string, startedAt: Date): string {
  return [
    '',
    `## Overload beyond capacity (\`bench/overload.ts\`), ${sectionDate(startedAt)} UTC`,
    '',
    context,
    '',
    `The real server (\`serve\`, production mode, embedded PostgreSQL, demo data, default limits: pool of 10 ` +
      `connections, refusal at 100 requests waiting for one or a mean event-loop delay over 500 ms), signed in as ` +
      `the demo participation manager, \`GET ${PATH}\` (session check, list query and its audit entry: ` +
      `database-bound). A fresh server process per phase: normal load (${opts.normal} clients as fast as answers ` +
      `come: the capacity); overload: ${opts.connections} connections offering ${opts.factor} × the measured ` +
      `capacity per second, with load shedding and without it (OVERLOAD_MAX_POOL_WAITING=0, ` +
      `OVERLOAD_MAX_EVENT_LOOP_DELAY_MS=0); worst case: ${opts.connections} connections sending the next request ` +
      `the moment an answer arrives, refusals included, then the time until \`/readyz\` is 200 and 5 s of normal ` +
      `load. Latencies per status code as the client measured them (autocannon, on the same machine).`,
    '',
    '| phase | connections | offered | status | answers | per s | p50 | p99 | max |',
    '|---|---:|---|---|---:|---:|---:|---:|---:|',
    ...[r.normal, r.guarded, r.unguarded, r.worst, r.after].flatMap(phaseRows),
    '',
    ...verdicts(r),
    '',
  ].join('\n');
}

async function untilReady(baseUrl: string, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const status = await fetch(`${baseUrl}/readyz`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return performance.now() - started;
    await sleep(50);
  }
  throw new Error(`/readyz not 200 within ${timeoutMs} ms after the overload`);
}

async function main(): Promise<void> {
  const opts = options();
  const command = commandLine('bench/overload.ts');
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const m = machine();
  const workRoot = await mkdtemp(join(tmpdir(), 'durchstarten-bench-overload-'));
  chmodSync(workRoot, 0o711); // as root, the "postgres" user must pass through to its cluster
  const dataDir = join(workRoot, 'data');
  try {
    log(`preparing the demo data in ${dataDir}`);
    const normal = await withServer(dataDir, workRoot, 'normal', {}, (server, cookie) => {
      log(`normal load: ${opts.normal} clients, ${opts.durationS} s`);
      return load(server.baseUrl, cookie, opts.normal, opts.durationS);
    });
    const capacity = normal.result.byStatus['200'];
    if (!capacity) throw new Error(`the normal load got no 200: ${JSON.stringify(normal.result.byStatus)}`);
    const rate = Math.max(1, Math.round((capacity.n / normal.result.durationS) * opts.factor));
    const guarded = await withServer(dataDir, workRoot, 'guarded', {}, (server, cookie) => {
      log(`overload with shedding: ${opts.connections} connections, ${rate}/s offered, ${opts.durationS} s`);
      return load(server.baseUrl, cookie, opts.connections, opts.durationS, rate);
    });
    const unguardedEnv = { OVERLOAD_MAX_POOL_WAITING: '0', OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0' };
    const unguarded = await withServer(dataDir, workRoot, 'unguarded', unguardedEnv, (server, cookie) => {
      log(`overload without shedding: ${opts.connections} connections, ${rate}/s offered, ${opts.durationS} s`);
      return load(server.baseUrl, cookie, opts.connections, opts.durationS, rate);
    });
    const worst = await withServer(dataDir, workRoot, 'worst', {}, async (server, cookie) => {
      log(`worst case: ${opts.connections} connections without back-off, ${opts.durationS} s`);
      const outcome = await load(server.baseUrl, cookie, opts.connections, opts.durationS);
      const recoveryMs = await untilReady(server.baseUrl);
      log(`recovered after ${Math.round(recoveryMs)} ms; normal load for 5 s`);
      const after = await load(server.baseUrl, cookie, opts.normal, 5);
      return { outcome, recoveryMs, after };
    });
    const phase = (label: string, outcome: Outcome, refused: Record<string, number> = {}): Phase => ({
      label,
      outcome,
      refused,
    });
    const results: Results = {
      normal: phase('normal', normal.result, normal.refused),
      guarded: phase('overload, shedding on', guarded.result, guarded.refused),
      unguarded: phase('overload, shedding off', unguarded.result),
      worst: phase('worst case, no back-off', worst.result.outcome, worst.refused),
      recoveryMs: worst.result.recoveryMs,
      after: phase('after recovery', worst.result.after),
    };
    const section = report(results, opts, runContext(command, m, loadAtStart), startedAt);
    process.stdout.write(`${section}\n`);
    const file = await appendSection(section, () => '# Benchmarks\n', opts.out);
    log(`appended to ${file}`);
  } finally {
    await rm(workRoot, { recursive: true, force: true });
  }
}

await main();

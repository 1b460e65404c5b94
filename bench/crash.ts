// Crash test (issue 5, item 2): concurrent writes through the API, SIGKILL at a random moment, restart on the
// same data directory, and every invariant checked. See docs/reliability.md.
//
//   node bench/crash.ts [--iterations N] [--seed S] [--workers W] [--keep]
//   npm run bench:crash -- --iterations 100
//
// Prints one line per iteration and a summary; exits non-zero on any failed check.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { createCrashRun, type IterationReport } from './crash/run.ts';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '20' },
    seed: { type: 'string' },
    workers: { type: 'string', default: '6' },
    'min-kill-ms': { type: 'string', default: '300' },
    'max-kill-ms': { type: 'string', default: '2500' },
    'postgres-kill-share': { type: 'string', default: '0.3' },
    keep: { type: 'boolean', default: false },
  },
});

function integer(name: string, value: string | undefined, min: number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    process.stderr.write(`--${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
  return parsed;
}

const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : integer('seed', values.seed, 0);
const options = {
  iterations: integer('iterations', values.iterations, 1),
  seed,
  workers: integer('workers', values.workers, 1),
  minKillMs: integer('min-kill-ms', values['min-kill-ms'], 0),
  maxKillMs: integer('max-kill-ms', values['max-kill-ms'], 0),
  postgresKillShare: Number(values['postgres-kill-share']),
  keep: values.keep,
};
if (options.maxKillMs < options.minKillMs || !(options.postgresKillShare >= 0 && options.postgresKillShare <= 1)) {
  process.stderr.write('--max-kill-ms must be ≥ --min-kill-ms, --postgres-kill-share in [0, 1]\n');
  process.exit(2);
}

const started = performance.now();
const run = await createCrashRun(options);
process.stdout.write(
  `crash test: ${options.iterations} iteration(s), seed ${seed} (reproduce with --seed ${seed}), ` +
    `${options.workers} workers, data directory ${run.dataDir}\n`,
);

let interrupted = false;
process.once('SIGINT', () => {
  interrupted = true;
  process.stdout.write('\ninterrupted: stopping the server and removing the data directory …\n');
  run.cleanup().then(
    () => process.exit(130),
    (error: unknown) => {
      process.stderr.write(`cleanup failed: ${String(error)}\n`);
      process.exit(130);
    },
  );
});

/** Problems listed per failed check and iteration; the count says how many more there were. */
const SHOWN = 5;

function line(report: IterationReport): string {
  const kinds = Object.entries(report.acknowledged)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind}=${n}`)
    .join(' ');
  const lost = Object.entries(report.refusals)
    .filter(([label]) => label.endsWith(' lost'))
    .reduce((sum, [, n]) => sum + n, 0);
  const failed = report.checks.filter((check) => check.problems.length > 0);
  const verdict =
    failed.length === 0
      ? `checks ok (${report.checks.length})`
      : `FAILED ${failed.length}/${report.checks.length}: ${failed.map((check) => check.name).join(', ')}`;
  const lines = [
    `#${String(report.iteration).padStart(3)} kill ${report.killMode.padEnd(12)} at ${String(report.killAfterMs).padStart(5)} ms` +
      ` | acked ${String(report.acknowledgedTotal).padStart(4)}, cut off ${String(lost).padStart(2)}` +
      ` | restart ${report.restartMs} ms | ${verdict} | ${report.durationMs} ms`,
    `      acked by kind: ${kinds}`,
  ];
  for (const check of failed) {
    lines.push(...check.problems.slice(0, SHOWN).map((problem) => `      ${check.name}: ${problem}`));
    if (check.problems.length > SHOWN) lines.push(`      ${check.name}: … ${check.problems.length - SHOWN} more`);
  }
  return `${lines.join('\n')}\n`;
}

let exitCode = 0;
try {
  const reports = await run.run((report) => process.stdout.write(line(report)));
  const failed = reports.filter((report) => !report.ok);
  const acked = reports.reduce((sum, report) => sum + report.acknowledgedTotal, 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const restarts = reports.map((report) => report.restartMs).sort((a, b) => a - b);
  const median = restarts[Math.floor(restarts.length / 2)] ?? 0;
  process.stdout.write(
    `\nsummary: ${reports.length} iteration(s), ${failed.length} failed, ${acked} acknowledged writes checked ` +
      `(cumulatively after every restart), ${reports.filter((r) => r.killMode === 'app+postgres').length} with PostgreSQL killed too; ` +
      `restart median ${median} ms, max ${restarts.at(-1) ?? 0} ms; ${seconds} s in total; seed ${seed}; ` +
      `${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node.js ${process.version}\n`,
  );
  if (failed.length > 0 || reports.length < options.iterations) exitCode = 1;
} catch (error) {
  if (!interrupted) {
    process.stderr.write(
      `crash test aborted: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    exitCode = 1;
  }
} finally {
  if (!interrupted) {
    await run.cleanup().catch((error: unknown) => {
      process.stderr.write(`cleanup failed: ${String(error)}\n`);
      exitCode = 1;
    });
  }
}
if (options.keep) process.stdout.write(`data directory kept: ${run.dataDir}\n`);
if (!interrupted) process.exit(exitCode);

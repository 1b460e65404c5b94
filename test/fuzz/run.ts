// `npm run fuzz -- [--runs N] [--seed S] [--route TEXT] [--verbose]`: the fuzz test of `npm test`, longer.
// It runs test/integration/api-fuzz.test.ts under vitest (same database setup, same checks) with the
// campaign scaled by FUZZ_* variables, and prints the seed and the command that repeats the run.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '40' },
    seed: { type: 'string' },
    route: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run fuzz -- [--runs N] [--seed S] [--route TEXT] [--verbose]
  --runs N      requests per route and permitted client (default 40; the CI run in npm test uses 5)
  --seed S      the campaign seed (default: random); a failing run prints its seed
  --route TEXT  only routes whose "METHOD /path" contains TEXT
  --verbose     print every finding as it happens and the time per route`);
  process.exit(0);
}

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const seed = values.seed === undefined ? randomInt(2 ** 31) : Number(values.seed);
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
const repeat = `npm run fuzz -- --runs ${runs} --seed ${seed}${values.route ? ` --route '${values.route}'` : ''}`;

console.log(`API fuzzing: seed ${seed}, ${runs} runs per route and permitted client`);
const result = spawnSync(
  process.execPath,
  [
    join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--project',
    'integration',
    'test/integration/api-fuzz.test.ts',
  ],
  {
    cwd: PROJECT_ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      FUZZ_RUNS: String(runs),
      FUZZ_RUNS_DENIED: String(Math.max(1, Math.round(runs / 10))),
      FUZZ_SEED: String(seed),
      FUZZ_ROUTE: values.route ?? '',
      FUZZ_VERBOSE: values.verbose ? '1' : '',
    },
  },
);
if (result.status !== 0) {
  console.error(`\nAPI fuzzing failed (seed ${seed}). Repeat this run with:\n  ${repeat}`);
  process.exit(result.status ?? 1);
}
console.log(`API fuzzing passed (seed ${seed}). Repeat with: ${repeat}`);

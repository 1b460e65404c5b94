// Killing and finding the processes of a data directory: the app (spawned by us) and its embedded PostgreSQL
// (spawned detached by the app, so it survives the app's SIGKILL as an orphan).
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type KillMode = 'app' | 'app+postgres';

export interface PostmasterInfo {
  pid: number;
  port: number;
}

/** The running postmaster of a data directory, from postmaster.pid (line 1: pid, line 4: port). */
export async function readPostmaster(dataDir: string): Promise<PostmasterInfo | null> {
  const text = await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => null);
  if (!text) return null;
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  return Number.isInteger(pid) && Number.isInteger(port) ? { pid, port } : null;
}

/** Alive and not a zombie (an orphan killed under a PID 1 that does not reap stays a zombie, holding nothing). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Direct children of a process (PostgreSQL's backends and auxiliary processes of a postmaster). */
export function childrenOf(parent: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
      if (ppid === parent) children.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return children;
}

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * SIGKILL of the app; with "app+postgres" also of the postmaster and all its children in the same instant,
 * like a power cut of the whole machine (minus the loss of the OS page cache, which a process kill cannot
 * simulate). Its processes are each in their own session, so a process-group kill would miss them.
 */
export function killServer(appPid: number, mode: KillMode, postmaster: PostmasterInfo | null): void {
  const victims = mode === 'app+postgres' && postmaster ? [postmaster.pid, ...childrenOf(postmaster.pid)] : [];
  kill(appPid, 'SIGKILL');
  for (const pid of victims) kill(pid, 'SIGKILL');
}

/** Stops a postmaster that outlived its app (Ctrl-C of the crash test, a failed restart): fast shutdown, then kill. */
export async function stopPostmaster(dataDir: string): Promise<void> {
  const postmaster = await readPostmaster(dataDir);
  if (!postmaster || !isRunning(postmaster.pid)) return;
  const command = readFileSync(`/proc/${postmaster.pid}/cmdline`, 'utf8');
  if (!command.includes(join(dataDir, 'postgres'))) return;
  kill(postmaster.pid, 'SIGINT');
  for (let waited = 0; waited < 10_000 && isRunning(postmaster.pid); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isRunning(postmaster.pid)) kill(postmaster.pid, 'SIGKILL');
}

/** Processes whose command line names the data directory: none may remain after the run. */
export function processesOf(dataDir: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(dataDir) && isRunning(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

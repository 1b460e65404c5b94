// /proc readings: child processes and memory of the server and its embedded PostgreSQL (Linux only).
import { readdirSync, readFileSync } from 'node:fs';

export function childrenOf(pid: number): number[] {
  const tasks = (() => {
    try {
      return readdirSync(`/proc/${pid}/task`);
    } catch {
      return [];
    }
  })();
  return tasks.flatMap((tid) => {
    try {
      return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/** A kB field of /proc/<pid>/status or smaps_rollup, in MiB. */
export function procField(pid: number, file: 'status' | 'smaps_rollup', field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
  if (!match?.[1]) throw new Error(`no ${field} in /proc/${pid}/${file}`);
  return Number(match[1]) / 1024;
}

export const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
export const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');

/** VmRSS of one process, in MiB. */
export const rssMiB = (pid: number) => procField(pid, 'status', 'VmRSS');

/** Proportional set size of the postmaster child of `serverPid` and all its backends (shared buffers counted once). */
export function postgresPssMiB(serverPid: number): number {
  const postmaster = childrenOf(serverPid).find((pid) => comm(pid) === 'postgres');
  if (!postmaster) throw new Error(`no postgres child of the server (pid ${serverPid})`);
  return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + pssOfLiveProcess(pid), 0);
}

/** A backend may end between listing and reading (the pool closes idle connections): it then counts nothing. */
function pssOfLiveProcess(pid: number): number {
  try {
    return procField(pid, 'smaps_rollup', 'Pss');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ESRCH')
      return 0;
    throw error;
  }
}

// Retention of the scheduled backups: deletes our backup files (durchstarten-<UTC time>.backup.gz, by the time in
// their name, not the file's mtime, which a copy or restore from tape changes) older than the retention period.
// Nothing else in the directory is touched, and the newest backup is always kept, even when it is older than the
// period (a server that was down for weeks still has its last backup).
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { backupFileTime } from './backup-format.ts';

const DAY_MS = 24 * 60 * 60_000;
/** Temporary files of a backup that was interrupted (backup.ts writes `.<name>.<pid>-<random>.data|tmp`). */
const LEFTOVER = /^\.durchstarten-\d{8}T\d{6}Z\.backup\.gz\.\d+-[0-9a-f]{8}\.(data|tmp)$/;

export interface PruneResult {
  kept: string[];
  deleted: string[];
  /** Temporary files of interrupted backups older than a day (they hold personal data too). */
  leftovers: string[];
}

export async function pruneBackups(options: { dir: string; retentionDays: number; now: Date }): Promise<PruneResult> {
  let names: string[];
  try {
    names = await readdir(options.dir);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { kept: [], deleted: [], leftovers: [] };
    throw error;
  }
  const backups = names
    .map((name) => ({ name, time: backupFileTime(name) }))
    .filter((file): file is { name: string; time: Date } => file.time !== null)
    .sort((a, b) => b.time.getTime() - a.time.getTime());
  const cutoff = options.now.getTime() - options.retentionDays * DAY_MS;
  const result: PruneResult = { kept: [], deleted: [], leftovers: [] };
  for (const [index, file] of backups.entries()) {
    if (index > 0 && file.time.getTime() < cutoff) {
      await rm(join(options.dir, file.name), { force: true });
      result.deleted.push(file.name);
    } else {
      result.kept.push(file.name);
    }
  }
  for (const name of names.filter((n) => LEFTOVER.test(n))) {
    const info = await stat(join(options.dir, name)).catch(() => null);
    if (info && info.mtime.getTime() < options.now.getTime() - DAY_MS) {
      await rm(join(options.dir, name), { force: true });
      result.leftovers.push(name);
    }
  }
  return result;
}

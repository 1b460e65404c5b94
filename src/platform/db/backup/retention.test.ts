// Retention of scheduled backups: by the time in the file name, only our backup files, never the newest one.
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupFileName, backupFileTime } from './backup-format.ts';
import { pruneBackups } from './retention.ts';

let dir: string;
const now = new Date('2026-11-29T01:30:00Z');
const daysAgo = (days: number, hours = 0) => new Date(now.getTime() - days * 86_400_000 - hours * 3_600_000);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durchstarten-retention-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function files(names: string[]): Promise<void> {
  for (const name of names) await writeFile(join(dir, name), 'x');
}

describe('backup file names', () => {
  it('carry the UTC time to the second and read back to the same time', () => {
    const at = new Date('2026-03-29T01:00:07.123Z');
    expect(backupFileName(at)).toBe('durchstarten-20260329T010007Z.backup.gz');
    expect(backupFileTime(backupFileName(at))).toEqual(new Date('2026-03-29T01:00:07Z'));
    expect(backupFileTime('durchstarten-20261399T250000Z.backup.gz')).toBeNull();
    expect(backupFileTime('other-20261129T010000Z.backup.gz')).toBeNull();
    expect(backupFileTime('durchstarten-20261129T010000Z.backup.gz.bak')).toBeNull();
  });
});

describe('pruneBackups', () => {
  it('deletes our backups older than the retention period and keeps the younger ones', async () => {
    const old = [backupFileName(daysAgo(36)), backupFileName(daysAgo(35, 1)), backupFileName(daysAgo(400))];
    const young = [backupFileName(daysAgo(0)), backupFileName(daysAgo(34, 23)), backupFileName(daysAgo(1))];
    await files([...old, ...young]);
    const result = await pruneBackups({ dir, retentionDays: 35, now });
    expect(result.deleted.sort()).toEqual([...old].sort());
    expect((await readdir(dir)).sort()).toEqual([...young].sort());
  });

  it('touches no other file, however old: other names, the ledger copy, foreign backups', async () => {
    const others = [
      'deletion-ledger.jsonl',
      'durchstarten-20200101T000000Z.backup.gz.keep',
      'manual-2020.backup.gz',
      'durchstarten-2020-01-01.backup.gz',
      'notes.txt',
    ];
    await files([...others, backupFileName(daysAgo(0))]);
    for (const name of others) await utimes(join(dir, name), daysAgo(900), daysAgo(900));
    const result = await pruneBackups({ dir, retentionDays: 1, now });
    expect(result.deleted).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual([...others, backupFileName(daysAgo(0))].sort());
  });

  it('keeps the newest backup even when every backup is older than the period', async () => {
    await files([backupFileName(daysAgo(90)), backupFileName(daysAgo(60))]);
    const result = await pruneBackups({ dir, retentionDays: 35, now });
    expect(result.deleted).toEqual([backupFileName(daysAgo(90))]);
    expect(result.kept).toEqual([backupFileName(daysAgo(60))]);
  });

  it('removes temporary files of an interrupted backup once they are a day old', async () => {
    const stale = `.${backupFileName(daysAgo(3))}.4242-0a1b2c3d.data`;
    const running = `.${backupFileName(daysAgo(0))}.4243-0a1b2c3e.tmp`;
    await files([stale, running]);
    await utimes(join(dir, stale), daysAgo(2), daysAgo(2));
    await utimes(join(dir, running), now, now);
    const result = await pruneBackups({ dir, retentionDays: 35, now });
    expect(result.leftovers).toEqual([stale]);
    expect(await readdir(dir)).toEqual([running]);
  });

  it('does nothing when the directory does not exist yet', async () => {
    expect(await pruneBackups({ dir: join(dir, 'missing'), retentionDays: 35, now })).toEqual({
      kept: [],
      deleted: [],
      leftovers: [],
    });
  });
});

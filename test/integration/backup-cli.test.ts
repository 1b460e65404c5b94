// `durchstarten db:backup` and `db:restore` end to end, as processes on embedded data directories: the default
// backup location and mode, the ledger copy next to it, a restore into a new data directory that a second backup
// shows to be identical, and the refusal (exit 2) to restore into a database that holds data.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackupManifest } from '../../src/platform/db/backup/backup-format.ts';
import { newDataDir, runCli } from '../helpers/data-dir.ts';
import { PROJECT_ROOT } from '../helpers/server-process.ts';
import { spawnCli } from '../helpers/cli.ts';

const dataDirs: string[] = [];

afterAll(async () => {
  for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
});

function cli(dataDir: string, args: string[]) {
  return spawnCli({ dataDir }, args);
}

describe('db:backup and db:restore on the command line', () => {
  it('backs up a seeded data directory and restores it into a new one, identical table by table', async () => {
    const original = await newDataDir('backup-cli-a');
    const restored = await newDataDir('backup-cli-b');
    dataDirs.push(original, restored);
    runCli(original, ['seed', '--profile', 'koeln', '--scale', '0.03']);

    const first = JSON.parse(runCli(original, ['db:backup', '--json'])) as {
      backup: { file: string; manifest: BackupManifest };
      ledger: { file: string };
    };
    expect(first.backup.file).toMatch(
      new RegExp(`^${join(original, 'backups')}/durchstarten-\\d{8}T\\d{6}Z\\.backup\\.gz$`),
    );
    expect((await stat(first.backup.file)).mode & 0o777).toBe(0o600);
    expect(first.ledger.file).toBe(join(original, 'backups', 'deletion-ledger.jsonl'));
    expect((await readdir(join(original, 'backups'))).sort()).toEqual(
      ['deletion-ledger.jsonl', first.backup.file.split('/').at(-1)].sort(),
    );

    const restore = cli(restored, ['db:restore', first.backup.file]);
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/^Restored /);
    expect(restore.stdout).toMatch(/verified against the manifest/);
    expect(restore.stdout).toContain(`deletion ledger: ${first.ledger.file} (0 entries)`);

    // A backup of the restored directory holds the same rows (checksums over every row) and sequence values.
    const second = JSON.parse(runCli(restored, ['db:backup', '--json'])) as {
      backup: { manifest: BackupManifest };
    };
    expect(second.backup.manifest.tables).toEqual(first.backup.manifest.tables);
    expect(second.backup.manifest.sequences).toEqual(first.backup.manifest.sequences);
    expect(second.backup.manifest.migration).toBe(first.backup.manifest.migration);
    expect(first.backup.manifest.tables.find((t) => t.name === 'participant')?.rows).toBeGreaterThan(10);

    const again = cli(restored, ['db:restore', first.backup.file]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^durchstarten: The target database is not empty/);
    expect(again.stdout).toBe('');
  }, 300_000);

  it('exits non-zero with a plain message for a file that is no backup', async () => {
    const dataDir = await newDataDir('backup-cli-c');
    dataDirs.push(dataDir);
    const result = cli(dataDir, ['db:restore', join(PROJECT_ROOT, 'package.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^durchstarten: The backup file is damaged, truncated or not a Durchstarten backup/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

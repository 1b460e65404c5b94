// db:backup / db:restore on a real database (issue 5): a seeded database restores into a fresh one identical in every
// table and sequence; a restore refuses a target with data and changes nothing; a damaged, truncated, tampered or
// foreign file is refused with a clear error and leaves the target empty; a backup of an older schema restores and
// migrates up; writes running during the backup do not tear its snapshot.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import { verifyAuditLog } from '../../src/audit/audit-verification.service.ts';
import { eraseParticipant } from '../../src/data-rights/erasure.service.ts';
import { createDemo } from '../../src/demo/demo.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { BackupError, createBackup } from '../../src/platform/db/backup/backup.ts';
import { BackupFormatError, type BackupManifest } from '../../src/platform/db/backup/backup-format.ts';
import { restoreBackup, RestoreRefusedError } from '../../src/platform/db/backup/restore.ts';
import { migrateTo } from '../../src/platform/db/migrations.ts';
import { createSecretBox } from '../../src/platform/secrets.ts';
import { createSeedService } from '../../src/seed/seed.service.ts';
import { TEST_SECRET_KEY } from '../helpers/accounts.ts';
import {
  adminRows,
  createEmptyDatabase,
  databaseFingerprint,
  ownerKysely,
  tableCount,
  type EmptyDatabase,
} from '../helpers/backup-compare.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

let source: TestDatabase;
let dir: string;
let backupFile: string;
let firstManifest: BackupManifest;
const targets: EmptyDatabase[] = [];

async function emptyTarget(): Promise<EmptyDatabase> {
  const target = await createEmptyDatabase();
  targets.push(target);
  return target;
}

function restore(target: EmptyDatabase, file: string) {
  return restoreBackup({ connection: target.connection, file, migrationsFolder: MIGRATIONS_FOLDER });
}

/** audit:verify on the owner connection: every chain recomputed and matched with its head. */
async function auditOk(connection: pg.ClientConfig): Promise<{ ok: boolean; entries: number }> {
  const db = ownerKysely(connection);
  try {
    const result = await verifyAuditLog(db);
    return { ok: result.ok, entries: result.entries };
  } finally {
    await db.destroy();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durchstarten-backup-'));
  source = await createTestDatabase();
  // Organisations, users with roles and TOTP secrets, system and tenant audit entries, then participants and cases.
  await createDemo({ db: source.handle.db, secrets: createSecretBox(TEST_SECRET_KEY) });
  await createSeedService({ db: source.handle.db }).run({ profile: 'koeln', seed: 3, scale: 0.1, replace: false });
  // Both identity sequences in use (and ahead of their rows: a rolled-back insert still draws a number), so that a
  // restore that forgot the sequences would differ.
  await adminRows(
    source.adminUrl,
    `insert into login_attempt (kind, key, at, success)
       select 'ip', repeat('a', 64), now() - make_interval(mins => n), n % 2 = 0 from generate_series(1, 7) n`,
  );
  await adminRows(
    source.adminUrl,
    `begin; insert into login_attempt (kind, key, at, success) values ('ip', repeat('b', 64), now(), true); rollback;`,
  );
  const [person] = await adminRows<{ id: string; municipality_id: string }>(
    source.adminUrl,
    `select p.id, p.municipality_id from participant p where not exists
       (select 1 from participant_case c where c.participant_id = p.id and c.exited_on is null) limit 1`,
  );
  await withTenant(source.handle.db, { municipalityId: person!.municipality_id, userId: null }, (trx) =>
    eraseParticipant(
      trx,
      { municipalityId: person!.municipality_id, at: new Date(), actor: null, trigger: 'request' },
      { participantId: person!.id, action: 'delete', class: 'record_only', reason: 'test of the backup' },
    ),
  );
  backupFile = join(dir, 'seeded.backup.gz');
}, 120_000);

afterAll(async () => {
  for (const target of targets) await target.close();
  await source?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('backup and restore of a seeded database', () => {
  it('restores into a fresh database identical in every table and sequence', async () => {
    const progress: string[] = [];
    const summary = await createBackup({
      connection: source.handle.migrationConnection,
      file: backupFile,
      onProgress: (p) => {
        if (p.phase === 'table' && p.done) progress.push(p.table);
      },
    });
    firstManifest = summary.manifest;
    const info = await stat(backupFile);
    expect(info.mode & 0o777).toBe(0o600);
    expect(summary.manifest.migration).toBe((await source.handle.migrationStatus()).applied.at(-1));
    const rows = Object.fromEntries(summary.manifest.tables.map((t) => [t.name, t.rows]));
    expect(rows.participant).toBeGreaterThan(40);
    expect(rows.case_contact).toBeGreaterThan(100);
    expect(rows.app_user).toBeGreaterThan(3);
    expect(rows.audit_log).toBeGreaterThan(0);
    expect(rows.system_audit_log).toBeGreaterThan(0);
    expect(progress).toEqual(summary.manifest.tables.map((t) => t.name));
    // Referenced tables come first (the restore loads in file order).
    const order = summary.manifest.tables.map((t) => t.name);
    expect(order.indexOf('organisation')).toBeLessThan(order.indexOf('participant'));
    expect(order.indexOf('participant')).toBeLessThan(order.indexOf('participant_case'));
    expect(order.indexOf('participant_case')).toBeLessThan(order.indexOf('case_contact'));

    const target = await emptyTarget();
    const restored = await restore(target, backupFile);
    expect(restored.migrated).toEqual([]);
    expect(restored.rows).toBe(summary.manifest.tables.reduce((sum, t) => sum + t.rows, 0));

    const [before, after] = await Promise.all([
      databaseFingerprint(source.adminUrl),
      databaseFingerprint(target.adminUrl),
    ]);
    expect(Object.keys(before).length).toBeGreaterThan(30);
    expect(before['sequence login_attempt_id_seq']).toBe('8 true');
    expect(before['table deletion_ledger']).toMatch(/^1 /);
    expect(after).toEqual(before);
    // RLS is forced again and the audit triggers are back in their modes; the chains verify.
    const forced = await adminRows<{ relname: string; relforcerowsecurity: boolean }>(
      target.adminUrl,
      `select relname, relforcerowsecurity from pg_class where relname in ('participant', 'audit_log', 'deletion_ledger')`,
    );
    expect(forced.every((r) => r.relforcerowsecurity)).toBe(true);
    const triggers = await adminRows<{ tgname: string; mode: string }>(
      target.adminUrl,
      `select tgname, tgenabled::text as mode from pg_trigger where tgrelid = 'audit_log'::regclass and not tgisinternal
        order by tgname`,
    );
    expect(triggers).toEqual([
      { tgname: 'audit_append', mode: 'O' },
      { tgname: 'audit_append_only', mode: 'A' },
    ]);
    const audit = await auditOk(target.connection);
    expect(audit.ok).toBe(true);
    expect(audit.entries).toBe(rows.audit_log! + rows.system_audit_log!);
  }, 120_000);

  it('reads tenant by tenant when the login cannot bypass row-level security, with the same result', async () => {
    // A DBA-style set-up: a plain login that may act as the owner role, no superuser, no BYPASSRLS.
    const role = `backup_probe_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await adminRows(source.adminUrl, `create role ${role} login password '${password}'`);
    try {
      await adminRows(source.adminUrl, `grant durchstarten_owner to ${role}`);
      const url = new URL(source.adminUrl);
      url.username = role;
      url.password = password;
      const file = join(dir, 'per-tenant.backup.gz');
      const backup = await createBackup({
        connection: { connectionString: url.toString(), options: '-c role=durchstarten_owner' },
        file,
      });
      expect(backup.manifest.tables).toEqual(firstManifest.tables);
      expect(backup.manifest.sequences).toEqual(firstManifest.sequences);
    } finally {
      await adminRows(source.adminUrl, `drop role ${role}`);
    }
  }, 60_000);

  it('never overwrites an existing file', async () => {
    const before = await readFile(backupFile);
    await expect(createBackup({ connection: source.handle.migrationConnection, file: backupFile })).rejects.toThrow(
      BackupError,
    );
    expect((await readFile(backupFile)).equals(before)).toBe(true);
    // No temporary file is left behind either.
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('refuses a target that holds data and changes nothing in it', async () => {
    const before = await databaseFingerprint(source.adminUrl);
    const attempt = restoreBackup({
      connection: source.handle.migrationConnection,
      file: backupFile,
      migrationsFolder: MIGRATIONS_FOLDER,
    });
    await expect(attempt).rejects.toThrow(RestoreRefusedError);
    await expect(attempt).rejects.toThrow(/not empty \(rows in .*organisation/);
    expect(await databaseFingerprint(source.adminUrl)).toEqual(before);
  });

  it('refuses a target whose only rows are in a table under forced row-level security', async () => {
    const target = await emptyTarget();
    await migrateTo(target.connection, MIGRATIONS_FOLDER, (await source.handle.migrationStatus()).applied.at(-1)!);
    // A row only in a table under FORCE RLS (the owner sees nothing there without a tenant): the foreign key to
    // organisation is skipped here (replica mode) so that no table without RLS gives the data away first.
    await adminRows(
      target.adminUrl,
      `set session_replication_role = replica;
       insert into team (municipality_id, name) values (gen_random_uuid(), 'Team unter RLS');`,
    );
    const before = await databaseFingerprint(target.adminUrl);
    await expect(restore(target, backupFile)).rejects.toThrow(/not empty \(rows in .*team/);
    expect(await databaseFingerprint(target.adminUrl)).toEqual(before);
  });
});

describe('damaged and foreign files', () => {
  async function refusedAndEmpty(file: string, message: RegExp): Promise<void> {
    const target = await emptyTarget();
    const attempt = restore(target, file);
    await expect(attempt).rejects.toThrow(BackupFormatError);
    await expect(attempt).rejects.toThrow(message);
    expect(await tableCount(target.adminUrl)).toBe(0);
  }

  it('refuses a truncated file and leaves the target empty', async () => {
    const bytes = await readFile(backupFile);
    const file = join(dir, 'truncated.backup.gz');
    await writeFile(file, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    await refusedAndEmpty(file, /damaged, truncated|truncated|ends/);
  }, 60_000);

  it('refuses a file with flipped bytes (gzip check) and leaves the target empty', async () => {
    const bytes = Buffer.from(await readFile(backupFile));
    for (let i = Math.floor(bytes.length / 2); i < Math.floor(bytes.length / 2) + 16; i += 1)
      bytes[i] = bytes[i]! ^ 0xff;
    const file = join(dir, 'flipped.backup.gz');
    await writeFile(file, bytes);
    await refusedAndEmpty(file, /damaged|does not match/);
  }, 60_000);

  it('refuses a well-formed file whose rows were changed (manifest checksum)', async () => {
    const text = gunzipSync(await readFile(backupFile)).toString('utf8');
    // Change one participant row's family name: still valid COPY text, valid gzip, wrong checksum.
    const lines = text.split('\n');
    const manifest = JSON.parse(lines[1]!) as { tables: { name: string; columns: string[] }[] };
    const familyName = manifest.tables.find((t) => t.name === 'participant')!.columns.indexOf('family_name');
    const start = lines.indexOf('@table participant');
    expect(start).toBeGreaterThan(1);
    const row = lines[start + 1]!;
    lines[start + 1] = row
      .split('\t')
      .map((value, i) => (i === familyName ? `${value}x` : value))
      .join('\t');
    const file = join(dir, 'tampered.backup.gz');
    await writeFile(file, gzipSync(lines.join('\n')));
    await refusedAndEmpty(file, /participant .*does not match its manifest/);
  }, 60_000);

  it('refuses a file that is no backup, or of an unknown format', async () => {
    const plain = join(dir, 'plain.txt');
    await writeFile(plain, 'family_name;given_names\nMustermann;Max\n');
    await refusedAndEmpty(plain, /damaged, truncated or not a Durchstarten backup/);
    const foreign = join(dir, 'foreign.gz');
    await writeFile(foreign, gzipSync('{"hello": "world"}\n'));
    await refusedAndEmpty(foreign, /not a Durchstarten backup/);
    const future = join(dir, 'future.gz');
    await writeFile(future, gzipSync('DURCHSTARTEN-BACKUP 2\n{}\n'));
    await refusedAndEmpty(future, /format 2; this release reads format 1/);
    await refusedAndEmpty(join(dir, 'missing.backup.gz'), /No backup file/);
  }, 60_000);
});

describe('a backup of an older schema', () => {
  it('restores at its migration and migrates up to the current one', async () => {
    const old = await emptyTarget();
    const applied = await migrateTo(old.connection, MIGRATIONS_FOLDER, '20261129_0007_cases');
    expect(applied.at(-1)).toBe('↑ 20261129_0007_cases');
    const [org] = await adminRows<{ id: string }>(
      old.adminUrl,
      `insert into organisation (kind, name, municipality_kind) values ('municipality', 'Altstadt', 'district_free_city')
       returning id`,
    );
    await adminRows(old.adminUrl, `insert into team (municipality_id, name) values ($1, 'Team Alt')`, [org?.id]);
    const file = join(dir, 'old.backup.gz');
    const backup = await createBackup({ connection: old.connection, file });
    expect(backup.manifest.migration).toBe('20261129_0007_cases');
    expect(backup.manifest.tables.map((t) => t.name)).not.toContain('deletion_ledger');

    const target = await emptyTarget();
    const restored = await restore(target, file);
    expect(restored.migrated).toEqual(
      (await source.handle.migrationStatus()).applied
        .filter((name) => name > '20261129_0007_cases')
        .map((n) => `↑ ${n}`),
    );
    expect(restored.migrated.length).toBeGreaterThan(0);
    expect(await adminRows(target.adminUrl, `select name from team`)).toEqual([{ name: 'Team Alt' }]);
    const [ledger] = await adminRows<{ present: boolean }>(
      target.adminUrl,
      `select to_regclass('deletion_ledger') is not null as present`,
    );
    expect(ledger?.present).toBe(true);
  }, 60_000);
});

describe('consistency under concurrent writes', () => {
  it('backs up one point in time: a pair written in one transaction is in the backup whole or not at all', async () => {
    const [org] = await adminRows<{ id: string }>(
      source.adminUrl,
      `select id from organisation where name = 'Stadt Köln'`,
    );
    const municipality = org!.id;
    // Each transaction adds a team and an audit entry about it; the backup reads team and audit_log at different
    // moments, so a backup that is not one snapshot would hold a different number of each.
    const writer = new pg.Client({ connectionString: source.adminUrl });
    await writer.connect();
    let committed = 0;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        await writer.query('begin');
        await writer.query(`insert into team (municipality_id, name) values ($1, $2)`, [
          municipality,
          `Parallel ${committed}`,
        ]);
        await writer.query(
          `insert into audit_log (municipality_id, action, resource_type, resource_id, outcome)
           values ($1, 'team.parallel', 'team', $2, 'success')`,
          [municipality, String(committed)],
        );
        await writer.query('commit');
        committed += 1;
      }
    })();
    try {
      while (committed < 5) await new Promise((resolve) => setTimeout(resolve, 10));
      const file = join(dir, 'concurrent.backup.gz');
      const atStart = committed;
      const backup = await createBackup({ connection: source.handle.migrationConnection, file });
      const atEnd = committed;
      stop = true;
      await writing;
      // The writes really overlapped the backup.
      expect(atEnd).toBeGreaterThan(atStart);

      const target = await emptyTarget();
      await restore(target, file);
      const [counts] = await adminRows<{ teams: string; entries: string }>(
        target.adminUrl,
        `select (select count(*) from team where name like 'Parallel %') as teams,
                (select count(*) from audit_log where action = 'team.parallel') as entries`,
      );
      expect(Number(counts?.teams)).toBe(Number(counts?.entries));
      expect(Number(counts?.teams)).toBeGreaterThanOrEqual(atStart);
      expect(Number(counts?.teams)).toBeLessThanOrEqual(atEnd);
      expect((await auditOk(target.connection)).ok).toBe(true);
      expect(backup.manifest.tables.find((t) => t.name === 'team')?.rows).toBeGreaterThan(0);
    } finally {
      stop = true;
      await writing.catch(() => undefined);
      await writer.end();
    }
  }, 120_000);
});

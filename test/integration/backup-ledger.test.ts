// A restore from an older backup must not bring back the people erased after it was taken (issue 5; docs/data-
// protection.md, "Deletion ledger"): the newer ledger — from the database being replaced, or from the ledger copy
// the scheduled job keeps next to the backups — is merged into the restored database and re-applied, in the
// restore's own transaction.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationJobs, MIGRATIONS_FOLDER } from '../../src/app.ts';
import { verifyAuditLog } from '../../src/audit/audit-verification.service.ts';
import { eraseParticipant, reapplyDeletionLedger } from '../../src/data-rights/erasure.service.ts';
import {
  exportLedgerCopy,
  readLedger,
  readLedgerFile,
  type LedgerCopyEntry,
} from '../../src/data-rights/ledger-copy.service.ts';
import { createDemo } from '../../src/demo/demo.ts';
import { createBackup } from '../../src/platform/db/backup/backup.ts';
import { backupFileName } from '../../src/platform/db/backup/backup-format.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createSecretBox } from '../../src/platform/secrets.ts';
import { restoreWithLedger } from '../../src/system/backup.service.ts';
import { TEST_SECRET_KEY } from '../helpers/accounts.ts';
import { adminRows, createEmptyDatabase, ownerKysely, type EmptyDatabase } from '../helpers/backup-compare.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { createFullRecord } from '../helpers/participant-factories.ts';

let source: TestDatabase;
let dir: string;
let backupFile: string;
let koeln: string;
let deleted: string;
let anonymised: string;
let kept: string;
const targets: EmptyDatabase[] = [];

async function erase(participantId: string, action: 'delete' | 'anonymise'): Promise<void> {
  await withTenant(source.handle.db, { municipalityId: koeln, userId: null }, (trx) =>
    eraseParticipant(
      trx,
      { municipalityId: koeln, at: new Date(), actor: null, trigger: 'request' },
      { participantId, action, class: 'case_data', reason: 'Art. 17(1)(a) GDPR: no longer necessary' },
    ),
  );
}

async function restoreInto(ledgers: LedgerCopyEntry[][]) {
  const target = await createEmptyDatabase();
  targets.push(target);
  const summary = await restoreWithLedger({
    connection: target.connection,
    file: backupFile,
    migrationsFolder: MIGRATIONS_FOLDER,
    ledgers,
  });
  return { target, summary };
}

async function person(url: string, id: string): Promise<{ family_name: string; anonymised: boolean } | undefined> {
  const [row] = await adminRows<{ family_name: string; anonymised: boolean }>(
    url,
    `select family_name, anonymised_at is not null as anonymised from participant where id = $1`,
    [id],
  );
  return row;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durchstarten-ledger-'));
  source = await createTestDatabase();
  await createDemo({ db: source.handle.db, secrets: createSecretBox(TEST_SECRET_KEY) });
  const [row] = await adminRows<{ id: string }>(
    source.adminUrl,
    `select id from organisation where name = 'Stadt Köln'`,
  );
  koeln = row!.id;
  const ended = { caseOverrides: { exited_on: '2024-06-30', exit_outcome: 'training_dual' as const } };
  deleted = (await createFullRecord(source.handle.db, koeln, ended)).id;
  anonymised = (await createFullRecord(source.handle.db, koeln, ended)).id;
  kept = (await createFullRecord(source.handle.db, koeln, ended)).id;

  // The backup is taken while all three are present; the erasures come after it.
  backupFile = join(dir, 'before-erasure.backup.gz');
  await createBackup({ connection: source.handle.migrationConnection, file: backupFile });
  await erase(deleted, 'delete');
  await erase(anonymised, 'anonymise');
}, 120_000);

afterAll(async () => {
  for (const target of targets) await target.close();
  await source?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('restore with the deletion ledger', () => {
  it('without a newer ledger, the older backup brings the erased people back (why the merge exists)', async () => {
    const { target, summary } = await restoreInto([]);
    expect(await person(target.adminUrl, deleted)).toMatchObject({ anonymised: false });
    expect(await person(target.adminUrl, anonymised)).toMatchObject({ anonymised: false });
    expect(summary.afterMigrate.merge.inserted).toBe(0);
  }, 60_000);

  it('merges the ledger of the database being replaced and erases those people again', async () => {
    const newer = await readLedger(source.handle.db);
    expect(newer.map((entry) => entry.participantId).sort()).toEqual([deleted, anonymised].sort());
    const { target, summary } = await restoreInto([newer]);
    expect(summary.afterMigrate.merge).toEqual({
      inserted: 2,
      renumbered: 0,
      alreadyPresent: 0,
      unknownMunicipality: 0,
    });
    expect(summary.afterMigrate.reapplied).toMatchObject({ deleted: 1, anonymised: 1 });
    expect(await person(target.adminUrl, deleted)).toBeUndefined();
    expect(await person(target.adminUrl, anonymised)).toMatchObject({
      anonymised: true,
      family_name: '[anonymisiert]',
    });
    expect(await person(target.adminUrl, kept)).toMatchObject({ anonymised: false });

    // The merged entries keep their numbers; the re-application adds its own after them, and the identity goes on.
    const ledger = await adminRows<{ seq: string; participant_id: string; reason: string }>(
      target.adminUrl,
      `select seq::text, participant_id, reason from deletion_ledger order by seq`,
    );
    expect(ledger.slice(0, 2).map((entry) => entry.seq)).toEqual(newer.map((entry) => entry.seq));
    expect(ledger.slice(2).every((entry) => entry.reason.startsWith('reapplied after a restore'))).toBe(true);
    const [sequence] = await adminRows<{ last: string }>(
      target.adminUrl,
      `select last_value::text as last from deletion_ledger_seq_seq`,
    );
    expect(Number(sequence?.last)).toBe(Math.max(...ledger.map((entry) => Number(entry.seq))));

    const db = ownerKysely(target.connection);
    try {
      expect((await verifyAuditLog(db)).ok).toBe(true);
    } finally {
      await db.destroy();
    }
  }, 60_000);

  it('uses the ledger copy file when the database is lost, and the copy never forgets an entry', async () => {
    const copy = join(dir, 'deletion-ledger.jsonl');
    expect(await exportLedgerCopy(source.handle.db, copy)).toEqual({ entries: 2, added: 2 });
    // No personal data in the copy: ids, class, reason, counts.
    const text = await readFile(copy, 'utf8');
    expect(text).not.toMatch(/Testperson|Tischler|Aleppo/);

    const { target, summary } = await restoreInto([await readLedgerFile(copy)]);
    expect(summary.afterMigrate.reapplied).toMatchObject({ deleted: 1, anonymised: 1 });
    expect(await person(target.adminUrl, deleted)).toBeUndefined();
    expect(await person(target.adminUrl, anonymised)).toMatchObject({ anonymised: true });

    // A database without those entries (restored carelessly, say) does not shrink the copy: file := file ∪ database.
    const bare = await restoreInto([]);
    const db = ownerKysely(bare.target.connection);
    try {
      expect(await exportLedgerCopy(db, copy)).toEqual({ entries: 2, added: 0 });
    } finally {
      await db.destroy();
    }
    expect((await readLedgerFile(copy)).map((entry) => entry.participantId).sort()).toEqual(
      [deleted, anonymised].sort(),
    );
  }, 90_000);

  it('merges several copies without duplicates, and a second re-application finds nothing to do', async () => {
    const newer = await readLedger(source.handle.db);
    const { target, summary } = await restoreInto([
      newer,
      newer,
      await readLedgerFile(join(dir, 'deletion-ledger.jsonl')),
    ]);
    expect(summary.afterMigrate.merge.inserted).toBe(2);
    const [count] = await adminRows<{ n: string }>(
      target.adminUrl,
      `select count(*) as n from deletion_ledger where reason not like 'reapplied%'`,
    );
    expect(Number(count?.n)).toBe(2);
    const db = ownerKysely(target.connection);
    try {
      expect(await reapplyDeletionLedger(db)).toMatchObject({ deleted: 0, anonymised: 0, consentData: 0 });
    } finally {
      await db.destroy();
    }
  }, 60_000);
});

describe('the scheduled backup', () => {
  it('runs daily at 02:00 (before retention), writes a backup and the ledger copy, and prunes old backups', async () => {
    const backups = join(dir, 'scheduled');
    await mkdir(backups, { recursive: true });
    const old = backupFileName(new Date('2026-01-01T01:00:00Z'));
    await writeFile(join(backups, old), 'an old backup');
    await writeFile(join(backups, 'keep-me.txt'), 'not ours');
    const now = () => new Date('2026-03-01T01:00:00Z');
    const jobs = applicationJobs({
      db: source.handle.db,
      now,
      backup: { connection: source.handle.migrationConnection, dir: backups, schedule: '0 2 * * *', retentionDays: 35 },
    });
    expect(jobs.map((job) => [job.name, job.schedule])).toEqual(
      expect.arrayContaining([
        ['backup', '0 2 * * *'],
        ['ledger-copy', '5 * * * *'],
        ['retention', '30 2 * * *'],
      ]),
    );
    expect(applicationJobs({ db: source.handle.db }).some((job) => job.name === 'backup')).toBe(false);

    const job = jobs.find((candidate) => candidate.name === 'backup')!;
    const result = await job.run({
      slot: now(),
      signal: new AbortController().signal,
      logger: createLogger({ logLevel: 'silent', logFormat: 'json' }),
    });
    const written = backupFileName(now());
    expect(result).toMatchObject({ file: join(backups, written), ledgerEntries: 2, deleted: 1, kept: 1 });
    expect((await readdir(backups)).sort()).toEqual(['deletion-ledger.jsonl', written, 'keep-me.txt'].sort());
    expect((await stat(join(backups, written))).mode & 0o777).toBe(0o600);
  }, 60_000);
});

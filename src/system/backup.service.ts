// Backup and restore as use cases of the whole system (issue 5): the platform streams tables (platform/db/backup);
// this file adds what only the composition knows — the deletion ledger. A backup refreshes the ledger copy next to
// it; a restore merges the newer ledgers it is given and re-applies them inside its own transaction, so that people
// erased after the backup was taken stay erased.
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Database } from '../database.ts';
import { reapplyDeletionLedger, type LedgerReapplication } from '../data-rights/erasure.service.ts';
import {
  exportLedgerCopy,
  LEDGER_COPY_FILE,
  mergeLedger,
  unionLedgers,
  type LedgerCopyEntry,
  type LedgerMerge,
} from '../data-rights/ledger-copy.service.ts';
import { createBackup, type BackupProgress, type BackupSummary } from '../platform/db/backup/backup.ts';
import { backupFileName } from '../platform/db/backup/backup-format.ts';
import { restoreBackup, type RestoreProgress, type RestoreSummary } from '../platform/db/backup/restore.ts';
import { pruneBackups, type PruneResult } from '../platform/db/backup/retention.ts';
import type { JobDefinition } from '../platform/jobs/scheduler.ts';

export interface BackupJobSettings {
  /** Owner connection (DatabaseHandle.migrationConnection): the backup reads every tenant. */
  connection: pg.ClientConfig;
  dir: string;
  schedule: string;
  retentionDays: number;
}

export function ledgerCopyPath(dir: string): string {
  return join(dir, LEDGER_COPY_FILE);
}

/** A backup into `file` (default: a new time-stamped file in `dir`), then the ledger copy in the same directory. */
export async function backupWithLedgerCopy(options: {
  db: Kysely<Database>;
  connection: pg.ClientConfig;
  dir: string;
  file?: string;
  now: () => Date;
  onProgress?: (progress: BackupProgress) => void;
}): Promise<{ backup: BackupSummary; ledger: { file: string; entries: number; added: number } }> {
  const file = options.file ?? join(options.dir, backupFileName(options.now()));
  const backup = await createBackup({ connection: options.connection, file, onProgress: options.onProgress });
  const ledgerFile = ledgerCopyPath(options.dir);
  const ledger = await exportLedgerCopy(options.db, ledgerFile);
  return { backup, ledger: { file: ledgerFile, ...ledger } };
}

/** The scheduled backup (daily, before retention at 02:30) and the hourly ledger copy. */
export function backupJobs(deps: {
  db: Kysely<Database>;
  now: () => Date;
  backup: BackupJobSettings;
}): JobDefinition[] {
  const { db, now, backup } = deps;
  return [
    {
      name: 'backup',
      schedule: backup.schedule,
      description: `Back up the database into ${backup.dir}, copy the deletion ledger, delete backups older than ${backup.retentionDays} days`,
      run: async () => {
        const result = await backupWithLedgerCopy({ db, connection: backup.connection, dir: backup.dir, now });
        const pruned: PruneResult = await pruneBackups({
          dir: backup.dir,
          retentionDays: backup.retentionDays,
          now: now(),
        });
        return {
          file: result.backup.file,
          bytes: result.backup.bytes,
          rows: result.backup.manifest.tables.reduce((sum, table) => sum + table.rows, 0),
          ledgerEntries: result.ledger.entries,
          deleted: pruned.deleted.length,
          kept: pruned.kept.length,
        };
      },
    },
    {
      name: 'ledger-copy',
      schedule: '5 * * * *',
      description: `Copy the deletion ledger to ${ledgerCopyPath(backup.dir)} (survives the database for a restore)`,
      run: () => exportLedgerCopy(db, ledgerCopyPath(backup.dir)),
    },
  ];
}

export interface RestoreWithLedger extends RestoreSummary {
  afterMigrate: { merge: LedgerMerge; reapplied: LedgerReapplication };
}

/**
 * Restores `file` into the empty database behind `connection`, then (same transaction) merges the newer ledgers
 * and re-applies the ledger: whoever the ledgers say was erased is erased again.
 */
export async function restoreWithLedger(options: {
  connection: pg.ClientConfig;
  file: string;
  migrationsFolder: string;
  ledgers: readonly (readonly LedgerCopyEntry[])[];
  now?: () => Date;
  onProgress?: (progress: RestoreProgress) => void;
}): Promise<RestoreWithLedger> {
  const summary = await restoreBackup<Database>({
    connection: options.connection,
    file: options.file,
    migrationsFolder: options.migrationsFolder,
    onProgress: options.onProgress,
    afterMigrate: async (db) => {
      const merge = await mergeLedger(db, unionLedgers(...options.ledgers));
      const reapplied = await reapplyDeletionLedger(db, options.now ? { now: options.now } : {});
      return { merge, reapplied };
    },
  });
  return summary as RestoreWithLedger;
}

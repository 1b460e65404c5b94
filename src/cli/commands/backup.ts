import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import {
  LEDGER_COPY_FILE,
  LedgerCopyError,
  readLedger,
  readLedgerFile,
  type LedgerCopyEntry,
} from '../../data-rights/ledger-copy.service.ts';
import { BackupError } from '../../platform/db/backup/backup.ts';
import { BackupFormatError } from '../../platform/db/backup/backup-format.ts';
import { RestoreRefusedError } from '../../platform/db/backup/restore.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { backupWithLedgerCopy, restoreWithLedger } from '../../system/backup.service.ts';
import { cliContext, CliError } from '../context.ts';

/** Errors written for the operator become plain messages (no stack); a refusal is the operator's mistake (exit 2). */
function asCliError(error: unknown): unknown {
  if (error instanceof RestoreRefusedError) return new CliError(error.message, 2);
  if (error instanceof BackupFormatError || error instanceof BackupError || error instanceof LedgerCopyError) {
    return new CliError(error.message, 1);
  }
  return error;
}

/** A progress bar on a terminal; nothing when the output goes to a file or pipe. */
function progressBar(format: string): SingleBar | undefined {
  return process.stderr.isTTY ? new SingleBar({ format, stream: process.stderr, hideCursor: true }) : undefined;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** `--ledger-from`: a PostgreSQL URL (the database being replaced) or a ledger copy file. */
async function readLedgerSource(source: string): Promise<LedgerCopyEntry[]> {
  if (/^postgres(ql)?:\/\//.test(source)) {
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: source, max: 1 }) }),
    });
    try {
      return await readLedger(db);
    } finally {
      await db.destroy();
    }
  }
  if (!(await exists(source))) throw new CliError(`--ledger-from ${source}: no such file.`, 2);
  return readLedgerFile(source);
}

export function registerBackupCommands(program: Command): void {
  program
    .command('db:backup [file]')
    .description(
      'Back up the whole database into one file (one consistent snapshot, gzip, mode 0600), default ' +
        '<backup dir>/durchstarten-<UTC time>.backup.gz; also refreshes the deletion-ledger copy in the backup directory',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string | undefined, options: { json?: boolean }) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      const bar = progressBar('{bar} {value}/{total} tables | {table}: {rows} rows');
      try {
        const result = await backupWithLedgerCopy({
          db: database.db,
          connection: database.migrationConnection,
          dir: context.config.backup.dir,
          ...(file ? { file: resolve(file) } : {}),
          now: () => new Date(),
          onProgress: (progress) => {
            if (progress.phase === 'start') bar?.start(progress.tables, 0, { table: '', rows: 0 });
            else bar?.update(progress.index + (progress.done ? 1 : 0), { table: progress.table, rows: progress.rows });
          },
        });
        bar?.stop();
        const { backup, ledger } = result;
        const rows = backup.manifest.tables.reduce((sum, table) => sum + table.rows, 0);
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...result, rows }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `Backup written: ${backup.file}\n` +
            `  ${backup.manifest.tables.length} tables, ${rows} rows, ${megabytes(backup.bytes)}, ` +
            `migration ${backup.manifest.migration}, PostgreSQL ${backup.manifest.serverVersion}, ` +
            `${(backup.durationMs / 1000).toFixed(1)} s\n` +
            `Deletion-ledger copy: ${ledger.file} (${ledger.entries} entries, ${ledger.added} new)\n`,
        );
      } catch (error) {
        throw asCliError(error);
      } finally {
        bar?.stop();
        await database.close();
      }
    });

  program
    .command('db:restore <file>')
    .description(
      'Restore a backup into an EMPTY database (refused otherwise), migrate it to this release and re-apply the ' +
        'deletion ledger, merged with the newer ledger copies (the one in the backup directory is used automatically)',
    )
    .option(
      '--ledger-from <source>',
      'a newer deletion ledger: the database being replaced (postgres:// URL) or a ledger copy file; repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: { ledgerFrom: string[]; json?: boolean }) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const path = resolve(file);
      // The copies the backup job keeps: next to the backups, and next to this file if it was moved elsewhere.
      const copies = [
        ...new Set([join(context.config.backup.dir, LEDGER_COPY_FILE), join(dirname(path), LEDGER_COPY_FILE)]),
      ];
      const sources = [
        ...(await Promise.all(copies.map(async (c) => ((await exists(c)) ? c : null)))),
        ...options.ledgerFrom,
      ].filter((source): source is string => source !== null);
      const ledgers: { source: string; entries: LedgerCopyEntry[] }[] = [];
      try {
        for (const source of sources) ledgers.push({ source, entries: await readLedgerSource(source) });
      } catch (error) {
        throw asCliError(error);
      }

      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      const bar = progressBar('{bar} {percentage}% | {value}/{total} rows | {table}');
      try {
        const summary = await restoreWithLedger({
          connection: database.migrationConnection,
          file: path,
          migrationsFolder: MIGRATIONS_FOLDER,
          ledgers: ledgers.map((ledger) => ledger.entries),
          onProgress: (progress) => {
            if (progress.phase === 'start') {
              bar?.start(
                progress.manifest.tables.reduce((sum, table) => sum + table.rows, 0),
                0,
                { table: '' },
              );
            } else if (progress.phase === 'table') {
              bar?.update(progress.totalRows, { table: progress.table });
            } else {
              bar?.update({ table: progress.phase === 'schema' ? `schema ${progress.migration}` : progress.phase });
            }
          },
        });
        bar?.stop();
        const { merge, reapplied } = summary.afterMigrate;
        if (options.json) {
          process.stdout.write(`${JSON.stringify({ ...summary, ledgerSources: sources }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `Restored ${path}\n` +
            `  backup of ${summary.manifest.createdAt} (PostgreSQL ${summary.manifest.serverVersion}), ` +
            `${summary.manifest.tables.length} tables, ${summary.rows} rows, verified against the manifest\n` +
            `  schema: migration ${summary.manifest.migration}` +
            `${summary.migrated.length > 0 ? `, then ${summary.migrated.length} newer migrations` : ' (current)'}\n` +
            `  deletion ledger: ${sources.length > 0 ? sources.map((s, i) => `${s} (${ledgers[i]?.entries.length ?? 0} entries)`).join(', ') : 'no newer copy given'}; ` +
            `${merge.inserted} entries merged, ${reapplied.deleted} people deleted and ${reapplied.anonymised} anonymised again, ` +
            `${reapplied.consentData} consent revocations re-applied\n` +
            `  ${(summary.durationMs / 1000).toFixed(1)} s\n`,
        );
        if (sources.length === 0) {
          process.stderr.write(
            'warning: no newer deletion ledger was merged; people erased after this backup was taken may be back. ' +
              'Merge the newest ledger with --ledger-from (docs/operations.md, "Backup").\n',
          );
        }
      } catch (error) {
        throw asCliError(error);
      } finally {
        bar?.stop();
        await database.close();
      }
    });
}

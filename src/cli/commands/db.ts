import type { Command } from 'commander';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import { openDatabase, type DatabaseHandle } from '../../platform/db/database.ts';
import { migrateDown, migrateTo } from '../../platform/db/migrations.ts';
import { cliContext, CliError, type CliContext } from '../context.ts';

async function withDatabase<T>(
  context: CliContext,
  work: (database: DatabaseHandle<Database>) => Promise<T>,
): Promise<T> {
  const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: false });
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

interface MigrateOptions {
  down?: boolean;
  to?: string;
}

export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('Apply all pending migrations (or migrate one step down, or to a named migration)')
    .option('--down', 'undo the most recent migration')
    .option('--to <name>', 'migrate up or down to this migration; "none" undoes all')
    .action(async (options: MigrateOptions) => {
      if (options.down && options.to) throw new CliError('Use either --down or --to, not both.', 2);
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      await withDatabase(context, async (database) => {
        const current = await database.migrationStatus();
        const known = [...current.applied, ...current.pending];
        if (options.to && options.to !== 'none' && !known.includes(options.to)) {
          throw new CliError(`Unknown migration "${options.to}". Known: ${known.join(', ') || 'none'}.`, 2);
        }
        const steps = options.down
          ? await migrateDown(database.migrationConnection, MIGRATIONS_FOLDER)
          : options.to
            ? await migrateTo(database.migrationConnection, MIGRATIONS_FOLDER, options.to)
            : await database.migrate();
        process.stdout.write(
          steps.length > 0 ? `${steps.join('\n')}\n` : 'Nothing to migrate: the schema is current.\n',
        );
      });
    });

  program
    .command('db:status')
    .description('Show the database mode, server version and applied/pending migrations')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      await withDatabase(context, async (database) => {
        const status = await database.migrationStatus();
        const report = {
          mode: database.mode,
          dataDir: database.mode === 'embedded' ? context.config.dataDir : null,
          serverVersion: await database.serverVersion(),
          applied: status.applied,
          pending: status.pending,
        };
        if (options.json) {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          return;
        }
        const lines = [
          `mode:            ${report.mode}${report.dataDir ? ` (${report.dataDir})` : ''}`,
          `server version:  PostgreSQL ${report.serverVersion}`,
          `migrations:      ${status.applied.length} applied, ${status.pending.length} pending`,
          ...status.applied.map((name) => `  applied  ${name}`),
          ...status.pending.map((name) => `  pending  ${name}`),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}

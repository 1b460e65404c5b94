import type { Command } from 'commander';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import { loadBundledProgrammes } from '../../funding/programme.bundled.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { cliContext } from '../context.ts';

export function registerFundingCommands(program: Command): void {
  program
    .command('funding:programmes:load')
    .description(
      'Create the bundled funding programmes (src/funding/programmes/*.json) that do not exist yet, with the state ' +
        'budgets and caps their definitions imply; existing programmes are left alone (the server does this at ' +
        'every start, after the migrations)',
    )
    .action(async () => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
      try {
        const loaded = await loadBundledProgrammes(database.db);
        process.stdout.write(`${JSON.stringify(loaded, null, 2)}\n`);
      } finally {
        await database.close();
      }
    });
}

import type { Command } from 'commander';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import { runFullDetection } from '../../careers/career-detection.service.ts';
import { localDate } from '../../cases/case.rules.ts';
import type { Database } from '../../database.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { cliContext, CliError } from '../context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function registerCareerCommands(program: Command): void {
  program
    .command('careers:detect')
    .description(
      'Run the measure-career detector over every person (of one municipality, or of all): opens, refreshes and resolves alerts',
    )
    .option('--municipality <id>', 'only this municipality (organisation id)')
    .option('--today <date>', 'the day the rules count months to (YYYY-MM-DD); default: today in Germany')
    .action(async (options: { municipality?: string; today?: string }) => {
      if (options.municipality !== undefined && !UUID.test(options.municipality)) {
        throw new CliError('--municipality must be an organisation id (a UUID).', 2);
      }
      if (options.today !== undefined && (!DAY.test(options.today) || Number.isNaN(Date.parse(options.today)))) {
        throw new CliError('--today must be a date like 2026-11-30.', 2);
      }
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      try {
        const started = performance.now();
        const counts = await runFullDetection(database.db, {
          today: options.today ?? localDate(new Date()),
          ...(options.municipality ? { municipalityId: options.municipality } : {}),
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(`${JSON.stringify({ ...counts, seconds: Number(seconds) }, null, 2)}\n`);
      } finally {
        await database.close();
      }
    });
}

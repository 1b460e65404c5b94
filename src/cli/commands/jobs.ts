import type { Command } from 'commander';
import { configuredJobs, MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { createScheduler, listJobRuns, type JobRunRecord } from '../../platform/jobs/scheduler.ts';
import { cliContext, CliError } from '../context.ts';

function formatRun(run: JobRunRecord | undefined): string {
  if (!run) return 'never';
  const finished = run.finishedAt ? ` finished ${run.finishedAt.toISOString()}` : '';
  return `${run.status} (slot ${run.slot.toISOString()}${finished}, ${run.instance})`;
}

export function registerJobCommands(program: Command): void {
  program
    .command('jobs:list')
    .description('List the scheduled jobs with their schedule (Europe/Berlin), next run and last recorded run')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      try {
        const scheduler = createScheduler({ db: database.db, logger: context.logger });
        for (const job of configuredJobs(context.config, database)) scheduler.register(job);
        const rows = [];
        for (const job of scheduler.jobs()) {
          const [last] = await listJobRuns(database.db, { job: job.name, limit: 1 });
          rows.push({
            name: job.name,
            schedule: job.schedule,
            description: job.description,
            nextRun: scheduler.nextRun(job.name)?.toISOString() ?? null,
            lastRun: last ?? null,
          });
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        for (const row of rows) {
          process.stdout.write(
            `${row.name}\n  ${row.description}\n  schedule ${row.schedule} (Europe/Berlin), next ${row.nextRun ?? '-'}\n` +
              `  last ${formatRun(row.lastRun ?? undefined)}\n`,
          );
        }
      } finally {
        await database.close();
      }
    });

  program
    .command('jobs:run <job>')
    .description('Run a scheduled job now, once (recorded in job_run like a scheduled run); prints its result')
    .action(async (name: string) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      try {
        const scheduler = createScheduler({ db: database.db, logger: context.logger, instance: `cli:${process.pid}` });
        const jobs = configuredJobs(context.config, database);
        for (const job of jobs) scheduler.register(job);
        if (!jobs.some((job) => job.name === name)) {
          throw new CliError(`Unknown job "${name}". Jobs: ${jobs.map((job) => job.name).join(', ')}.`, 2);
        }
        const outcome = await scheduler.runNow(name);
        process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
        if (outcome.status !== 'succeeded') process.exitCode = 1;
      } finally {
        await database.close();
      }
    });
}

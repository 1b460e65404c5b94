import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { SEED_PROFILES, seedProfileNames, type SeedProfileName } from '../../seed/seed.profiles.ts';
import type { FundingSeedSummary } from '../../seed/funding-seed.service.ts';
import { createSeedService, type SeedSummary } from '../../seed/seed.service.ts';
import { HISTORICAL_UNTIL } from '../../seed/seed-window.rules.ts';
import { SEED_TABLES } from '../../seed/seed.writer.ts';
import { cliContext } from '../context.ts';

interface SeedOptions {
  profile: SeedProfileName;
  seed: string;
  scale: string;
  until: string;
  replace?: boolean;
  json?: boolean;
}

/** "12.5" → 12.5; anything that is not plainly a number → NaN (the service then lists it as invalid). */
function parseNumber(value: string): number {
  return /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
}

function fundingLine(funding: FundingSeedSummary): string {
  if (funding.status !== 'seeded') return `  funding: ${funding.status} (${funding.reason ?? ''})`;
  return (
    `  funding: ${funding.stateBudgets} state budgets, ${funding.allocations} allocations (key over ` +
    `${funding.keyRecipients} recipients), ${funding.grants} grants with ${funding.decisions} decisions, ` +
    `${funding.contracts} forwarding contracts, ${funding.paymentRequests} payment requests (${funding.bookings} ` +
    `bookings), ${funding.proofs} proofs of use in progress with ${funding.receipts} receipts ` +
    `(${(funding.durationMs / 1000).toFixed(1)} s)`
  );
}

function report(summary: SeedSummary): string {
  const total = SEED_TABLES.reduce((sum, table) => sum + summary.rows[table], 0);
  const seconds = summary.durationMs / 1000;
  const width = Math.max(...SEED_TABLES.map((table) => table.length));
  return [
    `Demo data generated: profile ${summary.profile}, seed ${summary.seed}, scale ${summary.scale}, ` +
      `entries until ${summary.until}`,
    `  municipalities: ${summary.sites.length} (${summary.organisationsCreated.municipalities} created), ` +
      `providers created: ${summary.organisationsCreated.providers}, teams created: ${summary.teamsCreated}`,
    `  provider contacts created: ${summary.providerContactsCreated}, measure-career alerts opened: ${summary.careerAlerts}`,
    ...(summary.removed.participants > 0
      ? [
          `  replaced: ${summary.removed.participants} earlier demo participants and ${summary.removed.cases} cases removed`,
        ]
      : []),
    ...(summary.funding ? [fundingLine(summary.funding)] : []),
    ...SEED_TABLES.map((table) => `  ${table.padEnd(width)}  ${String(summary.rows[table]).padStart(9)}`),
    `  ${'rows'.padEnd(width)}  ${String(total).padStart(9)}`,
    `  time: ${seconds.toFixed(1)} s (${Math.round(total / Math.max(seconds, 0.001))} rows/s, ` +
      `${Math.round(summary.rows.participant / Math.max(seconds, 0.001))} participants/s)`,
  ].join('\n');
}

/**
 * Fresh planner statistics for the tables the seed filled. Without them the planner keeps the plans of the (nearly)
 * empty tables until autovacuum gets round to it: the participant list took tens of milliseconds per query instead
 * of under one in the API benchmark. ANALYZE needs the tables' owner (the application role may not run it, and
 * PostgreSQL would only warn and skip), so it runs on the owner's maintenance connection.
 */
async function refreshStatistics(connection: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(connection);
  await client.connect();
  try {
    await client.query(`analyze ${SEED_TABLES.map((table) => pg.escapeIdentifier(table)).join(', ')}`);
  } finally {
    await client.end();
  }
}

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description(
      "Generate demo data (participants, residence statuses, cases, contacts, outcomes; providers' offers and " +
        'enrolments with a realistic share of measure careers, then the career detector) following the published ' +
        'figures of the programme, deterministically for a seed. koeln: Stadt Köln, 508 participants; nrw: all 53 ' +
        'grant recipients, 5,500 participants. With the demo accounts also the funding demo data (budgets, allocations, ' +
        "Köln's grant with payments, a proof of use in progress). Everything is marked as demo (is_demo).",
    )
    .addOption(
      new Option(
        '--profile <profile>',
        seedProfileNames.map((name) => `${name}: ${SEED_PROFILES[name].description}`).join('; '),
      )
        .choices(seedProfileNames)
        .makeOptionMandatory(),
    )
    .option('--seed <n>', 'seed of the random generator (same seed, same data)', '1')
    .option('--scale <x>', 'multiplies the number of participants (e.g. 0.1 or 18)', '1')
    .option(
      '--until <YYYY-MM>',
      'last month of the 34-month entry window; 2023-06 is DiAA as it was (every case closed, those still running ' +
        'handed over to KIM); a later month keeps the cases running at its end open, with due steps and follow-ups',
      HISTORICAL_UNTIL,
    )
    .option(
      '--replace',
      'remove the earlier demo participants (is_demo) of the municipalities first; demo funding data (financial records) are kept as they are',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (options: SeedOptions) => {
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
      const bar = new SingleBar({
        format: '{bar} {percentage}% | {value}/{total} participants | {site}',
        stream: process.stderr,
        hideCursor: true,
      });
      let started = false;
      try {
        const summary = await createSeedService({ db: database.db, poolMax: context.config.database.poolMax }).run({
          profile: options.profile,
          seed: parseNumber(options.seed),
          scale: parseNumber(options.scale),
          until: options.until,
          replace: options.replace ?? false,
          onProgress: (progress) => {
            if (!started) {
              bar.start(progress.total, 0, { site: progress.site });
              started = true;
            }
            bar.update(progress.done, { site: progress.site });
          },
        });
        if (started) bar.stop();
        await refreshStatistics(database.migrationConnection);
        process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${report(summary)}\n`);
      } finally {
        if (started) bar.stop();
        await database.close();
      }
    });
}

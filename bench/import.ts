// Import benchmark (issue 5, item 4): 100,000 participants from CSV through the product's import (the service
// `durchstarten import participants` runs: parsing, validation, duplicate check by external id, participant numbers,
// name keys, sub-records, an audit entry per participant, progress) into a fresh municipality, against PostgreSQL
// COPY of the same rows into the same tables of another fresh municipality, in the same run and database.
//
//   node bench/import.ts [--rows 100000] [--quick] [--out FILE]
//
// Prints a markdown section and appends it, dated, to docs/benchmarks.md (or FILE), with a chart.
import { chmodSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { MIGRATIONS_FOLDER } from '../src/app.ts';
import type { Database } from '../src/database.ts';
import { createParticipantImportService } from '../src/imports/participant-import.service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { withDatabase } from '../src/platform/db/bootstrap.ts';
import { EMBEDDED_DATABASE, openDatabase } from '../src/platform/db/database.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createOrganisation } from '../test/helpers/accounts.ts';
import { groupedBarSvg } from './lib/chart.ts';
import { importCsv } from './lib/import-csv.ts';
import { commandLine, machine, runContext, sectionDate } from './lib/machine.ts';
import { appendSection, chartStamp, outputFile, writeChart } from './lib/report.ts';
import { count, ratio } from './lib/stats.ts';

export const RATIO_TARGET = 0.5;
/** The tables an import of new participants writes participant data to (the audit log aside). */
const TABLES = ['participant', 'participant_residence_status', 'participant_language', 'participant_schooling'];
const log = (message: string) => process.stderr.write(`${message}\n`);

interface Measured {
  seconds: number;
  rowsPerSecond: number;
}

/** The rows the import wrote for municipality `from`, as COPY text with `to` as their municipality. */
async function copyOut(client: pg.Client, table: string, from: string, to: string): Promise<Buffer> {
  const columns = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns
      where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
    [table],
  );
  const names = columns.rows.map((row) => row.column_name);
  const select = names.map((name) => (name === 'municipality_id' ? `'${to}'::uuid as municipality_id` : `"${name}"`));
  const stream = client.query(
    copyTo(`copy (select ${select.join(', ')} from "${table}" where municipality_id = '${from}') to stdout`),
  );
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat([Buffer.from(`${names.map((name) => `"${name}"`).join(', ')}\n`), ...chunks]);
}

/** COPY FROM of every table's rows in one transaction, as the import commits its batches: timed to the commit. */
async function copyIn(client: pg.Client, data: Map<string, Buffer>): Promise<number> {
  const started = performance.now();
  await client.query('begin');
  for (const [table, buffer] of data) {
    const newline = buffer.indexOf('\n');
    const columns = buffer.subarray(0, newline).toString();
    await pipeline(
      Readable.from([buffer.subarray(newline + 1)]),
      client.query(copyFrom(`copy "${table}" (${columns}) from stdin`)),
    );
  }
  await client.query('commit');
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const quick = values.quick ?? false;
  const rows = Number(values.rows ?? (quick ? 2_000 : 100_000));
  if (!Number.isInteger(rows) || rows < 1) throw new Error(`--rows must be a positive integer, not ${values.rows}`);
  const out = outputFile(values.out);
  const command = commandLine('bench/import.ts');
  const startedAt = new Date();
  const load = loadavg();
  const m = machine();
  const workRoot = await mkdtemp(join(tmpdir(), 'durchstarten-bench-import-'));
  chmodSync(workRoot, 0o711); // as root, the "postgres" user must pass through to its cluster
  const config = loadConfig({
    DURCHSTARTEN_DATA_DIR: join(workRoot, 'data'),
    LOG_LEVEL: 'warn',
    DURCHSTARTEN_DEMO: '0',
  });
  const database = await openDatabase<Database>({
    config,
    logger: createLogger(config),
    migrationsFolder: MIGRATIONS_FOLDER,
    migrate: true,
  });
  const admin = new pg.Client({ connectionString: withDatabase(database.embedded!.adminUrl, EMBEDDED_DATABASE) });
  try {
    await admin.connect();
    const imported = await createOrganisation(database.db, 'municipality', 'Stadt Importhausen');
    const copied = await createOrganisation(database.db, 'municipality', 'Stadt Kopierhausen');
    const content = new TextEncoder().encode(importCsv(rows));
    log(`${count(rows)} rows, ${(content.byteLength / 1024 / 1024).toFixed(1)} MiB of CSV`);

    const service = createParticipantImportService({ db: database.db });
    const importStarted = performance.now();
    const outcome = await service.importAsOperator(imported, {
      fileName: 'benchmark.csv',
      skipInvalid: false,
      content,
    });
    const importSeconds = (performance.now() - importStarted) / 1000;
    const result = outcome.import;
    if (result.status !== 'succeeded' || result.createdRows !== rows) {
      throw new Error(
        `the import did not create every row: ${JSON.stringify({ ...result, problems: outcome.problems.slice(0, 5) })}`,
      );
    }
    log(`import: ${importSeconds.toFixed(1)} s`);

    const data = new Map<string, Buffer>();
    const tableRows: Record<string, number> = {};
    for (const table of TABLES) {
      data.set(table, await copyOut(admin, table, imported, copied));
      const counted = await admin.query<{ n: number }>(
        `select count(*)::int as n from "${table}" where municipality_id = $1`,
        [imported],
      );
      tableRows[table] = counted.rows[0]?.n ?? 0;
    }
    const auditRows = await admin.query<{ n: number }>(
      `select count(*)::int as n from audit_log where municipality_id = $1 and resource_type = 'participant'`,
      [imported],
    );
    const copySeconds = await copyIn(admin, data);
    for (const table of TABLES) {
      const counted = await admin.query<{ n: number }>(
        `select count(*)::int as n from "${table}" where municipality_id = $1`,
        [copied],
      );
      if (counted.rows[0]?.n !== tableRows[table]) throw new Error(`COPY wrote ${counted.rows[0]?.n} rows to ${table}`);
    }
    log(`COPY: ${copySeconds.toFixed(1)} s`);

    const app: Measured = { seconds: importSeconds, rowsPerSecond: rows / importSeconds };
    const baseline: Measured = { seconds: copySeconds, rowsPerSecond: rows / copySeconds };
    const chart = await writeChart(
      `import-${chartStamp(startedAt)}`,
      await groupedBarSvg({
        title: `Import of ${count(rows)} participants: rows/s`,
        yTitle: 'participants/s',
        bars: [
          { group: 'CSV import', series: 'app', value: app.rowsPerSecond },
          { group: 'CSV import', series: 'COPY', value: baseline.rowsPerSecond },
        ],
      }),
      out,
    );
    const share = app.rowsPerSecond / baseline.rowsPerSecond;
    const subRows = TABLES.map((table) => `${table} ${count(tableRows[table] ?? 0)}`).join(', ');
    const section = `
### Import${quick ? ' (quick smoke run: not a measurement)' : ''}, ${sectionDate(startedAt)} UTC

${runContext(command, m, load)}

${count(rows)} participants (${(content.byteLength / 1024 / 1024).toFixed(1)} MiB of CSV, ${content.byteLength > 0 ? 25 : 0} columns),
rows written: ${subRows}; audit entries: ${count(auditRows.rows[0]?.n ?? 0)}.

| Path | Time | Participants/s | Ratio to COPY | Target ≥ ${RATIO_TARGET} |
| --- | ---: | ---: | ---: | --- |
| Product import (\`importAsOperator\`, as \`durchstarten import participants\`) | ${importSeconds.toFixed(1)} s | ${count(app.rowsPerSecond)} | ${ratio(share)} | ${share >= RATIO_TARGET ? 'met' : '**missed**'} |
| Baseline: \`COPY … FROM STDIN\` of the same rows into the same tables, one transaction | ${copySeconds.toFixed(1)} s | ${count(baseline.rowsPerSecond)} | 1.00 × | |

![Import rows/s, app and COPY](${chart})
`;
    process.stdout.write(section);
    log(`appended to ${await appendSection(section, () => '# Benchmarks\n', out)}`);
  } finally {
    await admin.end().catch(() => undefined);
    await database.close();
    await rm(workRoot, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench/import.ts: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

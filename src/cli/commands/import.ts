import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import { createParticipantImportService } from '../../imports/participant-import.service.ts';
import { IMPORT_COLUMNS, type ImportProblem } from '../../imports/participant-import.rules.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { cliContext, CliError } from '../context.ts';

interface ImportOptions {
  municipality: string;
  skipInvalid?: boolean;
  report?: string;
  dryRun?: boolean;
}

const MAX_BYTES = 200 * 1024 * 1024;

function line(problem: ImportProblem): string {
  const where = [problem.row === null ? 'file' : `row ${problem.row}`, problem.column].filter(Boolean).join(', ');
  return `  ${problem.severity === 'warning' ? 'warning' : 'error'}  ${where}: ${problem.message} (${problem.code})`;
}

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report: JSON for a .json file name, else CSV (";" and UTF-8 with BOM, so that spreadsheets open it). */
async function writeReport(path: string, problems: readonly ImportProblem[], summary: object): Promise<void> {
  if (path.toLowerCase().endsWith('.json')) {
    await writeFile(path, `${JSON.stringify({ ...summary, problems }, null, 2)}\n`);
    return;
  }
  const rows = [
    'row;column;severity;code;message',
    ...problems.map((p) => [p.row, p.column, p.severity, p.code, p.message].map(csvCell).join(';')),
  ];
  await writeFile(path, `\uFEFF${rows.join('\r\n')}\r\n`);
}

export function registerImportCommands(program: Command): void {
  const importCommand = program.command('import').description('Import data from files');
  importCommand
    .command('participants <file>')
    .description(
      'Import participants from a CSV file (UTF-8, ";" or ","). Every row is validated first; nothing is imported ' +
        'unless all rows are valid (or --skip-invalid). Idempotent by external_id: a row seen before changes only ' +
        'what changed. Columns: ' +
        Object.entries(IMPORT_COLUMNS)
          .map(([name, spec]) => `${name}${spec.required ? ' (required)' : ''}`)
          .join(', '),
    )
    .requiredOption('--municipality <id|name>', 'the municipality (tenant) the participants belong to')
    .option('--skip-invalid', 'import the valid rows and report the others')
    .option('--report <file>', 'write every problem to this file (.json, else CSV)')
    .option('--dry-run', 'validate and tell what would happen, write nothing')
    .action(async (file: string, options: ImportOptions) => {
      const content = await readFile(file).catch((error: unknown) => {
        throw new CliError(`Cannot read ${file}: ${(error as Error).message}`, 2);
      });
      if (content.byteLength > MAX_BYTES) throw new CliError(`${file} is larger than 200 MiB; split it.`, 2);
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
      const bar = new SingleBar({
        format: '{bar} {percentage}% | {value}/{total} rows',
        stream: process.stderr,
        hideCursor: true,
      });
      let started = false;
      try {
        const service = createParticipantImportService({ db: database.db });
        const municipality = await service.municipality(options.municipality);
        const begin = performance.now();
        if (options.dryRun) {
          const plan = await service.dryRun(municipality.id, content);
          if (options.report) await writeReport(options.report, plan.problems, { ...plan, problems: undefined });
          const errors = plan.problems.filter((p) => p.severity === 'error');
          process.stdout.write(
            [
              `Dry run for ${municipality.name}: ${plan.totalRows} rows, ${plan.invalidRows} invalid`,
              `  would create ${plan.creates}, update ${plan.updates}, leave ${plan.unchanged} unchanged`,
              ...plan.problems.slice(0, 50).map(line),
              ...(plan.problems.length > 50 ? [`  … ${plan.problems.length - 50} more (see --report)`] : []),
            ].join('\n') + '\n',
          );
          if (errors.length > 0 && !options.skipInvalid) process.exitCode = 2;
          return;
        }
        const outcome = await service.importAsOperator(
          municipality.id,
          { fileName: basename(file).slice(0, 255), skipInvalid: options.skipInvalid ?? false, content },
          (progress) => {
            if (!started) {
              bar.start(progress.total, progress.processed);
              started = true;
            }
            bar.update(progress.processed);
          },
        );
        if (started) bar.stop();
        started = false;
        const seconds = (performance.now() - begin) / 1000;
        const result = outcome.import;
        if (options.report) await writeReport(options.report, outcome.problems, { ...result, problems: undefined });
        process.stdout.write(
          [
            `Import ${result.id} into ${municipality.name}: ${result.status}`,
            `  rows ${result.totalRows}: created ${result.createdRows}, updated ${result.updatedRows}, ` +
              `unchanged ${result.unchangedRows}, skipped ${result.skippedRows}`,
            `  time: ${seconds.toFixed(1)} s (${Math.round(result.totalRows / Math.max(seconds, 0.001))} rows/s)`,
            ...outcome.problems.slice(0, 50).map(line),
            ...(outcome.problems.length > 50 ? [`  … ${outcome.problems.length - 50} more (see --report)`] : []),
          ].join('\n') + '\n',
        );
        if (result.status === 'invalid') {
          throw new CliError('Nothing was imported: correct the rows above (or use --skip-invalid).', 2);
        }
      } finally {
        if (started) bar.stop();
        await database.close();
      }
    });
}

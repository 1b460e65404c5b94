// `durchstarten db:restore FILE`: into an EMPTY database only, in ONE transaction on one owner connection, so that a
// restore that fails at any step (a damaged file, a checksum, a migration, the ledger) leaves the target as it was:
//   1. read and check the header and manifest (backup-format.ts); the backup's migration must be known to this code;
//   2. refuse when any table of the target holds a row;
//   3. migrate the target to exactly the backup's migration (up from nothing, or down from a newer empty schema);
//   4. load every table with COPY, in the file's order (the backup wrote them so that referenced tables come first),
//      with row-level security not FORCEd (COPY FROM refuses tables whose policies apply to the caller) and the
//      tables' own triggers disabled (the audit log's append trigger would otherwise renumber and re-hash every
//      entry); both are put back exactly as they were before the transaction ends;
//   5. set every sequence to its value in the backup; verify row count and checksum of every table by reading it
//      back (and of every section of the file while it streams in);
//   6. migrate up to the current code's version (an older backup restores into a newer release);
//   7. run the caller's step (the composition root merges the newer deletion ledger and re-applies it) through a
//      Kysely whose transactions are savepoints of this one; then COMMIT.
import { access } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { pipeline, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { typeParsers } from '../database.ts';
import { FolderMigrationProvider, migrateOn } from '../migrations.ts';
import {
  BackupFormatError,
  COPY_END,
  END_MARKER,
  LineReader,
  LineSplitter,
  parseManifest,
  TABLE_MARKER,
  TableChecksum,
  type BackupManifest,
} from './backup-format.ts';
import { listTables, quoteIdent, setDeterministicOutput, type TableInfo } from './catalog.ts';
import { nestedKysely } from './nested-kysely.ts';

export type RestoreProgress =
  | { phase: 'start'; manifest: BackupManifest }
  | { phase: 'schema'; migration: string }
  | { phase: 'table'; table: string; index: number; tables: number; rows: number; totalRows: number }
  | { phase: 'verify' }
  | { phase: 'migrate' }
  | { phase: 'finish' };

export interface RestoreOptions<DB> {
  /** Owner connection of the target (DatabaseHandle.migrationConnection). */
  connection: pg.ClientConfig;
  file: string;
  migrationsFolder: string;
  onProgress?: (progress: RestoreProgress) => void;
  /** Runs last, inside the restore's transaction, on the schema of the current code (the deletion ledger). */
  afterMigrate?: (db: Kysely<DB>) => Promise<unknown>;
}

export interface RestoreSummary {
  manifest: BackupManifest;
  /** Migrations applied after loading the data (the backup's version up to the current code's). */
  migrated: string[];
  rows: number;
  afterMigrate: unknown;
  durationMs: number;
}

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

const BATCH_BYTES = 256 * 1024;
const PROGRESS_EVERY = 5_000;

function openBackup(file: string): LineReader {
  const stream = pipeline(createReadStream(file), createGunzip(), () => undefined);
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_INVALID_ARG_TYPE') {
        throw new BackupFormatError(
          `The backup file is damaged, truncated or not a Durchstarten backup (${(error as Error).message}).`,
          { cause: error },
        );
      }
      throw error;
    }
  }
  return new LineReader(chunks());
}

async function hasRows(client: pg.Client, table: string): Promise<boolean> {
  const { rows } = await client.query<{ any: boolean }>(`select exists (select 1 from ${quoteIdent(table)}) as any`);
  return rows[0]?.any ?? false;
}

/** Step 2: names the tables that hold rows. Looks under FORCE RLS inside a savepoint that is rolled back. */
async function refuseUnlessEmpty(client: pg.Client): Promise<void> {
  const tables = await listTables(client);
  const filled: string[] = [];
  for (const table of tables.filter((t) => !t.forced)) if (await hasRows(client, table.name)) filled.push(table.name);
  if (filled.length === 0) {
    // Only now touch the RLS tables (ALTER takes a lock), and only for as long as it takes to look.
    await client.query(`set local lock_timeout = '10s'`);
    await client.query('savepoint empty_check');
    for (const table of tables.filter((t) => t.forced)) {
      await client.query(`alter table ${quoteIdent(table.name)} no force row level security`);
      if (await hasRows(client, table.name)) filled.push(table.name);
    }
    await client.query('rollback to savepoint empty_check');
    await client.query('set local lock_timeout = 0');
  }
  if (filled.length > 0) {
    throw new RestoreRefusedError(
      `The target database is not empty (rows in ${filled.join(', ')}). A restore goes into an empty database ` +
        'only: create a new one (or a new data directory) and restore there.',
    );
  }
}

interface PreparedTables {
  forced: string[];
  triggers: { table: string; name: string; mode: string }[];
}

/** Step 4 set-up: FORCE RLS off and the tables' own triggers off, remembering how they were. */
async function prepareTables(client: pg.Client, tables: readonly TableInfo[]): Promise<PreparedTables> {
  const forced = tables.filter((t) => t.forced).map((t) => t.name);
  for (const name of forced) await client.query(`alter table ${quoteIdent(name)} no force row level security`);
  const { rows: triggers } = await client.query<{ table: string; name: string; mode: string }>(
    `select c.relname as table, t.tgname as name, t.tgenabled::text as mode
       from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where c.relnamespace = 'public'::regnamespace and not t.tgisinternal and t.tgenabled <> 'D'`,
  );
  for (const t of triggers) {
    await client.query(`alter table ${quoteIdent(t.table)} disable trigger ${quoteIdent(t.name)}`);
  }
  return { forced, triggers };
}

async function restoreTables(client: pg.Client, prepared: PreparedTables): Promise<void> {
  const enable: Record<string, string> = {
    O: 'enable trigger',
    A: 'enable always trigger',
    R: 'enable replica trigger',
  };
  for (const t of prepared.triggers) {
    await client.query(
      `alter table ${quoteIdent(t.table)} ${enable[t.mode] ?? 'enable trigger'} ${quoteIdent(t.name)}`,
    );
  }
  for (const name of prepared.forced) await client.query(`alter table ${quoteIdent(name)} force row level security`);
}

async function write(stream: Writable, data: Buffer): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain');
}

/** Streams one table section of the file into COPY FROM, checking its count and checksum against the manifest. */
async function loadTable(
  client: pg.Client,
  reader: LineReader,
  entry: BackupManifest['tables'][number],
  onRows: (rows: number) => void,
): Promise<void> {
  const copy = client.query(
    copyFrom(`copy ${quoteIdent(entry.name)} (${entry.columns.map(quoteIdent).join(', ')}) from stdin`),
  );
  const done = finished(copy);
  done.catch(() => undefined);
  const checksum = new TableChecksum();
  try {
    let batch: Buffer[] = [];
    let bytes = 0;
    for (;;) {
      const line = await reader.next();
      if (line === null) throw new BackupFormatError(`The backup file ends inside table ${entry.name} (truncated).`);
      if (line.length === 2 && line.toString('latin1') === COPY_END) break;
      checksum.add(line);
      batch.push(line, NEWLINE);
      bytes += line.length + 1;
      if (bytes >= BATCH_BYTES) {
        await write(copy, Buffer.concat(batch));
        batch = [];
        bytes = 0;
      }
      if (checksum.rows % PROGRESS_EVERY === 0) onRows(checksum.rows);
    }
    if (batch.length > 0) await write(copy, Buffer.concat(batch));
    if (checksum.rows !== entry.rows || checksum.digest() !== entry.checksum) {
      throw new BackupFormatError(
        `Table ${entry.name} in the backup file does not match its manifest ` +
          `(${checksum.rows} rows, manifest ${entry.rows}; checksum ${checksum.rows === entry.rows ? 'differs' : 'not compared'}).`,
      );
    }
    copy.end();
    await done;
    onRows(checksum.rows);
  } catch (error) {
    // Abort the COPY (the server answers with an error); the transaction is rolled back by the caller.
    copy.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => undefined);
    // The server refusing a row (bad syntax, a broken constraint) means the file's data are damaged.
    const pgError = error as { code?: unknown; severity?: unknown; message?: unknown };
    if (typeof pgError.code === 'string' && typeof pgError.severity === 'string' && /^2[23]/.test(pgError.code)) {
      throw new BackupFormatError(
        `Table ${entry.name} could not be loaded from the backup file, which is damaged: ${String(pgError.message)}.`,
        { cause: error },
      );
    }
    throw error;
  }
}
const NEWLINE = Buffer.from('\n');

/** Step 5: what the database holds now, table by table, against the manifest. */
async function verifyTables(client: pg.Client, manifest: BackupManifest): Promise<void> {
  for (const entry of manifest.tables) {
    const checksum = new TableChecksum();
    const splitter = new LineSplitter();
    const columns = entry.columns.map(quoteIdent).join(', ');
    const stream = client.query(copyTo(`copy (select ${columns} from ${quoteIdent(entry.name)}) to stdout`));
    for await (const chunk of stream as AsyncIterable<Buffer>)
      for (const line of splitter.push(chunk)) checksum.add(line);
    if (checksum.rows !== entry.rows || checksum.digest() !== entry.checksum) {
      throw new Error(
        `After loading, table ${entry.name} holds ${checksum.rows} rows (backup: ${entry.rows})` +
          `${checksum.rows === entry.rows ? ' with a different checksum' : ''}; the restore is rolled back.`,
      );
    }
  }
}

export async function restoreBackup<DB>(options: RestoreOptions<DB>): Promise<RestoreSummary> {
  const started = performance.now();
  await access(options.file).catch(() => {
    throw new BackupFormatError(`No backup file ${options.file}.`);
  });
  const reader = openBackup(options.file);
  let manifest: BackupManifest;
  try {
    manifest = parseManifest(await reader.next(), await reader.next());
    const known = await new FolderMigrationProvider(options.migrationsFolder).names();
    if (!known.includes(manifest.migration)) {
      throw new BackupFormatError(
        `The backup was made at migration ${manifest.migration}, which this release does not know ` +
          '(a backup of a newer release): restore it with that release or a newer one.',
      );
    }
  } catch (error) {
    await reader.close();
    throw error;
  }
  options.onProgress?.({ phase: 'start', manifest });
  const totalRows = manifest.tables.reduce((sum, table) => sum + table.rows, 0);

  const client = new pg.Client({ ...options.connection, application_name: 'durchstarten-restore', types: typeParsers });
  await client.connect();
  const db = nestedKysely<DB>(client);
  try {
    await setDeterministicOutput(client);
    await client.query('begin');
    await refuseUnlessEmpty(client);

    options.onProgress?.({ phase: 'schema', migration: manifest.migration });
    await migrateOn(db as Kysely<unknown>, options.migrationsFolder, manifest.migration);
    const tables = await listTables(client);
    const byName = new Map(tables.map((t) => [t.name, t]));
    for (const entry of manifest.tables) {
      const table = byName.get(entry.name);
      const missing = entry.columns.filter((column) => !table?.columns.includes(column));
      if (!table || missing.length > 0) {
        throw new BackupFormatError(
          `The backup's table ${entry.name}${table ? ` (columns ${missing.join(', ')})` : ''} does not exist at ` +
            `migration ${manifest.migration} of this release.`,
        );
      }
    }
    const unlisted = tables.filter((t) => !manifest.tables.some((entry) => entry.name === t.name));
    if (unlisted.length > 0) {
      throw new BackupFormatError(`The backup has no section for ${unlisted.map((t) => t.name).join(', ')}.`);
    }

    const prepared = await prepareTables(client, tables);
    let loaded = 0;
    for (const [index, entry] of manifest.tables.entries()) {
      const marker = (await reader.next())?.toString('utf8');
      if (marker !== `${TABLE_MARKER}${entry.name}`) {
        throw new BackupFormatError(
          `Expected the section of table ${entry.name} in the backup file, found "${marker}".`,
        );
      }
      const report = (rows: number) =>
        options.onProgress?.({
          phase: 'table',
          table: entry.name,
          index,
          tables: manifest.tables.length,
          rows,
          totalRows: loaded + rows,
        });
      report(0);
      await loadTable(client, reader, entry, report);
      loaded += entry.rows;
    }
    if ((await reader.next())?.toString('utf8') !== END_MARKER || (await reader.next()) !== null) {
      throw new BackupFormatError('The backup file does not end after its last table as it should.');
    }
    for (const seq of manifest.sequences) {
      await client.query('select setval($1::regclass, $2::bigint, $3)', [
        quoteIdent(seq.name),
        seq.lastValue,
        seq.isCalled,
      ]);
    }
    options.onProgress?.({ phase: 'verify' });
    await verifyTables(client, manifest);
    await restoreTables(client, prepared);

    options.onProgress?.({ phase: 'migrate' });
    const migrated = await migrateOn(db as Kysely<unknown>, options.migrationsFolder, 'latest');
    const afterMigrate = options.afterMigrate ? await options.afterMigrate(db) : undefined;
    options.onProgress?.({ phase: 'finish' });
    await client.query('commit');
    return { manifest, migrated, rows: totalRows, afterMigrate, durationMs: performance.now() - started };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await reader.close();
    await db.destroy();
    await client.end().catch(() => undefined);
  }
}

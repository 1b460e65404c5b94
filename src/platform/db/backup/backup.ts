// `durchstarten db:backup`: every table of the schema, streamed with COPY out of ONE snapshot (one connection, one
// REPEATABLE READ READ ONLY transaction), into a gzip file with the migration version and a manifest (format:
// backup-format.ts). No pg_dump: the embedded PostgreSQL package has none, and an external server's may be older
// than the server. Runs on the migration connection (owner role), never as the application role, which sees one
// tenant only.
import { createReadStream, createWriteStream } from 'node:fs';
import { access, link, mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { fsyncDirectory, temporaryNameFor } from './atomic-file.ts';
import {
  BACKUP_FORMAT,
  BACKUP_MAGIC,
  COPY_END,
  END_MARKER,
  LineSplitter,
  TABLE_MARKER,
  TableChecksum,
  type BackupManifest,
} from './backup-format.ts';
import {
  dependencyOrder,
  lastMigration,
  listSequences,
  listTables,
  quoteIdent,
  setDeterministicOutput,
  setTenant,
  tenantIds,
  type TableInfo,
} from './catalog.ts';

export type BackupProgress =
  | { phase: 'start'; tables: number }
  | { phase: 'table'; table: string; index: number; tables: number; rows: number; done: boolean };

export interface BackupOptions {
  /** Owner connection (DatabaseHandle.migrationConnection). */
  connection: pg.ClientConfig;
  file: string;
  onProgress?: (progress: BackupProgress) => void;
}

export interface BackupSummary {
  file: string;
  bytes: number;
  manifest: BackupManifest;
  durationMs: number;
}

export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

const PROGRESS_EVERY = 5_000;

async function write(stream: Writable, data: Buffer | string): Promise<void> {
  if (!stream.write(data)) await once(stream, 'drain');
}

/** Streams one COPY statement into `out`, counting and checksumming its lines. */
async function copyOut(client: pg.Client, query: string, out: Writable, checksum: TableChecksum, onRows: () => void) {
  const splitter = new LineSplitter();
  const stream = client.query(copyTo(`copy (${query}) to stdout`));
  let reported = checksum.rows;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (const line of splitter.push(chunk)) checksum.add(line);
    await write(out, chunk);
    if (checksum.rows - reported >= PROGRESS_EVERY) {
      reported = checksum.rows;
      onRows();
    }
  }
  if (splitter.pending > 0) throw new BackupError(`COPY of "${query}" ended in the middle of a row.`);
}

/** Reads as the session's login (dropping the owner role for this transaction) when that login bypasses RLS. */
async function bypassesRowSecurity(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ bypass: boolean }>(
    `select r.rolsuper or r.rolbypassrls as bypass from pg_roles r where r.rolname = session_user`,
  );
  if (!rows[0]?.bypass) return false;
  await client.query('set local role none');
  return true;
}

/** Writes the table sections (see backup-format.ts) and returns the manifest's table entries. */
async function writeTables(
  client: pg.Client,
  tables: readonly TableInfo[],
  out: Writable,
  onProgress: BackupOptions['onProgress'],
): Promise<BackupManifest['tables']> {
  // A login that bypasses row-level security (the superuser of the embedded cluster; usually DATABASE_URL's) reads
  // each table with one COPY; otherwise the owner reads tenant by tenant (one COPY per tenant and table: slower).
  const bypass = await bypassesRowSecurity(client);
  const tenants = bypass ? [] : await tenantIds(client, tables);
  const entries: BackupManifest['tables'] = [];
  for (const [index, table] of tables.entries()) {
    const checksum = new TableChecksum();
    const report = (done: boolean) =>
      onProgress?.({ phase: 'table', table: table.name, index, tables: tables.length, rows: checksum.rows, done });
    report(false);
    await write(out, `${TABLE_MARKER}${table.name}\n`);
    const select = `select ${table.columns.map(quoteIdent).join(', ')} from ${quoteIdent(table.name)}`;
    if (table.forced && table.tenant && !bypass) {
      // FORCE ROW LEVEL SECURITY holds for the owner too: read tenant by tenant, each explicitly (a policy such as
      // the audit log's maintenance read may show the owner every tenant at once, which must not double rows).
      for (const tenant of tenants) {
        await setTenant(client, tenant);
        const literal = client.escapeLiteral(tenant);
        await copyOut(client, `${select} where municipality_id = ${literal}::uuid`, out, checksum, () => report(false));
      }
    } else {
      await copyOut(client, select, out, checksum, () => report(false));
    }
    await write(out, `${COPY_END}\n`);
    entries.push({ name: table.name, columns: table.columns, rows: checksum.rows, checksum: checksum.digest() });
    report(true);
  }
  await write(out, `${END_MARKER}\n`);
  return entries;
}

export async function createBackup(options: BackupOptions): Promise<BackupSummary> {
  const started = performance.now();
  const { file } = options;
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (exists) throw new BackupError(`${file} exists already; a backup never overwrites a file.`);
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const dataTemp = temporaryNameFor(file, 'data');
  const finalTemp = temporaryNameFor(file, 'tmp');

  const client = new pg.Client({ ...options.connection, application_name: 'durchstarten-backup' });
  await client.connect();
  try {
    await setDeterministicOutput(client);
    await client.query('begin isolation level repeatable read, read only');
    // The first statement takes the snapshot; everything below reads that one point in time.
    const { rows: facts } = await client.query<{ at: Date; version: string }>(
      `select now() as at, current_setting('server_version') as version`,
    );
    const migration = await lastMigration(client);
    if (!migration) throw new BackupError('The database has no schema (no migration applied): nothing to back up.');
    const tables = dependencyOrder(await listTables(client));
    options.onProgress?.({ phase: 'start', tables: tables.length });

    // Sequences are read after the snapshot was taken, so every value a visible row holds is at most theirs.
    const sequences = await listSequences(client);
    const gzip = createGzip({ level: 6 });
    const written = pipeline(gzip, createWriteStream(dataTemp, { mode: 0o600, flush: true }));
    // Awaited below; a disk error meanwhile also fails the pending write, and must not count as unhandled.
    written.catch(() => undefined);
    let tableEntries: BackupManifest['tables'];
    try {
      tableEntries = await writeTables(client, tables, gzip, options.onProgress);
      gzip.end();
      await written;
    } catch (error) {
      gzip.destroy();
      await written.catch(() => undefined);
      throw error;
    }
    await client.query('commit');

    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: facts[0]?.at.toISOString() ?? new Date().toISOString(),
      serverVersion: facts[0]?.version ?? 'unknown',
      migration,
      tables: tableEntries,
      sequences,
    };
    const header = gzipSync(`${BACKUP_MAGIC} ${BACKUP_FORMAT}\n${JSON.stringify(manifest)}\n`);
    await pipeline(
      async function* () {
        yield header;
        yield* createReadStream(dataTemp);
      },
      createWriteStream(finalTemp, { mode: 0o600, flush: true }),
    );
    // link() instead of rename(): it fails instead of replacing a file that appeared under the name meanwhile.
    await link(finalTemp, file).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'EEXIST') {
        throw new BackupError(`${file} exists already; a backup never overwrites a file.`);
      }
      throw error;
    });
    await rm(finalTemp, { force: true });
    await fsyncDirectory(dirname(file));
    return { file, bytes: (await stat(file)).size, manifest, durationMs: performance.now() - started };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    await rm(finalTemp, { force: true });
    throw error;
  } finally {
    await rm(dataTemp, { force: true });
    await client.end().catch(() => undefined);
  }
}

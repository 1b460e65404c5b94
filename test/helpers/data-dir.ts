// For end-to-end tests that prepare their own data directory: run the real CLI against it, or open its
// database directly (as the migrations' owner would) to insert fixtures before the app starts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { freePort, spawnServer, stopServer, waitUntilReady, type ServerProcess } from './server-process.ts';
import { spawnCli } from './cli.ts';

/** `durchstarten <args>` on the embedded database of `dataDir`; returns its standard output. */
export function runCli(dataDir: string, args: string[]): string {
  const result = spawnCli({ dataDir }, args);
  if (result.status !== 0) throw new Error(`durchstarten ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Opens (and migrates) the embedded database of `dataDir`, runs `work`, and stops it again. */
export async function withDataDirDatabase<T>(dataDir: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const config = loadConfig({ DURCHSTARTEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const database = await openDatabase<Database>({
    config,
    logger: createLogger(config),
    migrationsFolder: MIGRATIONS_FOLDER,
    migrate: true,
  });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** A fresh, empty data directory for one test file. */
export async function newDataDir(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `durchstarten-e2e-${name}-`));
}

/** The app serving `dataDir` (`serve`: the web assets were built by the e2e global set-up's `start`). */
export async function serveDataDir(dataDir: string): Promise<ServerProcess> {
  const server = spawnServer({ command: 'serve', dataDir, port: await freePort(), env: { LOG_LEVEL: 'warn' } });
  await waitUntilReady(server, 90_000);
  return server;
}

/** Stops the server (if it still runs) and removes its data directory. */
export async function stopAndRemove(server: ServerProcess | undefined, dataDir: string | undefined): Promise<void> {
  if (server && server.child.exitCode === null) await stopServer(server, 20_000);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

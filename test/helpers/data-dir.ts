// For end-to-end tests that prepare their own data directory: run the real CLI against it, or open its
// database directly (as the migrations' owner would) to insert fixtures before the app starts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase } from '../../src/platform/db/database.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { PROJECT_ROOT } from './server-process.ts';

/** `durchstarten <args>` on the embedded database of `dataDir`; returns its standard output. */
export function runCli(dataDir: string, args: string[]): string {
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DURCHSTARTEN_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
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

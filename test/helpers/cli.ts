// The command line as a user runs it: `durchstarten <args>` in a child process, on a test database or data directory.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './server-process.ts';

/** A fixed application key, so that commands that encrypt or decrypt agree across runs of one test. */
const TEST_SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

/** Where the command finds its database: an external server by URL, or the embedded one of a data directory. */
export type CliTarget = { databaseUrl: string } | { dataDir: string };

export function spawnCli(target: CliTarget, args: string[], timeout = 120_000): SpawnSyncReturns<string> {
  const env =
    'databaseUrl' in target
      ? { DATABASE_URL: target.databaseUrl, DURCHSTARTEN_SECRET_KEY: TEST_SECRET_KEY }
      : { DURCHSTARTEN_DATA_DIR: target.dataDir, DATABASE_URL: '' };
  return spawnSync(process.execPath, [join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout,
  });
}

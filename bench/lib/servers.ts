// Servers of the benchmarks as child processes whose output goes to a log file (a pipe into this process would
// cost it CPU and memory under load: the app logs every request), and the connection URLs of their embedded
// PostgreSQL.
import { spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_ROLE, derivedAppPassword } from '../../src/platform/db/bootstrap.ts';
import { EMBEDDED_DATABASE } from '../../src/platform/db/database.ts';
import { PROJECT_ROOT, type ServerProcess } from '../../test/helpers/server-process.ts';

/** Spawns `node <script> <args>` with its stdout and stderr appended to `logFile`. */
export function spawnLogged(options: {
  script: string;
  args?: string[];
  env: Record<string, string>;
  port: number;
  logFile: string;
}): ServerProcess {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [options.script, ...(options.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', log, log],
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const output = () => {
    const text = readFileSync(options.logFile, 'utf8');
    return text.length > 20_000 ? `…${text.slice(-20_000)}` : text;
  };
  return { child, baseUrl: `http://127.0.0.1:${options.port}`, output, exited };
}

/** `serve` (production mode, embedded PostgreSQL on `pgPort`) on `dataDir`, logging to `logFile`. */
export function spawnApp(options: {
  dataDir: string;
  port: number;
  pgPort: number;
  logFile: string;
  env?: Record<string, string>;
}): ServerProcess {
  return spawnLogged({
    script: join(PROJECT_ROOT, 'src', 'cli', 'main.ts'),
    args: ['serve'],
    port: options.port,
    logFile: options.logFile,
    env: {
      DURCHSTARTEN_DATA_DIR: options.dataDir,
      DURCHSTARTEN_PG_PORT: String(options.pgPort),
      PORT: String(options.port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_URL: '',
      DATABASE_APP_URL: '',
      ...options.env,
    },
  });
}

/** Admin (superuser) and application-role URLs of the embedded PostgreSQL of `dataDir`, listening on `port`. */
export async function embeddedUrls(dataDir: string, port: number): Promise<{ adminUrl: string; appUrl: string }> {
  const password = (await readFile(join(dataDir, 'secrets', 'postgres-admin-password'), 'utf8')).trim();
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const app = new URL(adminUrl);
  app.username = APP_ROLE;
  app.password = derivedAppPassword(adminUrl);
  app.pathname = `/${EMBEDDED_DATABASE}`;
  return { adminUrl: adminUrl.replace(/\/postgres$/, `/${EMBEDDED_DATABASE}`), appUrl: app.toString() };
}

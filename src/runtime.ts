// Process lifecycle of the server: open the database, build the app, listen, shut down cleanly.
import type { Config } from './platform/config.ts';
import { openDatabase, type DatabaseHandle } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import type { HttpServer } from './platform/http/server.ts';
import { buildApp, configuredJobs, MIGRATIONS_FOLDER } from './app.ts';
import { createScheduler, type Scheduler } from './platform/jobs/scheduler.ts';
import { ensureDemo } from './demo/demo.ts';
import { loadBundledProgrammes } from './funding/programme.bundled.ts';
import { createSecretBox, loadSecretKey } from './platform/secrets.ts';
import type { Database } from './database.ts';

export interface RunningServer {
  app: HttpServer;
  database: DatabaseHandle<Database>;
  /** The address people open: http://localhost:PORT for loopback and wildcard hosts. */
  url: string;
  close(): Promise<void>;
}

export function publicUrl(host: string, port: number): string {
  const local = ['localhost', '127.0.0.1', '::1', '0.0.0.0', '::'].includes(host);
  const shown = local ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export async function startServer(config: Config, logger: Logger, webRoot?: string): Promise<RunningServer> {
  const startedAt = new Date();
  const database = await openDatabase<Database>({ config, logger, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
  let app: HttpServer | undefined;
  // Scheduled jobs run in every instance that has them on; each slot runs once (claimed in job_run).
  let scheduler: Scheduler | undefined;
  try {
    // Before listening: once the server answers, the demo (if any) is complete and the scheduler runs,
    // so a signal that follows the first answer finds a fully started process to stop.
    // The bundled funding programmes exist from the first start on (idempotent: existing ones are left alone).
    const programmes = await loadBundledProgrammes(database.db);
    if (programmes.created.length > 0) logger.info({ programmes: programmes.created }, 'funding programmes loaded');
    if (config.demo) {
      const created = await ensureDemo({
        db: database.db,
        secrets: async () => createSecretBox(await loadSecretKey(config)),
      });
      if (created) logger.info('demo set-up created');
    }
    app = await buildApp({ config, logger, database, startedAt, ...(webRoot ? { webRoot } : {}) });
    if (config.jobs) {
      scheduler = createScheduler({ db: database.db, logger });
      for (const job of configuredJobs(config, database)) scheduler.register(job);
      await scheduler.start();
    }
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await scheduler?.stop(1_000);
    await app?.close();
    await database.close();
    throw error;
  }
  const server = app;
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closing: Promise<void> | undefined;
  return {
    app: server,
    database,
    url: publicUrl(config.host, port),
    close() {
      // Order matters: stop accepting and drain requests, then close the pool, then stop PostgreSQL.
      closing ??= (async () => {
        // Running jobs get most of the shutdown time to finish (the rest is for the pool and PostgreSQL);
        // requests drain at the same time.
        await Promise.all([scheduler?.stop(Math.max(1_000, config.shutdownTimeoutMs - 5_000)), server.close()]);
        await database.close();
      })();
      return closing;
    },
  };
}

/**
 * SIGINT/SIGTERM: one clean shutdown, however many signals arrive (a terminal's Ctrl-C reaches both
 * the launcher and this process). If draining takes longer than the timeout, exit anyway.
 */
export function installShutdownHandlers(close: () => Promise<void>, logger: Logger, timeoutMs: number): void {
  let shuttingDown = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.info({ signal }, 'shutdown already in progress');
      return;
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
}

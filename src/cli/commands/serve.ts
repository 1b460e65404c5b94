import type { Command } from 'commander';
import { PROJECT_ROOT, WEB_ROOT } from '../../app.ts';
import { demoBanner, listDemoAccounts } from '../../demo/demo.ts';
import { installShutdownHandlers, startServer } from '../../runtime.ts';
import { cliContext } from '../context.ts';
import { buildWeb, checkWebBuild } from '../web-build.ts';

interface ServeOptions {
  port?: string;
  host?: string;
}

async function serve(options: ServeOptions, buildAssets: boolean): Promise<void> {
  const started = performance.now();
  const { config, logger } = cliContext({ PORT: options.port, HOST: options.host });
  if (buildAssets) {
    const check = await checkWebBuild(PROJECT_ROOT, WEB_ROOT);
    if (check.needed) {
      logger.info({ reason: check.reason }, 'building the web assets');
      await buildWeb(PROJECT_ROOT, WEB_ROOT, (message) => logger.info(message));
    } else if (check.reason === 'no-sources') {
      logger.warn('web sources not found; serving the API only');
    }
  }
  const running = await startServer(config, logger);
  installShutdownHandlers(() => running.close(), logger, config.shutdownTimeoutMs);
  const demoAccounts = await listDemoAccounts(running.database.db);
  const elapsed = Math.round(performance.now() - started);
  logger.info({ url: running.url, mode: running.database.mode, elapsedMs: elapsed }, 'Durchstarten is ready');
  process.stdout.write(
    `\nDurchstarten läuft / is running: ${running.url}\n` +
      `  Datenbank / database: ${running.database.mode === 'embedded' ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL'}\n` +
      `  API docs: ${running.url}/api/docs\n` +
      `  Beenden / stop: Ctrl+C\n` +
      (demoAccounts.length > 0 ? demoBanner(demoAccounts) : '') +
      '\n',
  );
}

export function registerServeCommands(program: Command): void {
  program
    .command('start')
    .description(
      'Build the web assets if missing or stale, start PostgreSQL (embedded unless DATABASE_URL is set), migrate and serve',
    )
    .option('-p, --port <port>', 'HTTP port (default: $PORT or 3000)')
    .option('--host <host>', 'interface to listen on (default: $HOST or localhost)')
    .action((options: ServeOptions) => serve(options, true));

  program
    .command('serve')
    .description('Start PostgreSQL, migrate and serve the API and the already built web assets')
    .option('-p, --port <port>', 'HTTP port (default: $PORT or 3000)')
    .option('--host <host>', 'interface to listen on (default: $HOST or localhost)')
    .action((options: ServeOptions) => serve(options, false));
}

import { join } from 'node:path';
import type { Command } from 'commander';
import { PROJECT_ROOT } from '../../app.ts';
import { demoBanner, listDemoAccounts } from '../../demo/demo.ts';
import { installShutdownHandlers, startServer } from '../../runtime.ts';
import { cliContext } from '../context.ts';

export function registerDevCommand(program: Command): void {
  program
    .command('dev')
    .description('Development: the API server plus the Vite dev server (hot reload) with the API proxied')
    .action(async () => {
      const { config, logger } = cliContext({
        NODE_ENV: process.env.NODE_ENV ?? 'development',
        LOG_FORMAT: process.env.LOG_FORMAT ?? 'pretty',
      });
      const running = await startServer(config, logger);
      // vite.config.ts proxies /api to this address (tool configs read their own environment).
      process.env.DURCHSTARTEN_API_URL = running.url;
      const { createServer } = await import('vite');
      const vite = await createServer({ configFile: join(PROJECT_ROOT, 'vite.config.ts'), mode: 'development' });
      await vite.listen();
      installShutdownHandlers(
        async () => {
          await vite.close();
          await running.close();
        },
        logger,
        config.shutdownTimeoutMs,
      );
      const demoAccounts = await listDemoAccounts(running.database.db);
      process.stdout.write(
        `\nAPI: ${running.url}\nWeb (hot reload): ${vite.resolvedUrls?.local[0] ?? 'http://localhost:5173'}\n` +
          (demoAccounts.length > 0 ? demoBanner(demoAccounts) : '') +
          '\n',
      );
    });
}

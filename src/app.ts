// Composition root: builds the HTTP server from the platform and registers every area.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './platform/config.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import { buildHttpServer, type HttpServer } from './platform/http/server.ts';
import { registerWebApp, spaFallback, webAppAvailable } from './platform/http/web.ts';
import type { Database } from './database.ts';
import { systemRoutes } from './system/system.routes.ts';
import { createSystemService } from './system/system.service.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..');
export const MIGRATIONS_FOLDER = join(import.meta.dirname, 'migrations');
export const WEB_ROOT = join(PROJECT_ROOT, 'dist', 'web');

export const packageInfo = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

export interface AppOptions {
  config: Config;
  logger: Logger;
  database: DatabaseHandle<Database>;
  startedAt?: Date;
  /** Directory of the built web app; served when it contains index.html. */
  webRoot?: string;
}

export async function buildApp(options: AppOptions): Promise<HttpServer> {
  const webRoot = options.webRoot ?? WEB_ROOT;
  const serveWeb = webAppAvailable(webRoot);
  const app = await buildHttpServer({
    logger: options.logger,
    version: packageInfo.version,
    trustProxy: options.config.trustProxy,
    spaFallback: serveWeb ? spaFallback : undefined,
  });

  const system = createSystemService({
    name: 'Durchstarten',
    version: packageInfo.version,
    environment: options.config.env,
    startedAt: options.startedAt ?? new Date(),
    database: options.database,
  });
  await app.register(systemRoutes, { service: system });

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (serveWeb) await registerWebApp(app, webRoot);
  return app;
}

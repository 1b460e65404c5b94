// A database per test file, cloned from the migrated template of the run (see test/integration/global-setup.ts).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp, MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { withDatabase } from '../../src/platform/db/bootstrap.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';

export interface TestDatabase {
  name: string;
  /** Superuser/admin connection string to this database (for assertions the app role may not make). */
  adminUrl: string;
  config: Config;
  handle: DatabaseHandle<Database>;
  close(): Promise<void>;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(options: { fromTemplate?: boolean } = {}): Promise<TestDatabase> {
  const { adminUrl, template } = inject('database');
  const name = `durchstarten_test_${randomBytes(5).toString('hex')}`;
  const source = options.fromTemplate === false ? 'template0' : template;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await adminQuery(adminUrl, `create database "${name}" template "${source}"`);
      break;
    } catch (error) {
      // Another file may be cloning the template at this very moment.
      if (attempt >= 10 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
  const url = withDatabase(adminUrl, name);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', DATABASE_POOL_MAX: '5' });
  const logger = createLogger(config);
  const handle = await openDatabase<Database>({ config, logger, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
  return {
    name,
    adminUrl: url,
    config,
    handle,
    async close() {
      await handle.close();
      await adminQuery(adminUrl, `drop database if exists "${name}" with (force)`);
    },
  };
}

export async function buildTestApp(
  database: TestDatabase,
  configure?: (app: HttpServer) => void | Promise<void>,
): Promise<HttpServer> {
  const app = await buildApp({
    config: database.config,
    logger: createLogger(database.config),
    database: database.handle,
    webRoot: '/nonexistent-web-root',
  });
  await configure?.(app);
  await app.ready();
  return app;
}

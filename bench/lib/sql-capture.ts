// The SQL the app runs for one request, captured from the app itself: the real app is built in-process on the
// benchmark's data directory, with a Kysely plugin that compiles and records every query, and one request is
// injected. The bare baseline replays exactly these statements, so that both sides run the same SQL.
import {
  PostgresQueryCompiler,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import { buildApp, MIGRATIONS_FOLDER } from '../../src/app.ts';
import type { Database } from '../../src/database.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { openDatabase, type DatabaseHandle } from '../../src/platform/db/database.ts';
import type { HttpServer } from '../../src/platform/http/server.ts';
import { createLogger } from '../../src/platform/logger.ts';

export interface CapturedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** Records every query that passes through the Kysely instance it is plugged into, compiled as PostgreSQL runs it. */
class CapturePlugin implements KyselyPlugin {
  readonly queries: CapturedQuery[] = [];
  readonly #compiler = new PostgresQueryCompiler();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const compiled = this.#compiler.compileQuery(args.node, args.queryId);
    this.queries.push({ sql: compiled.sql, parameters: compiled.parameters });
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

export interface CaptureSession {
  app: HttpServer;
  /** Injects one request and returns its response together with the SQL it ran, in order. */
  request(options: {
    method: 'GET' | 'POST' | 'PATCH';
    url: string;
    headers?: Record<string, string>;
    payload?: unknown;
  }): Promise<{ statusCode: number; headers: Record<string, unknown>; body: string; queries: CapturedQuery[] }>;
  close(): Promise<void>;
}

/**
 * Opens the embedded database of `dataDir` (nothing else may run on it meanwhile) and builds the app on it with
 * the capturing plugin. The app is the one `serve` builds; only the scheduler and the listening socket are absent.
 */
export async function openCaptureSession(dataDir: string): Promise<CaptureSession> {
  const config = loadConfig({ DURCHSTARTEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DURCHSTARTEN_DEMO: '0' });
  const logger = createLogger(config);
  const database = await openDatabase<Database>({ config, logger, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
  const plugin = new CapturePlugin();
  const captured: DatabaseHandle<Database> = { ...database, db: database.db.withPlugin(plugin) };
  try {
    const app = await buildApp({ config, logger, database: captured, webRoot: '/nonexistent-web-root' });
    await app.ready();
    return {
      app,
      async request(options) {
        const from = plugin.queries.length;
        const response = await app.inject({
          method: options.method,
          url: options.url,
          headers: options.headers ?? {},
          ...(options.payload === undefined ? {} : { payload: JSON.stringify(options.payload) }),
        });
        return {
          statusCode: response.statusCode,
          headers: response.headers,
          body: response.body,
          queries: plugin.queries.slice(from),
        };
      },
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

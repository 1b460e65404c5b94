// One PostgreSQL for the whole integration run: embedded in a temporary directory, or the external
// server named by DATABASE_URL. A template database is migrated once; every test file clones it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { MIGRATIONS_FOLDER } from '../../src/app.ts';
import { provisionDatabase } from '../../src/platform/db/bootstrap.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { migrateToLatest } from '../../src/platform/db/migrations.ts';
import { createLogger } from '../../src/platform/logger.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    database: { adminUrl: string; template: string; mode: 'embedded' | 'external' };
  }
}

let embedded: EmbeddedPostgres | undefined;
let dataDir: string | undefined;
let adminUrl: string;
let template: string;

export async function setup(project: TestProject): Promise<void> {
  const logger = createLogger({ logLevel: 'warn', logFormat: 'json' });
  const external = process.env.DATABASE_URL;
  if (external) {
    adminUrl = external;
  } else {
    dataDir = await mkdtemp(join(tmpdir(), 'durchstarten-it-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
    adminUrl = embedded.adminUrl;
  }
  template = `durchstarten_template_${process.pid}`;
  await dropDatabase(adminUrl, template);
  const provisioned = await provisionDatabase({ adminUrl, database: template, createDatabase: true });
  await migrateToLatest(provisioned.migration, MIGRATIONS_FOLDER);
  project.provide('database', { adminUrl, template, mode: external ? 'external' : 'embedded' });
}

export async function teardown(): Promise<void> {
  await dropDatabase(adminUrl, template).catch(() => undefined);
  await embedded?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

export async function dropDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop database if exists ${client.escapeIdentifier(name)} with (force)`);
  } finally {
    await client.end();
  }
}

// Starts the application exactly as `npm start` does (fresh data directory, production mode) for
// the browser journeys, or tells the specs to skip when no Chromium is installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, spawnServer, stopServer, waitUntilReady, type ServerProcess } from '../helpers/server-process.ts';
import { findChromium, HOW_TO_INSTALL_A_BROWSER } from './browser.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the started application answers, e.g. http://127.0.0.1:41234 ('' when skipped). */
    baseUrl: string;
    /** True when no browser is installed and E2E_REQUIRED is not set. */
    e2eSkip: boolean;
  }
}

const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;

let server: ServerProcess | undefined;
let dataDir: string | undefined;

function warnLoudly(): void {
  const line = '!'.repeat(78);
  process.stderr.write(
    [
      '',
      line,
      '!!  END-TO-END TESTS SKIPPED: no Chromium found.',
      '!!  Accessibility (axe) and keyboard journeys did NOT run.',
      `!!  ${HOW_TO_INSTALL_A_BROWSER}`,
      '!!  Set E2E_REQUIRED=1 to make a missing browser fail the run (use it in CI).',
      line,
      '',
    ].join('\n'),
  );
}

export async function setup(project: TestProject): Promise<void> {
  if (!findChromium()) {
    if (process.env.E2E_REQUIRED === '1') {
      throw new Error(`E2E_REQUIRED=1 but no Chromium was found. ${HOW_TO_INSTALL_A_BROWSER}`);
    }
    warnLoudly();
    project.provide('e2eSkip', true);
    project.provide('baseUrl', '');
    return;
  }

  dataDir = await mkdtemp(join(tmpdir(), 'durchstarten-e2e-'));
  // Exactly as `npm start` starts it: builds the web assets if stale, embedded PostgreSQL, migrations.
  server = spawnServer({ command: 'start', dataDir, port: await freePort(), env: { LOG_LEVEL: 'warn' } });
  try {
    await waitUntilReady(server, READY_TIMEOUT_MS);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide('e2eSkip', false);
  project.provide('baseUrl', server.baseUrl);
}

export async function teardown(): Promise<void> {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    await stopServer(server, STOP_TIMEOUT_MS);
  }
  server = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

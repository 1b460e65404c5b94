// The embedded-PostgreSQL lifecycle of the real server process: first start, one instance per data
// directory, clean SIGTERM, and recovery after SIGKILL without manual steps.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnServer, stopServer, waitUntilReady } from '../helpers/server-process.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  return existsSync(file) ? Number.parseInt(readFileSync(file, 'utf8').split('\n')[0] ?? '', 10) : undefined;
}

describe.skipIf(Boolean(process.env.DATABASE_URL))('embedded PostgreSQL lifecycle', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'durchstarten-lifecycle-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('initialises on first start, refuses a second instance, and stops cleanly on SIGTERM', async () => {
    const server = spawnServer({ dataDir, port: await freePort() });
    const firstStartMs = await waitUntilReady(server);
    expect(firstStartMs).toBeLessThan(30_000);
    expect(server.output()).toContain('initialising the embedded PostgreSQL cluster');
    // A new data directory gets the demo set-up, and the accounts are printed.
    expect(server.output()).toContain('demo set-up created');
    expect(server.output()).toContain('system-admin@demo.durchstarten.example');
    const pgPid = postmasterPid(dataDir);
    expect(pgPid && isAlive(pgPid)).toBe(true);

    const second = spawnServer({ dataDir, port: await freePort() });
    const secondExit = await second.exited;
    expect(secondExit).toBe(1);
    expect(second.output()).toContain(`The data directory ${dataDir} is in use by another Durchstarten process`);
    // The refused instance changed nothing: the first one still serves.
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);

    expect(await stopServer(server)).toBe(0);
    expect(server.output()).toContain('embedded PostgreSQL stopped');
    expect(isAlive(pgPid as number)).toBe(false);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(dataDir, 'durchstarten.lock'))).toBe(false);
  });

  it('comes up again after a SIGKILL without manual steps', async () => {
    const server = spawnServer({ dataDir, port: await freePort() });
    await waitUntilReady(server);
    server.child.kill('SIGKILL');
    await server.exited;
    // The lock file of the killed process is left behind; PostgreSQL may still be running.
    expect(existsSync(join(dataDir, 'durchstarten.lock'))).toBe(true);

    const restarted = spawnServer({ dataDir, port: await freePort() });
    const restartMs = await waitUntilReady(restarted);
    // The demo is created once: a restart lists the accounts again but creates nothing.
    expect(restarted.output()).not.toContain('demo set-up created');
    expect(restartMs).toBeLessThan(15_000);
    const status = (await (await fetch(`${restarted.baseUrl}/api/v1/system/status`)).json()) as {
      database: { reachable: boolean; migrations: { pending: number } };
    };
    expect(status.database).toMatchObject({ reachable: true, migrations: { pending: 0 } });
    expect(await stopServer(restarted)).toBe(0);
  });

  it('stops promptly and without errors even when no request touched the database', async () => {
    const server = spawnServer({ dataDir, port: await freePort() });
    for (let i = 0; i < 600; i += 1) {
      const up = await fetch(`${server.baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await sleep(50);
    }
    const started = performance.now();
    expect(await stopServer(server)).toBe(0);
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(server.output()).not.toContain('"level":50');
  });

  it('keeps serving requests in flight while shutting down, then exits 0', async () => {
    const server = spawnServer({ dataDir, port: await freePort() });
    await waitUntilReady(server);
    const inFlight = Array.from({ length: 20 }, () =>
      fetch(`${server.baseUrl}/api/v1/system/status`).then((r) => r.status),
    );
    await sleep(5);
    const exit = stopServer(server);
    const statuses = await Promise.all(inFlight.map((p) => p.catch(() => 'refused' as const)));
    // Every request either completed or was refused at the door; none failed half-way with a 5xx.
    expect(statuses.every((s) => s === 200 || s === 503 || s === 'refused')).toBe(true);
    expect(statuses).toContain(200);
    expect(await exit).toBe(0);
  });
});

// Starts the real server as a child process, exactly as `npm start` / `durchstarten serve` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has ended. */
  exited: Promise<number | string>;
}

export function spawnServer(options: {
  command?: 'start' | 'serve';
  dataDir: string;
  port: number;
  env?: Record<string, string>;
}): ServerProcess {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'src', 'cli', 'main.ts'), options.command ?? 'serve'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      DURCHSTARTEN_DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  return { child, baseUrl: `http://127.0.0.1:${options.port}`, output: () => text, exited };
}

/** Polls /readyz until it answers 200; fails with the server's output when it exits or times out. */
export async function waitUntilReady(server: ServerProcess, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  let ended = false;
  void server.exited.then(() => (ended = true));
  while (performance.now() - started < timeoutMs) {
    if (ended) throw new Error(`server exited before it was ready:\n${server.output()}`);
    try {
      const response = await fetch(`${server.baseUrl}/readyz`);
      if (response.status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(25);
  }
  server.child.kill('SIGKILL');
  throw new Error(`server not ready within ${timeoutMs} ms:\n${server.output()}`);
}

export async function stopServer(server: ServerProcess, timeoutMs = 30_000): Promise<number | string> {
  server.child.kill('SIGTERM');
  const result = await Promise.race([
    server.exited,
    sleep(timeoutMs, undefined, { ref: false }).then(() => 'timeout' as const),
  ]);
  if (result === 'timeout') {
    server.child.kill('SIGKILL');
    throw new Error(`server did not stop within ${timeoutMs} ms:\n${server.output()}`);
  }
  return result;
}

// `start` builds the web assets when they are missing or older than their sources.
import { existsSync } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const STAMP = '.build-stamp';

async function newestMtime(path: string, accept: (file: string) => boolean): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return accept(path) ? info.mtimeMs : 0;
  let newest = 0;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry), accept));
  }
  return newest;
}

export interface WebBuildCheck {
  needed: boolean;
  reason: 'missing' | 'stale' | 'current' | 'no-sources';
}

export async function checkWebBuild(root: string, outDir: string): Promise<WebBuildCheck> {
  if (!existsSync(join(root, 'src', 'web', 'index.html')) || !existsSync(join(root, 'vite.config.ts'))) {
    return { needed: false, reason: 'no-sources' };
  }
  const stamp = await stat(join(outDir, STAMP)).catch(() => undefined);
  if (!stamp || !existsSync(join(outDir, 'index.html'))) return { needed: true, reason: 'missing' };
  const isSource = (file: string) => !file.endsWith('.test.ts') && !file.endsWith('.test.tsx');
  const sources = Math.max(
    await newestMtime(join(root, 'src', 'web'), isSource),
    // The web imports the server's shared Zod schemas.
    await newestMtime(join(root, 'src'), (file) => file.endsWith('.schema.ts')),
    await newestMtime(join(root, 'vite.config.ts'), () => true),
    await newestMtime(join(root, 'package-lock.json'), () => true),
  );
  return sources > stamp.mtimeMs ? { needed: true, reason: 'stale' } : { needed: false, reason: 'current' };
}

export async function buildWeb(root: string, outDir: string, log: (message: string) => void): Promise<void> {
  const started = performance.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  await writeFile(join(outDir, STAMP), `${new Date().toISOString()}\n`);
  log(`web assets built into ${relative(root, outDir) || outDir} in ${Math.round(performance.now() - started)} ms`);
}

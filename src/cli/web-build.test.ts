import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkWebBuild } from './web-build.ts';

let root: string;
const out = () => join(root, 'dist', 'web');

async function touch(path: string, secondsAgo: number) {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(path, when, when);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'web-build-'));
  await mkdir(join(root, 'src', 'web'), { recursive: true });
  await mkdir(join(root, 'src', 'system'), { recursive: true });
  await writeFile(join(root, 'src', 'web', 'index.html'), '<html></html>');
  await writeFile(join(root, 'src', 'system', 'system.schema.ts'), 'export {};');
  await writeFile(join(root, 'vite.config.ts'), 'export default {};');
  for (const file of ['src/web/index.html', 'src/system/system.schema.ts', 'vite.config.ts'])
    await touch(join(root, file), 100);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function build(secondsAgo: number) {
  await mkdir(out(), { recursive: true });
  await writeFile(join(out(), 'index.html'), '<html></html>');
  await writeFile(join(out(), '.build-stamp'), 'x');
  await touch(join(out(), '.build-stamp'), secondsAgo);
}

describe('checkWebBuild', () => {
  it('builds when nothing was built yet', async () => {
    expect(await checkWebBuild(root, out())).toEqual({ needed: true, reason: 'missing' });
  });

  it('does not rebuild a current build', async () => {
    await build(10);
    expect(await checkWebBuild(root, out())).toEqual({ needed: false, reason: 'current' });
  });

  it('rebuilds when a web source or a shared schema changed after the build', async () => {
    await build(10);
    await writeFile(join(root, 'src', 'web', 'main.tsx'), 'export {};');
    expect((await checkWebBuild(root, out())).reason).toBe('stale');
    await touch(join(root, 'src', 'web', 'main.tsx'), 100);
    expect((await checkWebBuild(root, out())).reason).toBe('current');
    await touch(join(root, 'src', 'system', 'system.schema.ts'), 1);
    expect((await checkWebBuild(root, out())).reason).toBe('stale');
  });

  it('ignores test files', async () => {
    await build(10);
    await writeFile(join(root, 'src', 'web', 'thing.test.ts'), 'export {};');
    expect((await checkWebBuild(root, out())).reason).toBe('current');
  });

  it('serves the API only when there are no web sources', async () => {
    await rm(join(root, 'src', 'web'), { recursive: true });
    expect(await checkWebBuild(root, out())).toEqual({ needed: false, reason: 'no-sources' });
  });
});

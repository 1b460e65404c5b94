import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomically } from './atomic-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'durchstarten-atomic-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

describe('writeFileAtomically', () => {
  it('creates missing directories, writes with mode 0600 and leaves no temporary file', async () => {
    const file = join(dir, 'backups', 'nested', 'deletion-ledger.jsonl');
    await writeFileAtomically(file, 'first\n');
    await writeFileAtomically(file, 'second\n');
    expect(await readFile(file, 'utf8')).toBe('second\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'backups', 'nested'))).toEqual(['deletion-ledger.jsonl']);
  });
});

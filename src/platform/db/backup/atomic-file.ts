// Files that must be complete or absent after a crash: written to a temporary name in the same directory, flushed
// to disk, renamed over the final name, and the directory flushed too (so that the rename itself is durable).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function fsyncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A temporary name next to `file`, hidden (leading dot) and unique to this process and call. */
export function temporaryNameFor(file: string, suffix: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}.${suffix}`);
}

export async function writeFileAtomically(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const temp = temporaryNameFor(file, 'tmp');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
    await fsyncDirectory(dirname(file));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

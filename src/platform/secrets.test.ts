import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { createSecretBox, loadSecretKey, secretKeyPath, SecretBoxError } from './secrets.ts';

const key = Buffer.alloc(32, 7);
let dir: string | undefined;

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('secret box (AES-256-GCM)', () => {
  it('round-trips and uses a fresh IV each time', () => {
    const box = createSecretBox(key);
    const first = box.seal('JBSWY3DPEHPK3PXP', 'totp:1');
    const second = box.seal('JBSWY3DPEHPK3PXP', 'totp:1');
    expect(first).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain('JBSWY3DP');
    expect(box.open(first, 'totp:1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a value moved to another context, tampered with, or opened with another key', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('secret', 'totp:1');
    expect(() => box.open(sealed, 'totp:2')).toThrow(SecretBoxError);
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`;
    expect(() => box.open(tampered, 'totp:1')).toThrow(SecretBoxError);
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed, 'totp:1')).toThrow(SecretBoxError);
    expect(() => box.open('garbage', 'totp:1')).toThrow(SecretBoxError);
  });

  it('derives keyed digests per purpose', () => {
    const box = createSecretBox(key);
    expect(box.digest('ip', '192.0.2.1')).toMatch(/^[0-9a-f]{64}$/);
    expect(box.digest('ip', '192.0.2.1')).toBe(createSecretBox(key).digest('ip', '192.0.2.1'));
    expect(box.digest('ip', '192.0.2.1')).not.toBe(box.digest('account', '192.0.2.1'));
    expect(box.digest('ip', '192.0.2.1')).not.toBe(createSecretBox(Buffer.alloc(32, 8)).digest('ip', '192.0.2.1'));
  });
});

describe('application key', () => {
  it('comes from DURCHSTARTEN_SECRET_KEY when set, which must be 32 bytes', async () => {
    const config = loadConfig({ DURCHSTARTEN_SECRET_KEY: key.toString('base64') });
    expect(await loadSecretKey(config)).toEqual(key);
    expect(() => loadConfig({ DURCHSTARTEN_SECRET_KEY: Buffer.alloc(16).toString('base64') })).toThrow(ConfigError);
  });

  it('is generated once into the data directory in embedded mode, readable by the owner only', async () => {
    dir = await mkdtemp(join(tmpdir(), 'durchstarten-secrets-'));
    const config = loadConfig({ DURCHSTARTEN_DATA_DIR: dir });
    const first = await loadSecretKey(config);
    expect(first).toHaveLength(32);
    expect(await loadSecretKey(config)).toEqual(first);
    expect((await stat(secretKeyPath(dir))).mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(secretKeyPath(dir), 'utf8')).trim(), 'base64')).toEqual(first);
  });

  it('is required with an external PostgreSQL outside tests', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db.example/durchstarten', NODE_ENV: 'production' });
    await expect(loadSecretKey(config)).rejects.toThrow(/DURCHSTARTEN_SECRET_KEY/);
  });
});

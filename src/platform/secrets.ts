// Secrets at rest: the application key and authenticated encryption with it (AES-256-GCM).
//
// The key comes from DURCHSTARTEN_SECRET_KEY (base64 of 32 bytes). Without it, embedded mode generates
// one on first start into <dataDir>/secrets/app-key (mode 0600), next to the PostgreSQL password, so
// that a local installation works without configuration. With an external PostgreSQL several
// instances may share one database, so they must share one key: there it is required (in the test
// environment an ephemeral key is used instead, because test databases live no longer than the process).
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, type Config } from './config.ts';

export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FORMAT = 'v1';

export function secretKeyPath(dataDir: string): string {
  return join(dataDir, 'secrets', 'app-key');
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES) {
    throw new ConfigError([`${source}: must hold ${SECRET_KEY_BYTES} bytes, base64-encoded`]);
  }
  return key;
}

/** The application key: configured, or read/generated in the embedded data directory. */
export async function loadSecretKey(
  config: Pick<Config, 'secretKey' | 'dataDir' | 'env'> & { database: Pick<Config['database'], 'url'> },
): Promise<Buffer> {
  if (config.secretKey) return config.secretKey;
  if (!config.database.url) {
    const path = secretKeyPath(config.dataDir);
    const existing = await readFile(path, 'utf8').catch(() => undefined);
    if (existing?.trim()) return decodeKey(existing, path);
    await mkdir(join(config.dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    const key = randomBytes(SECRET_KEY_BYTES);
    // 'wx': if another process created it a moment ago, use theirs.
    try {
      await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      return key;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return decodeKey(await readFile(path, 'utf8'), path);
    }
  }
  if (config.env === 'test') return randomBytes(SECRET_KEY_BYTES);
  throw new ConfigError([
    'DURCHSTARTEN_SECRET_KEY: required with an external PostgreSQL (DATABASE_URL), so that every instance ' +
      'shares it; create one with `openssl rand -base64 32` and keep it with your backups',
  ]);
}

export class SecretBoxError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

export interface SecretBox {
  /** Encrypts text; `context` (e.g. "totp:<user id>") is authenticated, so a value cannot be moved to another row. */
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Keyed digest (HMAC-SHA-256, hex) for pseudonymous lookup keys, e.g. of IP addresses in login_attempt. */
  digest(purpose: string, value: string): string;
}

function subkey(key: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `durchstarten:${purpose}`, SECRET_KEY_BYTES));
}

/** AES-256-GCM with a random 96-bit IV per value; the output is `v1.<iv>.<ciphertext+tag>` in base64url. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== SECRET_KEY_BYTES) throw new SecretBoxError(`the key must have ${SECRET_KEY_BYTES} bytes`);
  // Separate keys per use (HKDF), so that the encryption key never doubles as a MAC key.
  const encryptionKey = subkey(key, 'aes-256-gcm');
  const macKey = subkey(key, 'hmac-sha256');
  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const encrypted = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${FORMAT}.${iv.toString('base64url')}.${encrypted.toString('base64url')}`;
    },
    open(sealed, context) {
      const [format, ivText, payloadText] = sealed.split('.');
      if (format !== FORMAT || !ivText || !payloadText) throw new SecretBoxError('unknown format of a sealed value');
      const iv = Buffer.from(ivText, 'base64url');
      const payload = Buffer.from(payloadText, 'base64url');
      if (iv.length !== IV_BYTES || payload.length < TAG_BYTES) throw new SecretBoxError('malformed sealed value');
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(payload.subarray(payload.length - TAG_BYTES));
        return Buffer.concat([
          decipher.update(payload.subarray(0, payload.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new SecretBoxError('a sealed value could not be decrypted (wrong key or tampered data)', {
          cause: error,
        });
      }
    },
    digest(purpose, value) {
      return createHmac('sha256', macKey).update(`${purpose}\u0000${value}`).digest('hex');
    },
  };
}

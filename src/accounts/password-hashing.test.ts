import { describe, expect, it } from 'vitest';
import {
  ARGON2_PARAMETERS,
  hashPassword,
  needsRehash,
  verifyAgainstNothing,
  verifyPassword,
} from './password-hashing.ts';

describe('password hashing', () => {
  it('uses argon2id with at least 19 MiB and 2 passes (OWASP / ASVS minimum)', async () => {
    expect(ARGON2_PARAMETERS.memoryCost).toBeGreaterThanOrEqual(19 * 1024);
    expect(ARGON2_PARAMETERS.timeCost).toBeGreaterThanOrEqual(2);
    const stored = await hashPassword('lantern orbit');
    expect(stored).toMatch(
      new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMETERS.memoryCost},t=${ARGON2_PARAMETERS.timeCost},p=1\\$`),
    );
    expect(needsRehash(stored)).toBe(false);
  });

  it('verifies the right password only, with a fresh salt per hash', async () => {
    const first = await hashPassword('lantern orbit');
    const second = await hashPassword('lantern orbit');
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'lantern orbit')).toBe(true);
    expect(await verifyPassword(first, 'lantern orbiT')).toBe(false);
    expect(await verifyPassword('not a hash', 'lantern orbit')).toBe(false);
  });

  it('verifies a password typed in another Unicode normal form', async () => {
    const composed = 'Grüße aus Köln'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(composed).not.toBe(decomposed);
    expect(await verifyPassword(await hashPassword(composed), decomposed)).toBe(true);
  });

  it('asks for a rehash of weaker or foreign hashes', () => {
    expect(needsRehash('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$argon2i$v=19$m=65536,t=6,p=1$c2FsdHNhbHQ$aGFzaA')).toBe(true);
    expect(needsRehash('$2b$12$abcdefghijklmnopqrstuv')).toBe(true);
  });

  it('spends the time of a real verification when there is no account, and never succeeds', async () => {
    expect(await verifyAgainstNothing('anything')).toBe(false);
  });
});

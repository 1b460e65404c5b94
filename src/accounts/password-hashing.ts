// Password storage: argon2id (RFC 9106) through @node-rs/argon2 (prebuilt native binding, runs off
// the event loop in libuv's thread pool).
//
// Parameters: m = 64 MiB, t = 6, p = 1. OWASP/ASVS ask for at least m = 19 MiB, t = 2 and a cost of
// 100–300 ms on the production machine. Measured on the 2-core development machine (Node 24.22,
// @node-rs/argon2 2.2.1), 7 hashes each, median:
//   m=19 MiB t=2: 14 ms · m=64 MiB t=3: 69 ms · m=64 MiB t=4: 89 ms · m=64 MiB t=6: 124 ms · m=64 MiB t=8: 156 ms
// with
//   node -e "const {hash}=require('@node-rs/argon2');(async()=>{for(let i=0;i<7;i++){const a=performance.now();
//     await hash('correct horse battery',{memoryCost:65536,timeCost:6,parallelism:1});
//     console.log(Math.round(performance.now()-a))}})()"
// Re-measure on the target hardware (same command) and raise t when it is faster. A stored hash with
// weaker parameters is upgraded at the next successful login (needsRehash).
import { hash, verify } from '@node-rs/argon2';
import { normalizePassword } from './password.rules.ts';

// The algorithm is the library's default, argon2id (its `Algorithm` is a const enum, which erasable
// TypeScript cannot reference); password-hashing.test.ts checks the "$argon2id$" prefix.
export const ARGON2_PARAMETERS = {
  /** KiB: 64 MiB */
  memoryCost: 65_536,
  timeCost: 6,
  parallelism: 1,
  outputLen: 32,
} as const;

export async function hashPassword(password: string): Promise<string> {
  return hash(normalizePassword(password), ARGON2_PARAMETERS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, normalizePassword(password));
  } catch {
    // A malformed stored hash never verifies.
    return false;
  }
}

const PHC = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/;

/** True when the stored hash is not argon2id or uses weaker parameters than today's. */
export function needsRehash(storedHash: string): boolean {
  const match = PHC.exec(storedHash);
  if (!match) return true;
  const [memory, time, parallelism] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return (
    memory < ARGON2_PARAMETERS.memoryCost ||
    time < ARGON2_PARAMETERS.timeCost ||
    parallelism !== ARGON2_PARAMETERS.parallelism
  );
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real verification when there is no account (or no password) to check,
 * so that response times do not reveal which e-mail addresses have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hash('not a password of anyone', ARGON2_PARAMETERS);
  await verifyPassword(await dummy, password);
  return false;
}

// Time-based one-time passwords (RFC 6238) with the `otpauth` library: SHA-1, 6 digits, 30 s, as
// every authenticator app supports. A code is accepted in the current time step or one step either
// side (clock drift), and only when its step is later than the last step accepted for the user, so
// that each code works once (RFC 6238 section 5.2).
import { Secret, TOTP } from 'otpauth';

export const TOTP_ISSUER = 'Durchstarten';
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const TOTP_WINDOW = 1;
/** 160-bit seeds, as RFC 4226 recommends. */
const SECRET_BYTES = 20;

export function generateTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

function totp(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The otpauth:// URI for the QR code (Key Uri Format). */
export function totpUri(secretBase32: string, accountName: string): string {
  return totp(secretBase32, accountName).toString();
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a time, for tests and demo tooling. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''));
}

/**
 * Checks a code. Returns the time step it belongs to when it is valid and later than
 * `lastUsedStep`; null otherwise (wrong, expired, or already used).
 */
export function verifyTotp(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): number | null {
  const token = code.replace(/\s/g, '');
  if (!looksLikeTotpCode(token)) return null;
  const delta = totp(secretBase32).validate({ token, timestamp: now.getTime(), window: TOTP_WINDOW });
  if (delta === null) return null;
  const step = totpStep(now) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return null;
  return step;
}

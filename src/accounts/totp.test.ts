import { TOTP, Secret } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { generateTotpSecret, totpCodeAt, totpStep, totpUri, verifyTotp } from './totp.ts';

const at = new Date('2026-11-29T10:00:10Z');

describe('TOTP (RFC 6238)', () => {
  it('matches the RFC 6238 SHA-1 test vector', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits) → 287082 (6 digits).
    const secret = Secret.fromLatin1('12345678901234567890').base32;
    expect(totpCodeAt(secret, new Date(59_000))).toBe('287082');
    expect(verifyTotp(secret, '287082', new Date(59_000), null)).toBe(1);
  });

  it('generates 160-bit secrets and an otpauth URI with issuer and account', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = totpUri(secret, 'amina@koeln.example');
    expect(uri).toContain('otpauth://totp/Durchstarten:amina%40koeln.example?');
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('issuer=Durchstarten');
    const parsed = new TOTP({ secret: Secret.fromBase32(secret) });
    expect(parsed.generate({ timestamp: at.getTime() })).toBe(totpCodeAt(secret, at));
  });

  it('accepts the current code and those of the neighbouring 30-second steps only', () => {
    const secret = generateTotpSecret();
    const step = totpStep(at);
    expect(verifyTotp(secret, totpCodeAt(secret, at), at, null)).toBe(step);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(at.getTime() - 30_000)), at, null)).toBe(step - 1);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(at.getTime() + 30_000)), at, null)).toBe(step + 1);
    expect(verifyTotp(secret, totpCodeAt(secret, new Date(at.getTime() - 90_000)), at, null)).toBeNull();
    expect(verifyTotp(secret, 'abcdef', at, null)).toBeNull();
    expect(verifyTotp(secret, '12345', at, null)).toBeNull();
  });

  it('refuses a code whose step was used already, and any earlier step', () => {
    const secret = generateTotpSecret();
    const code = totpCodeAt(secret, at);
    const step = verifyTotp(secret, code, at, null);
    expect(step).not.toBeNull();
    expect(verifyTotp(secret, code, at, step)).toBeNull();
    const previous = totpCodeAt(secret, new Date(at.getTime() - 30_000));
    expect(verifyTotp(secret, previous, at, step)).toBeNull();
    const next = new Date(at.getTime() + 30_000);
    expect(verifyTotp(secret, totpCodeAt(secret, next), next, step)).toBe((step ?? 0) + 1);
  });

  it('ignores spaces in a typed code', () => {
    const secret = generateTotpSecret();
    const code = totpCodeAt(secret, at);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at, null)).toBe(totpStep(at));
  });
});

import { describe, expect, it } from 'vitest';
import {
  generateRecoveryCodes,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  normalizeRecoveryCode,
} from './recovery-codes.ts';

describe('recovery codes', () => {
  it('generates ten distinct codes of 24 characters (120 bits) in groups of four', () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$/);
      expect(looksLikeRecoveryCode(code)).toBe(true);
    }
  });

  it('hashes a code the same however it is typed', () => {
    const [code = ''] = generateRecoveryCodes(1);
    const typed = code.toLowerCase().replaceAll('-', ' ');
    expect(normalizeRecoveryCode(typed)).toBe(code.replaceAll('-', ''));
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not take a TOTP code for a recovery code', () => {
    expect(looksLikeRecoveryCode('123456')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { commonPasswordCount, isCommonPassword } from './common-passwords.ts';
import { passwordLength, passwordProblems } from './password.rules.ts';

const account = { email: 'amina.yilmaz@koeln.example', displayName: 'Amina Yilmaz' };
const check = (password: string) => passwordProblems(password, account, isCommonPassword);

describe('password rules', () => {
  it('accepts 8 to 128 characters without any composition rule', () => {
    expect(check('lantern orbit')).toEqual([]);
    expect(check('zqxwvbnmyt')).toEqual([]);
    expect(check('ü'.repeat(128))).toEqual([]);
  });

  it('refuses fewer than 8 and more than 128 characters, counted as characters, not UTF-16 units', () => {
    expect(check('kX9#qL2')).toEqual(['too_short']);
    expect(check('x'.repeat(129))).toEqual(['too_long']);
    // Four emoji are 8 UTF-16 units but 4 characters.
    expect(passwordLength('🔑🔑🔑🔑')).toBe(4);
    expect(check('🔑🔑🔑🔑')).toContain('too_short');
    expect(check('🔑'.repeat(128))).toEqual([]);
  });

  it('refuses common passwords from the bundled list, in any letter case', () => {
    expect(commonPasswordCount()).toBeGreaterThan(15_000);
    expect(check('password1')).toEqual(['common']);
    expect(check('PASSWORD1')).toEqual(['common']);
    expect(check('qwertyuiop')).toEqual(['common']);
    expect(check('Passwort123')).toEqual(['common']);
    expect(check('durchstarten')).toEqual(['common']);
  });

  it('refuses the e-mail address, its local part and the name', () => {
    expect(check('amina.yilmaz@koeln.example')).toEqual(['matches_account']);
    expect(check('Amina.Yilmaz')).toEqual(['matches_account']);
    expect(check('amina yilmaz')).toEqual(['matches_account']);
    expect(check('aminayilmaz')).toEqual(['matches_account']);
  });

  it('treats compatibility forms as the same character (NFKC)', () => {
    // The ligature "ﬁ" is one code point; after NFKC it is "fi".
    expect(passwordLength('ﬁﬁﬁﬁ')).toBe(8);
  });
});

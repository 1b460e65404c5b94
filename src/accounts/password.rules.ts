// Password rules after NIST SP 800-63B / ASVS 5.0 V6: length 8–128, no composition rules, no
// common or breached passwords, nothing equal to the account's own e-mail address or name.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'matches_account';

/** Unicode compatibility normalisation, applied before checking and before hashing (NIST 5.1.1.2). */
export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Length in characters (code points), not UTF-16 units: an emoji counts once. */
export function passwordLength(password: string): number {
  return [...normalizePassword(password)].length;
}

function simplified(text: string): string {
  return normalizePassword(text).toLowerCase().replace(/\s+/g, '');
}

/**
 * Every problem of a new password. `isCommon` answers from the bundled list of common passwords
 * (see common-passwords.ts); it receives the lower-cased password.
 */
export function passwordProblems(
  password: string,
  account: { email?: string | null | undefined; displayName?: string | null | undefined },
  isCommon: (lowerCased: string) => boolean,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) problems.push('too_short');
  if (length > PASSWORD_MAX_LENGTH) problems.push('too_long');
  const candidate = simplified(password);
  if (isCommon(normalizePassword(password).toLowerCase()) || isCommon(candidate)) problems.push('common');
  const email = account.email ? simplified(account.email) : '';
  const own = [email, email.split('@')[0] ?? '', account.displayName ? simplified(account.displayName) : ''];
  if (own.some((value) => value.length > 0 && value === candidate)) problems.push('matches_account');
  return problems;
}

import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH, passwordProblemCodes } from '../../accounts/auth.schema.ts';
import { PasswordField } from './password-field.tsx';

export interface NewPasswordValues {
  password: string;
  confirmation: string;
}

export type NewPasswordProblem = (typeof passwordProblemCodes)[number] | 'password_mismatch' | 'password_required';

/** What the browser can check before sending; the server checks the list of common passwords. */
export function newPasswordProblems(values: NewPasswordValues): NewPasswordProblem[] {
  if (!values.password) return ['password_required'];
  const problems: NewPasswordProblem[] = [];
  if ([...values.password.normalize('NFKC')].length < PASSWORD_MIN_LENGTH) problems.push('password_too_short');
  if (values.password !== values.confirmation) problems.push('password_mismatch');
  return problems;
}

/** Password and its repetition, with the rules as description and problems as field errors. */
export function NewPasswordFields({
  values,
  onChange,
  problems,
  idPrefix,
}: {
  values: NewPasswordValues;
  onChange: (values: NewPasswordValues) => void;
  problems: readonly string[];
  idPrefix: string;
}) {
  const { t } = useTranslation();
  const known = (code: string) =>
    (passwordProblemCodes as readonly string[]).includes(code) || code === 'password_required'
      ? t(`auth.password.errors.${code as NewPasswordProblem}`)
      : null;
  const passwordErrors = problems
    .filter((code) => code !== 'password_mismatch')
    .map(known)
    .filter(Boolean);
  return (
    <Stack gap="md">
      <PasswordField
        id={`${idPrefix}-password`}
        label={t('auth.password.new')}
        description={t('auth.password.rules', { min: PASSWORD_MIN_LENGTH })}
        autoComplete="new-password"
        required
        value={values.password}
        error={passwordErrors.length > 0 ? passwordErrors.join(' ') : undefined}
        onChange={(event) => onChange({ ...values, password: event.currentTarget.value })}
      />
      <PasswordField
        id={`${idPrefix}-confirmation`}
        label={t('auth.password.confirm')}
        autoComplete="new-password"
        required
        value={values.confirmation}
        error={problems.includes('password_mismatch') ? t('auth.password.errors.password_mismatch') : undefined}
        onChange={(event) => onChange({ ...values, confirmation: event.currentTarget.value })}
      />
    </Stack>
  );
}

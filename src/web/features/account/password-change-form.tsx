import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import {
  NewPasswordFields,
  newPasswordProblems,
  type NewPasswordValues,
} from '../../components/new-password-fields.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { changePassword } from './api/account-api.ts';

/** Current password + new password twice. The server ends every other session of the account. */
export function PasswordChangeForm({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [values, setValues] = useState<NewPasswordValues>({ password: '', confirmation: '' });
  const [problems, setProblems] = useState<string[]>([]);
  const [currentWrong, setCurrentWrong] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const fail = (message: string) => {
    setFailure(message);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local = newPasswordProblems(values);
    setProblems(local);
    setCurrentWrong(!current);
    if (local.length > 0 || !current) return fail(t('auth.password.fix'));
    setBusy(true);
    try {
      await changePassword({ currentPassword: current, newPassword: values.password });
      setCurrent('');
      setValues({ password: '', confirmation: '' });
      setFailure(null);
      onChanged();
    } catch (error) {
      if (isProblem(error, 'validation_failed')) {
        setCurrentWrong(error.codesFor('currentPassword').length > 0);
        setProblems(error.codesFor('newPassword'));
        fail(t('auth.password.fix'));
      } else if (isProblem(error, 'too_many_requests')) {
        fail(t('auth.login.throttled', { seconds: error.retryAfterSeconds ?? 60 }));
      } else {
        fail(t('auth.common.failed'));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        {failure ? <FormError key={attempt}>{failure}</FormError> : null}
        <PasswordField
          id="password-current"
          label={t('account.password.current')}
          autoComplete="current-password"
          required
          value={current}
          error={currentWrong ? t('account.password.currentWrong') : undefined}
          onChange={(event) => setCurrent(event.currentTarget.value)}
        />
        <NewPasswordFields values={values} onChange={setValues} problems={problems} idPrefix="password-change" />
        <Group>
          <Button type="submit" loading={busy}>
            {t('account.password.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

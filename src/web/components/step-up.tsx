// Step-up re-authentication in the browser: a sensitive call answered with `reauthentication_required`
// opens a dialog for password (and code); after it succeeds, the call is sent once more.
import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import './step-up.css';
import { useTranslation } from 'react-i18next';
import { reauthenticateResponseSchema } from '../../accounts/auth.schema.ts';
import { isProblem, requestJson } from '../lib/api-request.ts';
import { useMe } from '../lib/me.ts';
import { FormError } from './form-error.tsx';
import { PasswordField } from './password-field.tsx';
import { OneTimeCodeField } from './one-time-code-field.tsx';

export class StepUpCancelled extends Error {
  constructor() {
    super('re-authentication cancelled');
    this.name = 'StepUpCancelled';
  }
}

function StepUpDialog({
  opened,
  onConfirmed,
  onCancel,
}: {
  opened: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe(opened);
  const withCode = me.data?.secondFactor.enabled ?? false;
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const reset = () => {
    setPassword('');
    setCode('');
    setFailure(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      await requestJson('POST', '/api/v1/auth/reauthenticate', {
        body: { password, ...(withCode && code.trim() ? { code: code.trim() } : {}) },
        schema: reauthenticateResponseSchema,
      });
      reset();
      onConfirmed();
    } catch (error) {
      setFailure(
        isProblem(error, 'too_many_requests')
          ? t('auth.login.throttled', { seconds: error.retryAfterSeconds ?? 60 })
          : isProblem(error) && (error.status === 401 || error.status === 400)
            ? t('auth.stepUp.invalid')
            : t('auth.common.failed'),
      );
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const dialogRef = useRef<HTMLDialogElement>(null);
  // A native modal dialog: the browser traps focus, makes the page inert, closes on Escape and returns
  // focus to the button that opened it.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (opened && !dialog.open) dialog.showModal();
    if (!opened && dialog.open) dialog.close();
  }, [opened]);

  const cancel = () => {
    reset();
    onCancel();
  };

  return (
    <dialog
      ref={dialogRef}
      className="step-up-dialog"
      aria-labelledby="step-up-title"
      onCancel={(event) => {
        event.preventDefault();
        cancel();
      }}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="step-up-title">
            {t('auth.stepUp.title')}
          </Title>
          <Text>{t('auth.stepUp.intro')}</Text>
          {failure ? <FormError key={attempt}>{failure}</FormError> : null}
          <PasswordField
            label={t('auth.login.password')}
            autoComplete="current-password"
            required
            autoFocus
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          {withCode ? <OneTimeCodeField acceptsRecoveryCode value={code} onChange={setCode} /> : null}
          <Group>
            <Button type="submit" loading={busy}>
              {t('auth.stepUp.submit')}
            </Button>
            <Button type="button" variant="default" onClick={cancel}>
              {t('auth.stepUp.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </dialog>
  );
}

/** `run(action)`: runs it; on `reauthentication_required` asks for the password (and code) and runs it again. */
export function useStepUp() {
  const [pending, setPending] = useState<{ resolve: () => void; reject: (error: Error) => void } | null>(null);

  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!isProblem(error, 'reauthentication_required')) throw error;
      await new Promise<void>((resolve, reject) => setPending({ resolve, reject }));
      return action();
    }
  }, []);

  const dialog = (
    <StepUpDialog
      opened={pending !== null}
      onConfirmed={() => {
        pending?.resolve();
        setPending(null);
      }}
      onCancel={() => {
        pending?.reject(new StepUpCancelled());
        setPending(null);
      }}
    />
  );
  return { run, dialog };
}

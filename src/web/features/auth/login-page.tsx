import { Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PasswordField } from '../../components/password-field.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { safeRedirect, useApplyAuthState, useAuthSession } from '../../lib/auth-session.ts';
import { login, logout, submitSecondFactor } from './api/auth-api.ts';
import { pathForStage } from './stage-paths.ts';
import { OneTimeCodeField } from '../../components/one-time-code-field.tsx';

function failureMessage(error: unknown, t: TFunction, wrong: string): string {
  if (isProblem(error, 'too_many_requests')) {
    return t('auth.login.throttled', { seconds: error.retryAfterSeconds ?? 60 });
  }
  if (isProblem(error) && error.status === 401) return wrong;
  if (isProblem(error, 'forbidden')) return t('auth.common.refused');
  return t('auth.common.failed');
}

function PasswordStep({ onSecondFactor }: { onSecondFactor: () => void }) {
  const { t } = useTranslation();
  const apply = useApplyAuthState();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setFailure(t('auth.login.missing'));
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const state = await login({ email: email.trim(), password });
      apply(state);
      setPassword('');
      if (state.stage === 'second_factor') onSecondFactor();
    } catch (error) {
      setFailure(failureMessage(error, t, t('auth.login.invalid')));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-describedby={failure ? 'login-error' : undefined}>
      <Stack gap="md">
        {failure ? (
          <div id="login-error">
            <FormError key={attempt}>{failure}</FormError>
          </div>
        ) : null}
        <TextInput
          label={t('auth.login.email')}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordField
          label={t('auth.login.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Group>
          <Button type="submit" loading={busy}>
            {t('auth.login.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** After success the applied state moves the page on (see LoginPage). */
function CodeStep({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation();
  const apply = useApplyAuthState();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => inputRef.current?.focus(), []);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (code.trim().length < 6) {
      setFailure(t('auth.secondFactor.missing'));
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      apply(await submitSecondFactor(code.trim()));
    } catch (error) {
      setCode('');
      if (isProblem(error, 'unauthenticated') && error.codesFor('code').length === 0) {
        // The half-finished sign-in has ended (timeout): start again.
        onCancel();
        return;
      }
      setFailure(failureMessage(error, t, t('auth.secondFactor.invalid')));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <Text>{t('auth.secondFactor.intro')}</Text>
        {failure ? <FormError key={attempt}>{failure}</FormError> : null}
        <OneTimeCodeField inputRef={inputRef} acceptsRecoveryCode value={code} onChange={setCode} />
        <Group>
          <Button type="submit" loading={busy}>
            {t('auth.secondFactor.submit')}
          </Button>
          <Button type="button" variant="default" onClick={onCancel}>
            {t('auth.secondFactor.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function LoginPage({ redirect }: { redirect: string | undefined }) {
  const { t } = useTranslation();
  const router = useRouter();
  const session = useAuthSession();
  const apply = useApplyAuthState();
  const target = safeRedirect(redirect);
  const [codeStep, setCodeStep] = useState(false);
  const stage = session.data?.stage ?? null;
  const showCode = codeStep || stage === 'second_factor';

  // Signed in (or a step further): continue on the page of the stage, or where the user wanted to go.
  useEffect(() => {
    if (stage && stage !== 'second_factor') router.history.replace(pathForStage(stage, target));
  }, [stage, target, router]);

  const cancel = async () => {
    await logout().catch(() => undefined);
    apply({ stage: null, user: null });
    setCodeStep(false);
  };

  return (
    <Stack gap="lg" maw={480}>
      <PageTitle>{t('auth.login.title')}</PageTitle>
      <Paper withBorder p="md">
        {showCode ? (
          <CodeStep onCancel={() => void cancel()} />
        ) : (
          <PasswordStep onSecondFactor={() => setCodeStep(true)} />
        )}
      </Paper>
      <Text size="sm">{t('auth.login.help')}</Text>
    </Stack>
  );
}

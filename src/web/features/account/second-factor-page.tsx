import { Alert, Button, Code, Group, Image, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpEnrolment } from '../../../accounts/profile.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { AUTH_SESSION_KEY, safeRedirect, useAuthSession } from '../../lib/auth-session.ts';
import { ME_KEY } from '../../lib/me.ts';
import { confirmEnrolment, startEnrolment } from './api/account-api.ts';
import { RecoveryCodesView } from './recovery-codes-view.tsx';
import { OneTimeCodeField } from '../../components/one-time-code-field.tsx';

/** The key in groups of four, as authenticator apps show it. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function ConfirmForm({ enrolment, onConfirmed }: { enrolment: TotpEnrolment; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) {
      setFailure(t('account.secondFactor.codeFormat'));
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const result = await confirmEnrolment(code.replace(/\s/g, ''));
      onConfirmed(result.codes);
    } catch (error) {
      setFailure(
        isProblem(error, 'validation_failed')
          ? t('account.secondFactor.codeWrong')
          : isProblem(error, 'conflict')
            ? t('account.secondFactor.expired')
            : t('auth.common.failed'),
      );
      setCode('');
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('account.secondFactor.scanTitle')}
        </Title>
        <List type="ordered" spacing="xs">
          <List.Item>{t('account.secondFactor.stepApp')}</List.Item>
          <List.Item>{t('account.secondFactor.stepScan')}</List.Item>
          <List.Item>{t('account.secondFactor.stepCode')}</List.Item>
        </List>
        <Image src={enrolment.qrCode} alt={t('account.secondFactor.qrAlt')} w={220} h={220} fit="contain" />
        <Text>{t('account.secondFactor.manual')}</Text>
        <Code block data-testid="totp-secret" style={{ fontSize: '1.05rem', wordBreak: 'break-all' }}>
          {grouped(enrolment.secret)}
        </Code>
      </Stack>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3">
            {t('account.secondFactor.confirmTitle')}
          </Title>
          {failure ? <FormError key={attempt}>{failure}</FormError> : null}
          <OneTimeCodeField
            label={t('account.secondFactor.code')}
            acceptsRecoveryCode={false}
            value={code}
            onChange={setCode}
          />
          <Group>
            <Button type="submit" loading={busy}>
              {t('account.secondFactor.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </SimpleGrid>
  );
}

export function SecondFactorPage({ redirect }: { redirect: string | undefined }) {
  const { t } = useTranslation();
  const router = useRouter();
  const queryClient = useQueryClient();
  const session = useAuthSession();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const required = session.data?.stage === 'enrolment';

  const start = async () => {
    setBusy(true);
    setFailure(null);
    try {
      setEnrolment(await startEnrolment());
    } catch (error) {
      setFailure(isProblem(error, 'conflict') ? t('account.secondFactor.alreadyEnabled') : t('auth.common.failed'));
    } finally {
      setBusy(false);
    }
  };

  const finish = () => {
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: AUTH_SESSION_KEY }),
      queryClient.invalidateQueries({ queryKey: ME_KEY }),
    ]).then(() => router.history.replace(safeRedirect(redirect ?? '/account')));
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('account.secondFactor.title')}</PageTitle>
      {required ? (
        <Alert color="blue.9" variant="outline" title={t('account.secondFactor.requiredTitle')}>
          {t('account.secondFactor.required')}
        </Alert>
      ) : null}
      <Paper withBorder p="md">
        {codes ? (
          <RecoveryCodesView codes={codes} onDone={finish} />
        ) : enrolment ? (
          <ConfirmForm enrolment={enrolment} onConfirmed={setCodes} />
        ) : (
          <Stack gap="md" align="flex-start">
            <Text>{t('account.secondFactor.intro')}</Text>
            {failure ? <FormError>{failure}</FormError> : null}
            <Button onClick={() => void start()} loading={busy}>
              {t('account.secondFactor.start')}
            </Button>
          </Stack>
        )}
      </Paper>
    </Stack>
  );
}
